// Ratings and success flags of the runs in a scope, grouped like aggregateRunMetrics so the two merge
// by key. Feedback is not in the rollups; each feedback row carries its run's start, status and
// dimensions (migration 0007), so the figures come from feedback alone. Only the member dimension
// of a run whose key has no owner still joins feedback to its runs (for the run's recorded creator).
import type { Store } from "../../store.ts";
import { buildFilterConditions } from "./filters.ts";
import { DIMENSION_COLUMNS, KEY_OWNERS_JOIN, needsKeyOwners, rawDimensionExpression } from "./dimensions.ts";
import { buildGroupKeys, readGroupKeys } from "./group-keys.ts";
import { TIME_PARAM, indent, selectList, usedParams, whereClause } from "./sql-text.ts";
import type { RunScope, Sql } from "./types.ts";

/** What the ratings of a group of runs add up to: rated runs, their sum, and verdicts against the status. */
const FEEDBACK_FIGURES = [
  "countIf(rating IS NOT NULL) AS rated_runs",
  "sum(ifNull(rating, 0)) AS rating_sum",
  "countIf(success = true AND status_code = 'error') AS success_on_error",
  "countIf(success = false AND status_code != 'error') AS failure_on_ok",
];

export interface RunFeedbackRow {
  bucket?: number;
  keys: string[];
  inKeep: boolean;
  /** Runs with a rating, and the sum of their ratings. */
  ratedRuns: number;
  ratingSum: number;
  /** Runs with status error that feedback marked successful. */
  successOnError: number;
  /** Runs without an error status that feedback marked unsuccessful. */
  failureOnOk: number;
}

export function buildRunFeedbackQuery(scope: RunScope): Sql {
  return needsKeyOwners(scope.dimensions ?? []) ? buildJoinedFeedbackQuery(scope) : buildFeedbackOnlyQuery(scope);
}

/**
 * The current feedback of the range, read as if it were the runs it rates: its columns have the
 * spans' names (start_time from run_start_time), so the same filters and group keys apply.
 */
function buildFeedbackOnlyQuery(scope: RunScope): Sql {
  const filters = buildFilterConditions(scope.filters, "raw");
  const keys = buildGroupKeys(scope, "start_time");
  // FINAL on the small feedback table: a re-rating replaces the earlier row (newest version wins), and
  // a deleted one is gone.
  const rated = [
    "SELECT run_start_time AS start_time, model, provider, status_code, prompt_name, prompt_version, user_id, tags, rating, success",
    "FROM feedback FINAL",
    whereClause([
      "project_id = {projectId:String}",
      "is_deleted = 0",
      `run_start_time >= {from:${TIME_PARAM}} AND run_start_time < {to:${TIME_PARAM}}`,
    ]),
  ].join("\n");
  const sql = [
    selectList([...keys.select, ...FEEDBACK_FIGURES]),
    "FROM",
    "(",
    indent(rated),
    ") AS spans",
    ...(filters.conditions.length > 0 ? [whereClause(filters.conditions)] : []),
    ...(keys.groupBy.length > 0 ? [`GROUP BY ${keys.groupBy.join(", ")}`, `ORDER BY ${keys.groupBy.join(", ")}`] : []),
  ].join("\n");
  return { sql, params: usedParams(sql, feedbackParams(scope, filters.params)) };
}

function feedbackParams(scope: RunScope, filterParams: Record<string, unknown>): Record<string, unknown> {
  return {
    projectId: scope.projectId,
    from: scope.from,
    to: scope.to,
    ...filterParams,
    ...(scope.bucket ? { tz: scope.bucket.timeZone } : {}),
    ...(scope.keep ? { keep: [...scope.keep] } : {}),
  };
}

/**
 * The member dimension, in two parts that split the feedback rows between them. A rating whose copy of
 * the run's ingest key (migration 0007) has a known owner is counted from feedback alone, under that
 * owner, like the other dimensions. The rest (keys without an owner, runs logged from a browser session,
 * rows written before 0007) are joined to their runs, whose recorded creator names the member: a join
 * that reads spans only where such ratings exist (it took 2.7-4.8 s at 10M runs when every rating went
 * through it).
 */
