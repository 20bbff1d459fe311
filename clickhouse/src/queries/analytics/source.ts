// The rows an analytics query aggregates, in the rollups' shape: from a rollup's whole UTC hours
// (plus raw spans for the partial hours at either end of the range), or from raw spans alone.
import { buildFilterConditions } from "./filters.ts";
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
import { TIME_PARAM, selectList, whereClause } from "./sql-text.ts";
import type { RunScope, Source, Sql } from "./types.ts";

const HOUR_MS = 3_600_000;

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
  const branches = [rollupBranch(scope, source, metrics.rollup, filters.conditions)];
  const edges: string[] = [];
  if (scope.from < rollupFrom) edges.push(`start_time >= {from:${TIME_PARAM}} AND start_time < {rollupFrom:${TIME_PARAM}}`);
  if (rollupTo < scope.to) edges.push(`start_time >= {rollupTo:${TIME_PARAM}} AND start_time < {to:${TIME_PARAM}}`);
  if (edges.length > 0) {
    // The partial hours at the ends of the range come from raw spans, grouped by UTC hour like rollup rows.
    const condition = edges.length === 1 ? edges[0]! : `(${edges.join("\n       OR ")})`;
    branches.push(rawBranch(scope, metrics.raw, scope.bucket ? "toStartOfHour(start_time)" : undefined, condition));
  }
  return { sql: branches.join("\nUNION ALL\n"), params: { ...params, rollupFrom, rollupTo } };
}

function rollupBranch(scope: RunScope, table: Exclude<Source, "raw">, metrics: readonly string[], filterConditions: string[]): string {
  const dimensions = (scope.dimensions ?? []).map((dimension) =>
    dimension === "member" ? ROLLUP_MEMBER_EXPRESSION : DIMENSION_COLUMNS[dimension],
  );
  return [
    selectList([...(scope.bucket ? ["bucket AS ts"] : []), ...dimensions, ...metrics]),
    `FROM ${table}`,
    // pickSource sends the member dimension only to rollup_member_hourly, which has the key's id.
    ...(needsKeyOwners(scope.dimensions ?? []) ? [keyOwnersJoin("rollup_member_hourly")] : []),
    whereClause([
      "project_id = {projectId:String}",
      `bucket >= {rollupFrom:${TIME_PARAM}} AND bucket < {rollupTo:${TIME_PARAM}}`,
      ...filterConditions,
    ]),
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
