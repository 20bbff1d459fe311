// The rows an analytics query aggregates, in the rollups' shape: from a rollup's whole UTC hours
// (plus raw spans for the partial hours at either end of the range), or from raw spans alone.
import { buildFilterConditions, FILTER_COLUMNS } from "./filters.ts";
import {
  DIMENSION_COLUMNS,
  KEY_OWNERS_JOIN,
  keyOwnersJoin,
  needsKeyOwners,
  rawDimensionExpression,
  ROLLUP_MEMBER_EXPRESSION,
} from "./dimensions.ts";
import { bucketStartExpression } from "./buckets.ts";
import { RAW_METRIC_EXPRESSIONS, ROLLUP_METRIC_COLUMNS, withoutPercentiles } from "./metrics.ts";
import { TIME_PARAM, indent, selectList, whereClause } from "./sql-text.ts";
import { FILTER_FIELDS, type RunScope, type Source, type Sql } from "./types.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The rollups' daily projection (migration 0030) aggregates each metric column so: a query that
 * aggregates the same expressions over whole UTC days is answered from it. Every counter is summed;
 * the digest is merged into a state, so it merges on with hourly rows and raw spans.
 */
function dailyMetricExpression(column: string): string {
  return column === "latency_ms_digest"
    ? `quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest) AS latency_ms_digest`
    : `sum(${column}) AS ${column}`;
}

/**
 * The key columns a daily read groups by: only those its dimensions and filters use (the member is read
 * through the key and the creator), so a coarser projection (0031: prompt and version without the model)
 * can answer it, and fewer rows come out.
 */
function dailyKeyColumns(scope: RunScope): string[] {
  const columns = new Set<string>();
  for (const dimension of scope.dimensions ?? []) {
    if (dimension === "member") columns.add("ingest_key_id").add("created_by");
    else columns.add(DIMENSION_COLUMNS[dimension]);
  }
  for (const field of FILTER_FIELDS) if (scope.filters[field] !== undefined) columns.add(FILTER_COLUMNS[field]);
  return [...columns];
}

/** Whether the scope's buckets (if any) can be built from whole UTC days. */
function fitsUtcDays(scope: RunScope): boolean {
  if (!scope.bucket) return true;
  return scope.bucket.onUtcDays === true && ["day", "week", "month"].includes(scope.bucket.granularity);
}

/**
 * A subquery with, per row: `ts` (only when the scope has buckets: a UTC hour, or on raw spans the
 * bucket start itself), one column per dimension (named as in DIMENSION_COLUMNS) and the metric
 * columns of the rollups. Params may include some the SQL does not use; the caller trims them.
 */
export function buildRunSource(scope: RunScope, source: Source, { percentiles = true }: { percentiles?: boolean } = {}): Sql {
  const metrics = percentiles
    ? { rollup: [...ROLLUP_METRIC_COLUMNS], raw: [...RAW_METRIC_EXPRESSIONS] }
    : { rollup: withoutPercentiles(ROLLUP_METRIC_COLUMNS), raw: withoutPercentiles(RAW_METRIC_EXPRESSIONS) };
  const filters = buildFilterConditions(scope.filters, source);
  const params = { projectId: scope.projectId, from: scope.from, to: scope.to, ...filters.params };
  if (source === "raw") {
    const ts = scope.bucket ? bucketStartExpression(scope.bucket.granularity, "start_time") : undefined;
    return { sql: rawBranch(scope, metrics.raw, ts, `start_time >= {from:${TIME_PARAM}} AND start_time < {to:${TIME_PARAM}}`), params };
  }
  const rollupFrom = new Date(Math.ceil(scope.from.getTime() / HOUR_MS) * HOUR_MS);
  const rollupTo = new Date(Math.floor(scope.to.getTime() / HOUR_MS) * HOUR_MS);
  // The whole UTC days of the range come from the daily projection, the hours around them from the
  // hourly rows: a 90-day read merges 24 times fewer rows.
  const dayFrom = new Date(Math.ceil(rollupFrom.getTime() / DAY_MS) * DAY_MS);
  const dayTo = new Date(Math.floor(rollupTo.getTime() / DAY_MS) * DAY_MS);
  const daily = fitsUtcDays(scope) && dayFrom < dayTo;
  const hourRanges: string[] = [];
  if (!daily) hourRanges.push(`bucket >= {rollupFrom:${TIME_PARAM}} AND bucket < {rollupTo:${TIME_PARAM}}`);
  else {
    if (rollupFrom < dayFrom) hourRanges.push(`bucket >= {rollupFrom:${TIME_PARAM}} AND bucket < {dayFrom:${TIME_PARAM}}`);
    if (dayTo < rollupTo) hourRanges.push(`bucket >= {dayTo:${TIME_PARAM}} AND bucket < {rollupTo:${TIME_PARAM}}`);
  }
  const branches: string[] = [];
  if (daily) branches.push(dailyBranch(scope, source, metrics.rollup, filters.conditions));
  if (hourRanges.length > 0) {
    const condition = hourRanges.length === 1 ? hourRanges[0]! : `(${hourRanges.join("\n       OR ")})`;
    branches.push(rollupBranch(scope, source, metrics.rollup, [condition, ...filters.conditions]));
  }
  const edges: string[] = [];
  if (scope.from < rollupFrom) edges.push(`start_time >= {from:${TIME_PARAM}} AND start_time < {rollupFrom:${TIME_PARAM}}`);
  if (rollupTo < scope.to) edges.push(`start_time >= {rollupTo:${TIME_PARAM}} AND start_time < {to:${TIME_PARAM}}`);
  if (edges.length > 0) {
    // The partial hours at the ends of the range come from raw spans, grouped by UTC hour like rollup rows.
    const condition = edges.length === 1 ? edges[0]! : `(${edges.join("\n       OR ")})`;
    branches.push(rawBranch(scope, metrics.raw, scope.bucket ? "toStartOfHour(start_time)" : undefined, condition));
  }
  return { sql: branches.join("\nUNION ALL\n"), params: { ...params, rollupFrom, rollupTo, dayFrom, dayTo } };
}

