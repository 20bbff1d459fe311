// Run figures (requests, errors, tokens, cost, latency) for a scope, grouped by time bucket and
// dimensions: the source rows merged by one outer aggregation.
import type { Store } from "../../store.ts";
import { buildGroupKeys, readGroupKeys } from "./group-keys.ts";
import { mergedMetricExpressions, P50_INDEX, P95_INDEX, type MergedMetricsRow } from "./metrics.ts";
import { buildRunSource } from "./source.ts";
import { indent, selectList, usedParams } from "./sql-text.ts";
import type { Dimension, FilterField, RunFilters, RunScope, Source, Sql } from "./types.ts";

/** Merged columns a ranked query may order groups by. */
export const RANK_COLUMNS = [
  "cost_usd",
  "requests",
  "errors",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
] as const;
export type RankColumn = (typeof RANK_COLUMNS)[number];

export interface RunMetricsQuery extends RunScope {
  source: Source;
  /** Largest groups first (by `rankBy`, then requests), at most this many. Without it, rows come in bucket and key order. */
  limit?: number | undefined;
  /** @default "cost_usd" */
  rankBy?: RankColumn | undefined;
  /**
   * Estimate p50 and p95 latency (merging t-digests). Without it they are null, and the read is much
   * cheaper: for answers that show no percentile. @default true
   */
  percentiles?: boolean | undefined;
  /** Aborts the read (the request it answers was closed). */
  signal?: AbortSignal | undefined;
}

export interface RunMetricsRow {
  /** Epoch second of the bucket's first instant, when the scope has buckets. */
  bucket?: number;
  /** One value per dimension. */
  keys: string[];
  /** False for the group that folds every value outside `keep`. */
  inKeep: boolean;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  latencyMsSum: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  ttftMsSum: number;
  ttftCount: number;
  /** Runs whose quality flags were counted: all of them on raw spans, fewer from rollup rows written before migration 0017. */
  qualityRuns: number;
  /** Of those, runs with no failing heuristic (quality_flags = 0). */
  qualityOkRuns: number;
}

export function buildRunMetricsQuery(query: RunMetricsQuery): Sql {
  const percentiles = query.percentiles ?? true;
  const source = buildRunSource(query, query.source, { percentiles });
  const keys = buildGroupKeys(query, "ts");
  const order =
    query.limit === undefined
      ? keys.groupBy
      : [...new Set([`${query.rankBy ?? "cost_usd"} DESC`, "requests DESC"])].concat(keys.groupBy.filter((name) => name !== "bucket"));
  const sql = [
    selectList([...keys.select, ...mergedMetricExpressions(percentiles)]),
    "FROM",
    "(",
    indent(source.sql),
    ")",
    ...(keys.groupBy.length > 0 ? [`GROUP BY ${keys.groupBy.join(", ")}`] : []),
    ...(order.length > 0 ? [`ORDER BY ${order.join(", ")}`] : []),
    ...(query.limit === undefined ? [] : ["LIMIT {limit:UInt32}"]),
  ].join("\n");
  const params = {
    ...source.params,
    ...(query.bucket ? { tz: query.bucket.timeZone } : {}),
    ...(query.keep ? { keep: [...query.keep] } : {}),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  };
  return { sql, params: usedParams(sql, params) };
}

/** The filter that narrows each dimension to given values (the member dimension has none). */
const DIMENSION_FILTERS: Partial<Record<Dimension, FilterField>> = {
  model: "model",
  provider: "provider",
  user: "userId",
  prompt: "prompt",
  promptVersion: "promptVersion",
};

export async function aggregateRunMetrics(store: Store, query: RunMetricsQuery): Promise<RunMetricsRow[]> {
  const dimensions = query.dimensions ?? [];
  if (
    query.limit !== undefined &&
    (query.percentiles ?? true) &&
    query.keep === undefined &&
    dimensions.length > 0 &&
    dimensions.every((dimension) => DIMENSION_FILTERS[dimension] !== undefined)
  ) {
    return rankThenEstimate(store, query, dimensions);
  }
  return readRunMetrics(store, query);
}

/**
 * A ranked table with percentiles in two reads: the groups ranked on sums alone, then the latency digests
 * merged for those groups only (their values as filters). Merging the digests of every group (2,000 end
 * users over 90 days: 180,000 daily states) was most of the read, for rows the table then drops.
 */
async function rankThenEstimate(store: Store, query: RunMetricsQuery, dimensions: readonly Dimension[]): Promise<RunMetricsRow[]> {
  const ranked = await readRunMetrics(store, { ...query, percentiles: false });
  if (ranked.length === 0) return ranked;
  const filters: RunFilters = { ...query.filters };
  dimensions.forEach((dimension, i) => {
    filters[DIMENSION_FILTERS[dimension]!] = [...new Set(ranked.map((row) => row.keys[i]!))] as never;
  });
  // The filters' product may hold pairs outside the ranking (two dimensions); rows are matched by key.
  const estimated = await readRunMetrics(store, { ...query, filters, limit: undefined });
  const byKey = new Map(estimated.map((row) => [JSON.stringify(row.keys), row]));
  return ranked.map((row) => {
    const estimate = byKey.get(JSON.stringify(row.keys));
    return { ...row, p50LatencyMs: estimate?.p50LatencyMs ?? null, p95LatencyMs: estimate?.p95LatencyMs ?? null };
  });
}

async function readRunMetrics(store: Store, query: RunMetricsQuery): Promise<RunMetricsRow[]> {
  const { sql, params } = buildRunMetricsQuery(query);
  const rows = await store.query<MergedMetricsRow & Record<string, unknown>>(sql, params, {
    tag: "aggregateRunMetrics",
    signal: query.signal,
  });
  return rows.map((row) => toRunMetricsRow(row, query.dimensions?.length ?? 0));
}

/** A merged row as the store returns it, as a RunMetricsRow. */
export function toRunMetricsRow(row: MergedMetricsRow & Record<string, unknown>, dimensionCount: number): RunMetricsRow {
  return {
    ...readGroupKeys(row, dimensionCount),
    requests: row.requests,
    errors: row.errors,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    reasoningTokens: row.reasoning_tokens,
    costUsd: row.cost_usd,
    latencyMsSum: row.latency_ms_sum,
    p50LatencyMs: quantile(row, P50_INDEX),
    p95LatencyMs: quantile(row, P95_INDEX),
    ttftMsSum: row.ttft_ms_sum,
    ttftCount: row.ttft_count,
    qualityRuns: row.quality_runs,
    qualityOkRuns: row.quality_ok_runs,
  };
}

function quantile(row: MergedMetricsRow, index: number): number | null {
  const value = row.requests > 0 ? row.latency_ms_quantiles?.[index] : null;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
