// GET /trends: one metric over time, for all runs or split by a dimension into its top N groups and
// one "other" series.
import type { Store } from "@promptmetrics/clickhouse";
import type { Dimension, RankColumn, Source } from "@promptmetrics/clickhouse/analytics";
import type { FigureName } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import { nameMembers } from "./member-names.ts";
import type { Plan } from "./normalise.ts";
import { readFigures, type FigureRow } from "./read-figures.ts";
import { bucketFigures } from "./series.ts";

export interface TrendSeries {
  /** "total": all runs (no splitBy); "group": one value of the dimension; "other": every group outside the top N. */
  kind: "total" | "group" | "other";
  /** The group's value ("" for runs without one); null for total and other. */
  key: string | null;
  /** For member groups: the member's name or email. */
  label?: string | null;
  points: { bucket: string; value: number | null }[];
}

export interface TrendsResponse {
  meta: Meta;
  metric: FigureName;
  splitBy: Dimension | null;
  series: TrendSeries[];
}

/** Metrics that add up across groups rank the groups by themselves; the others rank by requests. */
const RANK_COLUMN: Partial<Record<FigureName, RankColumn>> = {
  costUsd: "cost_usd",
  requests: "requests",
  errors: "errors",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
  cacheReadTokens: "cache_read_tokens",
  cacheWriteTokens: "cache_write_tokens",
  reasoningTokens: "reasoning_tokens",
};
const FROM_FEEDBACK: readonly FigureName[] = ["successRate", "avgRating", "ratedRuns"];
const PERCENTILES: readonly FigureName[] = ["p50LatencyMs", "p95LatencyMs"];

export async function answerTrends(
  store: Store,
  plan: Plan,
  { metric, splitBy, top }: { metric: FigureName; splitBy?: Dimension | undefined; top: number },
  signal?: AbortSignal,
): Promise<TrendsResponse> {
  const withFeedback = FROM_FEEDBACK.includes(metric);
  const percentiles = PERCENTILES.includes(metric);
  const sources: Source[] = [];
  let series: TrendSeries[];
  if (!splitBy) {
    const read = await readFigures(store, plan, { bucketed: true, withFeedback, percentiles, signal });
    sources.push(read.source);
    series = [{ kind: "total", key: null, points: points(plan, read.rows, metric) }];
  } else {
    const ranking = await readFigures(store, plan, {
      dimensions: [splitBy],
      limit: top + 1,
      rankBy: RANK_COLUMN[metric] ?? "requests",
      withFeedback: false,
      percentiles: false,
      signal,
    });
    const keep = ranking.rows.slice(0, top).map((row) => row.keys[0]!);
    const hasOther = ranking.rows.length > top;
    const read = await readFigures(store, plan, {
      dimensions: [splitBy],
      bucketed: true,
      keep: hasOther ? keep : undefined,
      withFeedback,
      percentiles,
      signal,
    });
    sources.push(ranking.source, read.source);
    const names = splitBy === "member" ? await nameMembers(store, plan.projectId, keep, signal) : undefined;
    series = keep.map((key) => ({
      kind: "group" as const,
      key,
      ...(names ? { label: names(key).name ?? names(key).email } : {}),
      points: points(plan, read.rows, metric, (row) => row.inKeep && row.keys[0] === key),
    }));
    if (hasOther) series.push({ kind: "other", key: null, points: points(plan, read.rows, metric, (row) => !row.inKeep) });
  }
  return { meta: buildMeta(plan, sources), metric, splitBy: splitBy ?? null, series };
}

function points(plan: Plan, rows: readonly FigureRow[], metric: FigureName, belongs?: (row: FigureRow) => boolean): TrendSeries["points"] {
  return bucketFigures(plan, rows, belongs).map(({ bucket, figures }) => ({ bucket, value: figures[metric] }));
}
