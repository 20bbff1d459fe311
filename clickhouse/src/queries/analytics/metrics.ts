// Run figures in two steps. Every source yields rows in the rollups' shape (sums plus a latency
// t-digest state); one outer aggregation merges them, whichever source they came from.

/** The quantile levels of the rollups' latency digests; raw rows build the same state so the two merge. */
const DIGEST_LEVELS = "0.5, 0.9, 0.95, 0.99";
/** Where p50 and p95 sit in the array a merged digest returns (DIGEST_LEVELS order). */
export const P50_INDEX = 0;
export const P95_INDEX = 2;

/** Metric columns of a rollup row, selected as they are. */
export const ROLLUP_METRIC_COLUMNS = [
  "requests",
  "errors",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "latency_ms_sum",
  "latency_ms_digest",
  "ttft_ms_sum",
  "ttft_count",
  "quality_runs",
  "quality_ok_runs",
] as const;

/**
 * The same columns from a GROUP BY over spans, computed exactly as the rollup views do; counts as Int64,
 * the rollups' signed counters (migration 0021), so the two sources union without a Variant type.
 */
export const RAW_METRIC_EXPRESSIONS = [
  "toInt64(count()) AS requests",
  "toInt64(countIf(status_code = 'error')) AS errors",
  "toInt64(sum(input_tokens)) AS input_tokens",
  "toInt64(sum(output_tokens)) AS output_tokens",
  "toInt64(sum(cache_read_tokens)) AS cache_read_tokens",
  "toInt64(sum(cache_write_tokens)) AS cache_write_tokens",
  "toInt64(sum(reasoning_tokens)) AS reasoning_tokens",
  // An unpriced run (cost_usd NULL) adds nothing, as in the rollups.
  "sum(ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd",
  "sum(duration_ns / 1e6) AS latency_ms_sum",
  `quantilesTDigestState(${DIGEST_LEVELS})(toFloat64(duration_ns / 1e6)) AS latency_ms_digest`,
  "sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum",
  "toInt64(countIf(ttft_ms IS NOT NULL)) AS ttft_count",
  // Every stored run has quality flags (0 = no failing heuristic); a rollup row written before migration
  // 0017 counted none, which is why the figure divides by quality_runs rather than requests.
  "toInt64(count()) AS quality_runs",
  "toInt64(countIf(quality_flags = 0)) AS quality_ok_runs",
] as const;

/**
 * The outer aggregation. Cost is summed exactly as Decimal(38, 12) and only then converted to
 * Float64, the nearest number JSON can carry.
 */
export const MERGED_METRIC_EXPRESSIONS = [
  "sum(requests) AS requests",
  "sum(errors) AS errors",
  "sum(input_tokens) AS input_tokens",
  "sum(output_tokens) AS output_tokens",
  "sum(cache_read_tokens) AS cache_read_tokens",
  "sum(cache_write_tokens) AS cache_write_tokens",
  "sum(reasoning_tokens) AS reasoning_tokens",
  "toFloat64(sum(cost_usd)) AS cost_usd",
  "sum(latency_ms_sum) AS latency_ms_sum",
  `quantilesTDigestMerge(${DIGEST_LEVELS})(latency_ms_digest) AS latency_ms_quantiles`,
  "sum(ttft_ms_sum) AS ttft_ms_sum",
  "sum(ttft_count) AS ttft_count",
  "sum(quality_runs) AS quality_runs",
  "sum(quality_ok_runs) AS quality_ok_runs",
] as const;

/** One merged row as the store returns it. */
export interface MergedMetricsRow {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  latency_ms_sum: number;
  /** NaN (null in JSON) where there were no runs; absent from a read without percentiles. */
  latency_ms_quantiles?: (number | null)[];
  ttft_ms_sum: number;
  ttft_count: number;
  quality_runs: number;
  quality_ok_runs: number;
}

/**
 * Without the latency digests: an answer that shows no percentile neither reads the rollups' digest
 * columns (most of their bytes) nor merges them (most of the outer aggregation's time).
 */
export function withoutPercentiles<T extends string>(expressions: readonly T[]): T[] {
  return expressions.filter((expression) => !expression.includes("latency_ms_digest") && !expression.includes("latency_ms_quantiles"));
}

/** The outer aggregation's expressions, with the percentile estimate or without it (withoutPercentiles). */
export function mergedMetricExpressions(percentiles: boolean): string[] {
  return percentiles ? [...MERGED_METRIC_EXPRESSIONS] : withoutPercentiles(MERGED_METRIC_EXPRESSIONS);
}
