// GET /prompts: figures per named prompt and version, and optionally two versions of one prompt side by side.
import type { Store } from "@promptmetrics/clickhouse";
import type { Source } from "@promptmetrics/clickhouse/analytics";
import { ValidationError } from "../http/errors.ts";
import { ratio, toFigures, type Figures } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import type { Plan } from "./normalise.ts";
import { readFigures } from "./read-figures.ts";

export interface PromptVersionRow extends Figures {
  prompt: string;
  version: string;
  /** costUsd / requests (each request is one run). */
  costPerRun: number | null;
  /** (inputTokens + outputTokens) / requests. */
  tokensPerRun: number | null;
}

export interface PromptsResponse {
  meta: Meta;
  /** Largest cost first. Runs without a prompt name are left out. */
  prompts: PromptVersionRow[];
  /** With `compare`: the two versions in the order asked, zero-filled when a version has no runs. */
  comparison: { prompt: string; versions: [PromptVersionRow, PromptVersionRow] } | null;
}

export async function answerPrompts(
  store: Store,
  plan: Plan,
  { limit, compare }: { limit: number; compare?: [string, string] | undefined },
  signal?: AbortSignal,
): Promise<PromptsResponse> {
  const prompt = plan.filters.prompt;
  if (compare && (prompt?.length !== 1 || prompt[0] === "")) {
    throw new ValidationError("compare: name exactly one prompt with prompt= to compare two of its versions", "compare");
  }
  const named = { namedPromptsOnly: true };
  const read = await readFigures(store, plan, { dimensions: ["prompt", "promptVersion"], limit, filters: named, signal });
  const sources: Source[] = [read.source];
  let comparison: PromptsResponse["comparison"] = null;
  if (compare) {
    const versions = await readFigures(store, plan, {
      dimensions: ["promptVersion"],
      filters: { ...named, promptVersion: compare },
      signal,
    });
    sources.push(versions.source);
    const pick = (version: string) => toRow(prompt![0]!, version, versions.rows.find((row) => row.keys[0] === version)?.figures);
    comparison = { prompt: prompt![0]!, versions: [pick(compare[0]), pick(compare[1])] };
  }
  return {
    meta: buildMeta(plan, sources),
    prompts: read.rows.map((row) => toRow(row.keys[0]!, row.keys[1]!, row.figures)),
    comparison,
  };
}

function toRow(prompt: string, version: string, figures: Figures | undefined): PromptVersionRow {
  const all = figures ?? toFigures(undefined, undefined);
  return {
    prompt,
    version,
    ...all,
    costPerRun: ratio(all.costUsd, all.requests),
    tokensPerRun: ratio(all.inputTokens + all.outputTokens, all.requests),
  };
}
