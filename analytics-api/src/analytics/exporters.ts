// Every analytics answer as a download: GET /api/analytics/export?what=<question>&format=csv|json with
// the question's own parameters. Same access check, same numbers as the JSON route.
import { z } from "zod";
import { parseQuery } from "../http/validate.ts";
import { csvRow } from "../runs/csv.ts";
import type { Exporter } from "../runs/exporter.ts";
import { normalise } from "./normalise.ts";
import { QUESTIONS, type Question, type Row } from "./questions.ts";
import { requestedProject } from "./router.ts";

/** Columns in first-seen order over all rows, so rows of different kinds (users and members) share one header. */
export function columnsOf(rows: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

function exporterFor(question: Question): Exporter {
  const schema = question.schema.extend({ what: z.literal(question.name), format: z.enum(["csv", "json"]).default("csv") });
  return async ({ req, deps, format, download, signal }) => {
    const access = await deps.authorizeProject(req, requestedProject(req));
    const params = parseQuery(schema, req.query) as Record<string, unknown>;
    const plan = normalise(params as Parameters<typeof normalise>[0], deps.now());
    const answer = await question.answer(deps.store, plan, params as never, signal);
    const rows = question.rows(answer as never);
    const from = plan.range.from.toISOString().slice(0, 10);
    const to = plan.range.to.toISOString().slice(0, 10);
    download.start(`${question.name}-${access.projectId.replace(/[^A-Za-z0-9_.-]/g, "_")}-${from}-${to}.${format}`);
    if (format === "json") {
      await download.write(`${JSON.stringify(rows, null, 0)}\n`);
    } else {
      const columns = columnsOf(rows);
      let text = csvRow(columns);
      for (const row of rows) text += csvRow(columns.map((column) => row[column]));
      await download.write(text);
    }
    download.end();
  };
}

/** what → exporter, for every analytics question. */
export function analyticsExporters(): Record<string, Exporter> {
  return Object.fromEntries(QUESTIONS.map((question) => [question.name, exporterFor(question)]));
}
