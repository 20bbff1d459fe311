// GET /api/analytics/export?what=…&format=csv|json: downloads, streamed. This module owns the route
// and `what=runs`; other exports plug in through `exporters` (what → Exporter, see exporter.ts), so the
// route, its `what`/`format` handling and the download headers stay in one place.
import { Router, type Response } from "express";
import { StoreAbortedError } from "@promptmetrics/clickhouse";
import { listRunsPage, type RunKeyset, type RunListRow } from "@promptmetrics/clickhouse/runs";
import { parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ValidationError } from "../http/errors.ts";
import { requestSignal } from "../http/request-signal.ts";
import { csvRow } from "./csv.ts";
import type { Download, Exporter, ExportFormat } from "./exporter.ts";
import { exportRunsParams, toRunFilters } from "./params.ts";
import { exactUsd, runItem } from "./run-view.ts";
import { writeChunk } from "../http/write-chunk.ts";

export interface ExportRouterOptions {
  /** Exports besides `runs`, by their `what`. */
  exporters?: Readonly<Record<string, Exporter>>;
  /** Runs read from the store per round trip. */
  pageSize?: number;
}

export const DEFAULT_EXPORT_PAGE_SIZE = 500;

export function createExportRouter(deps: ApiRouterDeps, options: ExportRouterOptions = {}): Router {
  const exporters: Record<string, Exporter> = {
    runs: createRunsExporter(options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE),
    ...options.exporters,
  };
  const router = Router();
  router.get("/api/analytics/export", async (req, res) => {
    const what = req.query.what;
    const exporter = typeof what === "string" ? exporters[what] : undefined;
    if (!exporter) throw new ValidationError(`what must be one of ${Object.keys(exporters).join(", ")}`, "what");
    const format = req.query.format ?? "csv";
    if (format !== "csv" && format !== "json") throw new ValidationError('format must be "csv" or "json"', "format");
    const download = startableDownload(res, format);
    const signal = requestSignal(res);
    try {
      await exporter({ req, deps, format, download, signal });
    } catch (error) {
      // The client has gone: nobody reads the file or an error.
      if (error instanceof StoreAbortedError) return;
      // Before the first byte the error gets its ordinary JSON answer; after it, cutting the
      // connection is the only way to tell the client the file is incomplete.
      if (!res.headersSent) throw error;
      console.error("[api] export failed while streaming", error);
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return router;
}

/** The list's columns, the pricing inputs besides the tokens, the quality flags, and the full input and output text. */
const RUN_COLUMNS = [
  "id",
  "traceId",
  "spanId",
  "startTime",
  "endTime",
  "latencyMs",
  "ttftMs",
  "model",
  "provider",
  "operation",
  "promptName",
  "promptVersion",
  "userId",
  "sessionId",
  "tags",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "costUsd",
  "status",
  "finishReason",
  "rating",
  "success",
  "feedback",
  "inputPreview",
  "outputPreview",
  "serviceTier",
  "inferenceGeo",
  "cacheWrite1hTokens",
  "cacheWrite12hTokens",
  "qualityFlags",
  "input",
  "output",
] as const;

/**
 * A listed run with what priced it besides its tokens (tier, geography, cache writes by lifetime), its
 * quality flags and its full text; columns added later come before the text, in CSV and JSON alike.
 */
function exportedRun(row: RunListRow) {
  const { qualityFlags, ...item } = runItem(row);
  return {
    ...item,
    serviceTier: row.service_tier,
    inferenceGeo: row.inference_geo,
    cacheWrite1hTokens: row.cache_write_1h_tokens,
    cacheWrite12hTokens: row.cache_write_12h_tokens,
    qualityFlags,
    input: row.input_text ?? "",
    output: row.output_text ?? "",
  };
}

function createRunsExporter(pageSize: number): Exporter {
  return async ({ req, deps, format, download, signal }) => {
    const projectId = req.query.projectId;
    if (typeof projectId !== "string" || projectId === "")
      throw new ValidationError("projectId: give the project to export, once", "projectId");
    const access = await deps.authorizeProject(req, projectId);
    const params = parseQuery(exportRunsParams, req.query);
    const now = deps.now();
    const filters = toRunFilters(params, now);
    // A fixed end, so runs arriving during a long export do not slide into its pages.
    filters.to ??= now;
    download.start(`runs-${fileSafe(access.projectId)}-${filters.from ? stamp(filters.from) : "start"}-${stamp(filters.to)}.${format}`);

    if (format === "csv") {
      if (!(await download.write(csvRow(RUN_COLUMNS)))) return;
    } else if (!(await download.write("["))) return;
    let after: RunKeyset | undefined;
    let first = true;
    for (;;) {
      const rows = await listRunsPage(deps.store, {
        projectId: access.projectId,
        filters,
        sort: params.sort,
        order: params.order,
        after,
        limit: pageSize,
        withText: true,
        signal,
      });
      let chunk = "";
      for (const row of rows) {
        if (format === "csv") {
          const run = { ...exportedRun(row), costUsd: exactUsd(row.cost_usd) };
          chunk += csvRow(RUN_COLUMNS.map((column) => run[column]));
        } else {
          chunk += `${first ? "\n" : ",\n"}${JSON.stringify(exportedRun(row))}`;
          first = false;
        }
      }
      if (chunk !== "" && !(await download.write(chunk))) return;
      const last = rows[rows.length - 1];
      if (rows.length < pageSize || !last) break;
      after = { key: last.sort_key, traceId: last.trace_id, spanId: last.span_id };
    }
    if (format === "json" && !(await download.write(first ? "]\n" : "\n]\n"))) return;
    download.end();
  };
}

function startableDownload(res: Response, format: ExportFormat): Download {
  return {
    start(filename) {
      res.status(200);
      res.setHeader("Content-Type", format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
      res.setHeader("Cache-Control", "no-store");
    },
    write: async (chunk) => writeChunk(res, chunk),
    end() {
      res.end();
    },
  };
}

/** 2026-11-25T10:00:00.000Z as 20261125T100000Z: no characters a file system refuses. */
function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replace(/[-:]/g, "");
}

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, "_");
}
