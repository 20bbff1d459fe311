// GET /success-rate: success rate, ratings and heuristic quality over time, and by model, prompt and prompt version.
import type { Store } from "@promptmetrics/clickhouse";
import type { Source } from "@promptmetrics/clickhouse/analytics";
import type { Figures } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import type { Plan } from "./normalise.ts";
import { readFiguresBatch, totalsOf, type FigureRow } from "./read-figures.ts";
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

type FigureRead = { source: Source; rows: FigureRow[] };

export async function answerSuccessRate(
  store: Store,
  plan: Plan,
  { limit }: { limit: number },
  signal?: AbortSignal,
): Promise<SuccessRateResponse> {
  // Quality figures only: no latency percentiles to estimate. Five reads in two queries (readFiguresBatch).
  const table = { limit, rankBy: "requests" as const, percentiles: false, signal };
  const named = { ...table, filters: { namedPromptsOnly: true } };
  const [totals, series, byModel, byPrompt, byVersion] = (await readFiguresBatch(store, plan, [
    { percentiles: false, signal },
    { bucketed: true, percentiles: false, signal },
    { ...table, dimensions: ["model"] },
    { ...named, dimensions: ["prompt"] },
    { ...named, dimensions: ["prompt", "promptVersion"] },
  ])) as [FigureRead, FigureRead, FigureRead, FigureRead, FigureRead];
  return {
    meta: buildMeta(plan, [totals.source, series.source, byModel.source, byPrompt.source, byVersion.source]),
    totals: quality(totalsOf(totals.rows)),
    series: bucketFigures(plan, series.rows).map(({ bucket, figures }) => ({ bucket, ...quality(figures) })),
    byModel: byModel.rows.map((row) => ({ model: row.keys[0]!, ...quality(row.figures) })),
    byPrompt: byPrompt.rows.map((row) => ({ prompt: row.keys[0]!, ...quality(row.figures) })),
    byPromptVersion: byVersion.rows.map((row) => ({ prompt: row.keys[0]!, version: row.keys[1]!, ...quality(row.figures) })),
  };
}

function quality({ requests, errors, successRate, avgRating, ratedRuns, qualityRate, qualityRuns }: Figures): QualityFigures {
  return { requests, errors, successRate, avgRating, ratedRuns, qualityRate, qualityRuns };
}