function buildJoinedFeedbackQuery(scope: RunScope): Sql {
  const dimensions = scope.dimensions ?? [];
  const filters = buildFilterConditions(scope.filters, "raw");
  const keys = buildGroupKeys(scope, "start_time");
  // Keys whose newest version names an owner; a deleted key's runs still belong to whoever owned it.
  const ownedKeys = "SELECT id AS key_id, argMax(user_id, version) AS member_id FROM api_keys GROUP BY id HAVING member_id != ''";
  const owned = [
    selectList([
      "run_start_time AS start_time",
      "model",
      "provider",
      "status_code",
      "prompt_name",
      "prompt_version",
      "user_id",
      "tags",
      "key_owners.member_id AS member_id",
      "rating",
      "success",
    ]),
    "FROM feedback FINAL",
    `INNER JOIN (${ownedKeys}) AS key_owners ON key_owners.key_id = feedback.ingest_key_id`,
    whereClause([
      "project_id = {projectId:String}",
      "is_deleted = 0",
      `run_start_time >= {from:${TIME_PARAM}} AND run_start_time < {to:${TIME_PARAM}}`,
    ]),
  ].join("\n");
  // Only narrows the feedback read (the run's own start time decides, through the join), with a day's
  // margin so a rating whose copy of the run's start time was rounded still meets its run.
  const inRange = `run_start_time >= {from:${TIME_PARAM}} - INTERVAL 1 DAY AND run_start_time < {to:${TIME_PARAM}} + INTERVAL 1 DAY`;
  const unowned = `ingest_key_id NOT IN (SELECT key_id FROM (${ownedKeys}))`;
  const runs = [
    selectList(["span_id", "trace_id", "start_time", "status_code", ...dimensions.map(rawDimensionExpression)]),
    // A run's first write, as the rollups count it: revisions change cost or content, never status or dimensions.
    "FROM spans",
    KEY_OWNERS_JOIN,
    whereClause([
      "project_id = {projectId:String}",
      "is_llm",
      "NOT is_revision",
      `start_time >= {from:${TIME_PARAM}} AND start_time < {to:${TIME_PARAM}}`,
      `span_id IN (SELECT span_id FROM feedback WHERE project_id = {projectId:String} AND ${inRange} AND ${unowned})`,
      ...filters.conditions,
    ]),
  ].join("\n");
  // FINAL on the small feedback table: a re-rating replaces the earlier row (newest version wins), and
  // a deleted one is gone.
  const rated = [
    "SELECT span_id, trace_id, rating, success",
    "FROM feedback FINAL",
    whereClause(["project_id = {projectId:String}", "is_deleted = 0", inRange, unowned]),
  ].join("\n");
  const joined = [
    selectList([
      "runs.start_time AS start_time",
      ...dimensions.map((dimension) => `runs.${DIMENSION_COLUMNS[dimension]} AS ${DIMENSION_COLUMNS[dimension]}`),
      "runs.status_code AS status_code",
      "rated.rating AS rating",
      "rated.success AS success",
    ]),
    "FROM",
    "(",
    indent(runs),
    ") AS runs",
    "INNER JOIN",
    "(",
    indent(rated),
    ") AS rated ON rated.span_id = runs.span_id AND rated.trace_id = runs.trace_id",
  ].join("\n");
  const ownedPart = [
    selectList(["start_time", ...dimensions.map((dimension) => DIMENSION_COLUMNS[dimension]), "status_code", "rating", "success"]),
    "FROM",
    "(",
    indent(owned),
    ") AS spans",
    ...(filters.conditions.length > 0 ? [whereClause(filters.conditions)] : []),
  ].join("\n");
  const sql = [
    selectList([...keys.select, ...FEEDBACK_FIGURES]),
    "FROM",
    "(",
    indent(ownedPart),
    "    UNION ALL",
    indent(joined),
    ")",
    ...(keys.groupBy.length > 0 ? [`GROUP BY ${keys.groupBy.join(", ")}`, `ORDER BY ${keys.groupBy.join(", ")}`] : []),
  ].join("\n");
  return { sql, params: usedParams(sql, feedbackParams(scope, filters.params)) };
}

export async function aggregateRunFeedback(
  store: Store,
  scope: RunScope & { signal?: AbortSignal | undefined },
): Promise<RunFeedbackRow[]> {
  const { sql, params } = buildRunFeedbackQuery(scope);
  const rows = await store.query<FeedbackFiguresRow>(sql, params, {
    tag: "aggregateRunFeedback",
    signal: scope.signal,
  });
  return rows.map((row) => toRunFeedbackRow(row, scope.dimensions?.length ?? 0));
}

/** The names of the feedback figures' columns. */
export const FEEDBACK_COLUMNS = ["rated_runs", "rating_sum", "success_on_error", "failure_on_ok"] as const;

type FeedbackFiguresRow = Record<string, unknown> & {
  rated_runs: number;
  rating_sum: number;
  success_on_error: number;
  failure_on_ok: number;
};

/** A feedback row as the store returns it, as a RunFeedbackRow. */
export function toRunFeedbackRow(row: FeedbackFiguresRow, dimensionCount: number): RunFeedbackRow {
  return {
    ...readGroupKeys(row, dimensionCount),
    ratedRuns: row.rated_runs,
    ratingSum: row.rating_sum,
    successOnError: row.success_on_error,
    failureOnOk: row.failure_on_ok,
  };
}
