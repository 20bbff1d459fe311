// GET /success-rate: success rate, ratings and heuristic quality over time, and by model, prompt and prompt version.
import type { Store } from "@promptmetrics/clickhouse";
import type { Figures } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import type { Plan } from "./normalise.ts";
import { readFigures, readTotals } from "./read-figures.ts";
import { bucketFigures } from "./series.ts";

export type QualityFigures = Pick<
  Figures,
  "requests" | "errors" | "successRate" | "avgRating" | "ratedRuns" | "qualityRate" | "qualityRuns"
>;

export interface SuccessRateResponse {
  meta: Meta;
  totals: QualityFigures;
  /** One point per bucket, zero-filled. */
  series: ({ bucket: string } & QualityFigures)[];
  /** Most requests first, at most `limit` rows each. */
  byModel: ({ model: string } & QualityFigures)[];
  /** Named prompts only. */
  byPrompt: ({ prompt: string } & QualityFigures)[];
  byPromptVersion: ({ prompt: string; version: string } & QualityFigures)[];
}

export async function answerSuccessRate(
  store: Store,
  plan: Plan,
  { limit }: { limit: number },
  signal?: AbortSignal,
): Promise<SuccessRateResponse> {
  // Quality figures only: no latency percentiles to estimate.
  const totals = await readTotals(store, plan, { percentiles: false, signal });
  const series = await readFigures(store, plan, { bucketed: true, percentiles: false, signal });
  const table = { limit, rankBy: "requests" as const, percentiles: false, signal };
  const byModel = await readFigures(store, plan, { ...table, dimensions: ["model"] });
  const named = { ...table, filters: { namedPromptsOnly: true } };
  const byPrompt = await readFigures(store, plan, { ...named, dimensions: ["prompt"] });
  const byVersion = await readFigures(store, plan, { ...named, dimensions: ["prompt", "promptVersion"] });
  return {
    meta: buildMeta(plan, [totals.source, series.source, byModel.source, byPrompt.source, byVersion.source]),
    totals: quality(totals.figures),
    series: bucketFigures(plan, series.rows).map(({ bucket, figures }) => ({ bucket, ...quality(figures) })),
    byModel: byModel.rows.map((row) => ({ model: row.keys[0]!, ...quality(row.figures) })),
    byPrompt: byPrompt.rows.map((row) => ({ prompt: row.keys[0]!, ...quality(row.figures) })),
    byPromptVersion: byVersion.rows.map((row) => ({ prompt: row.keys[0]!, version: row.keys[1]!, ...quality(row.figures) })),
  };
}

function quality({ requests, errors, successRate, avgRating, ratedRuns, qualityRate, qualityRuns }: Figures): QualityFigures {
  return { requests, errors, successRate, avgRating, ratedRuns, qualityRate, qualityRuns };
}