/**
 * The whole UTC days [dayFrom, dayTo) of a rollup, one row per day (when bucketed) and key, in the
 * rollup's own shape so the hourly branch's SELECT reads it unchanged. The inner aggregation is written
 * exactly as the projection is (no join, conditions on its columns only), or the optimizer would not
 * choose it; the member's key owners are joined outside.
 */
function dailyBranch(scope: RunScope, table: Exclude<Source, "raw">, metrics: readonly string[], filterConditions: string[]): string {
  const columns = dailyKeyColumns(scope);
  const keys = [...(scope.bucket ? ["toStartOfDay(bucket) AS day"] : []), ...columns];
  const inner = [
    selectList([...keys, ...metrics.map(dailyMetricExpression)]),
    `FROM ${table}`,
    whereClause([
      "project_id = {projectId:String}",
      `toStartOfDay(bucket) >= {dayFrom:${TIME_PARAM}} AND toStartOfDay(bucket) < {dayTo:${TIME_PARAM}}`,
      ...filterConditions,
    ]),
    ...(scope.bucket || columns.length > 0 ? [`GROUP BY ${[...(scope.bucket ? ["day"] : []), ...columns].join(", ")}`] : []),
  ].join("\n");
  return rollupSelect(scope, `(\n${indent(inner)}\n) AS ${table}`, "day", metrics, []);
}

function rollupBranch(scope: RunScope, table: Exclude<Source, "raw">, metrics: readonly string[], conditions: string[]): string {
  return rollupSelect(scope, table, "bucket", metrics, conditions);
}

function rollupSelect(scope: RunScope, from: string, tsColumn: string, metrics: readonly string[], conditions: string[]): string {
  const dimensions = (scope.dimensions ?? []).map((dimension) =>
    dimension === "member" ? ROLLUP_MEMBER_EXPRESSION : DIMENSION_COLUMNS[dimension],
  );
  return [
    selectList([...(scope.bucket ? [`${tsColumn} AS ts`] : []), ...dimensions, ...metrics]),
    `FROM ${from}`,
    // pickSource sends the member dimension only to rollup_member_hourly, which has the key's id.
    ...(needsKeyOwners(scope.dimensions ?? []) ? [keyOwnersJoin("rollup_member_hourly")] : []),
    ...(conditions.length > 0 ? [whereClause(["project_id = {projectId:String}", ...conditions])] : []),
  ].join("\n");
}

function rawBranch(scope: RunScope, metrics: readonly string[], ts: string | undefined, timeCondition: string): string {
  const dimensions = scope.dimensions ?? [];
  // Raw conditions even beside a rollup: spans need the named-prompts condition the prompt rollup has built in.
  const filters = buildFilterConditions(scope.filters, "raw");
  const groupBy = [...(ts ? ["ts"] : []), ...dimensions.map((dimension) => DIMENSION_COLUMNS[dimension])];
  return [
    selectList([...(ts ? [`${ts} AS ts`] : []), ...dimensions.map(rawDimensionExpression), ...metrics]),
    // FINAL: the newest revision of each run, as llm_runs shows it (a repriced cost, say). Raw reads
    // use spans rather than llm_runs because the member dimension needs ingest_key_id.
    "FROM spans FINAL",
    ...(needsKeyOwners(dimensions) ? [KEY_OWNERS_JOIN] : []),
    whereClause(["project_id = {projectId:String}", "is_llm", timeCondition, ...filters.conditions]),
    ...(groupBy.length > 0 ? [`GROUP BY ${groupBy.join(", ")}`] : []),
  ].join("\n");
}
