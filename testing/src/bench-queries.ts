// Queries only the benchmarks use: the overview answered straight from raw spans (the baseline the
// rollups are measured against), and the store's housekeeping figures (parts, merges, sizes). Bench
// code, not product: kept out of clickhouse/, whose SQL the product runs.
import { ROLLUPS, type Store } from "@promptmetrics/clickhouse";

export interface RawOverviewRow {
  period: "current" | "previous";
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  avg_latency_ms: number;
  /** [p50, p95] */
  latency_ms_quantiles: number[];
  avg_ttft_ms: number | null;
  rated_runs: number;
  rating_sum: number;
  success_on_error: number;
  failure_on_ok: number;
}

/**
 * The overview's question (totals of [from, to) and of the period of equal length before it, with
 * ratings and success flags) in one SQL over raw spans, without any rollup: what the dashboard would
 * cost without them.
 */
export async function sumOverviewFromSpans(
  store: Store,
  { projectId, from, to }: { projectId: string; from: Date; to: Date },
): Promise<RawOverviewRow[]> {
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  return store.query<RawOverviewRow>(
    `SELECT
         if(start_time >= {from:DateTime64(3, 'UTC')}, 'current', 'previous') AS period,
         count() AS requests,
         countIf(status_code = 'error') AS errors,
         sum(input_tokens) AS input_tokens,
         sum(output_tokens) AS output_tokens,
         sum(cache_read_tokens) AS cache_read_tokens,
         sum(cache_write_tokens) AS cache_write_tokens,
         sum(reasoning_tokens) AS reasoning_tokens,
         toFloat64(sum(ifNull(cost_usd, toDecimal64(0, 12)))) AS cost_usd,
         avg(duration_ns / 1e6) AS avg_latency_ms,
         quantilesTDigest(0.5, 0.95)(duration_ns / 1e6) AS latency_ms_quantiles,
         avgIf(ttft_ms, ttft_ms IS NOT NULL) AS avg_ttft_ms,
         countIf(rated.rating IS NOT NULL) AS rated_runs,
         sum(ifNull(rated.rating, 0)) AS rating_sum,
         countIf(rated.success = true AND status_code = 'error') AS success_on_error,
         countIf(rated.success = false AND status_code != 'error') AS failure_on_ok
     FROM spans
     LEFT JOIN
     (
         SELECT span_id, trace_id, rating, success
         FROM feedback FINAL
         WHERE project_id = {projectId:String} AND is_deleted = 0
     ) AS rated ON rated.span_id = spans.span_id AND rated.trace_id = spans.trace_id
     WHERE project_id = {projectId:String}
       AND is_llm
       AND NOT is_revision
       AND start_time >= {previousFrom:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
     GROUP BY period
     ORDER BY period`,
    { projectId, from, to, previousFrom },
    { tag: "sumOverviewFromSpans" },
  );
}

/**
 * Merges every rollup down to one part per partition, as background merges eventually do on a server
 * that has been running a while (a freshly bulk-loaded store still has one part per insert).
 */
export async function optimizeRollups(store: Store): Promise<void> {
  for (const { table } of ROLLUPS) await store.command(`OPTIMIZE TABLE ${table} FINAL`, undefined, { tag: "optimizeRollups" });
}

export interface TablePartsRow {
  table: string;
  parts: number;
  rows: number;
  bytes_on_disk: number;
}

/** Active parts, rows and bytes on disk of each table of the current database that has any. */
export async function listTableParts(store: Store): Promise<TablePartsRow[]> {
  return store.query<TablePartsRow>(
    `SELECT table, count() AS parts, sum(rows) AS rows, sum(bytes_on_disk) AS bytes_on_disk
     FROM system.parts
     WHERE database = currentDatabase() AND active
     GROUP BY table
     ORDER BY bytes_on_disk DESC`,
    undefined,
    { tag: "listTableParts" },
  );
}

/** Merges running now, on any table of the current database. */
export async function countRunningMerges(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number }>("SELECT count() AS n FROM system.merges WHERE database = currentDatabase()", undefined, {
    tag: "countRunningMerges",
  });
  return row?.n ?? 0;
}

/** How many synthetic runs (by their instrumentation scope) and feedback rows a project holds. */
export async function countSyntheticRows(
  store: Store,
  { projectId, scope }: { projectId: string; scope: string },
): Promise<{ runs: number; feedback: number }> {
  const [row] = await store.query<{ runs: number; feedback: number }>(
    `SELECT
         (SELECT count() FROM spans WHERE project_id = {projectId:String} AND is_llm AND scope_name = {scope:String}) AS runs,
         (SELECT count() FROM feedback WHERE project_id = {projectId:String}) AS feedback`,
    { projectId, scope },
    { tag: "countSyntheticRows" },
  );
  return { runs: row?.runs ?? 0, feedback: row?.feedback ?? 0 };
}
