// A page of a project's LLM runs: filters, text search, one sort key with keyset pagination, and the
// current feedback of each run. Reads `spans FINAL` (one row per run, revisions collapsed) rather than
// llm_runs because the price source and the raw status live only there.
import { QUALITY_FLAG_NAMES, QUALITY_FLAGS, QUALITY_FLAGS_MASK, type QualityFlag } from "@promptmetrics/runs";
import type { Store } from "../../store.ts";

/** A query and its `{name:Type}` parameters. */
export interface RunsSql {
  sql: string;
  params: Record<string, unknown>;
}

export const RUN_SORTS = ["startTime", "cost", "latency", "tokens"] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Quality filters: `ok` (no quality flag), `failing` (any flag), or one flag's name. */
export const QUALITY_FILTERS = ["ok", "failing", ...QUALITY_FLAG_NAMES] as const;
export type QualityFilter = "ok" | "failing" | QualityFlag;

/** Filters on runs; each list keeps runs whose value is one of its entries (for `tag`: that carry any). */
export interface RunListFilters {
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  model?: readonly string[] | undefined;
  provider?: readonly string[] | undefined;
  userId?: readonly string[] | undefined;
  sessionId?: readonly string[] | undefined;
  prompt?: readonly string[] | undefined;
  promptVersion?: readonly string[] | undefined;
  tag?: readonly string[] | undefined;
  status?: ReadonlyArray<"ok" | "error"> | undefined;
  /** true: only runs with a rating; false: only runs without one. */
  rated?: boolean | undefined;
  /** USD decimal strings; a run without a known price matches neither bound. */
  minCost?: string | undefined;
  maxCost?: string | undefined;
  /** Case-insensitive substring of the input or output text. */
  q?: string | undefined;
  /** Runs matching any of these (quality_flags): ok, failing, or a flag's name. */
  quality?: readonly QualityFilter[] | undefined;
}

/** Where the previous page stopped: its last run's sort key (as text) and identity. */
export interface RunKeyset {
  key: string;
  traceId: string;
  spanId: string;
}

export interface RunListRequest {
  projectId: string;
  filters: RunListFilters;
  sort: RunSort;
  order: SortOrder;
  after?: RunKeyset | undefined;
  limit: number;
  /** Full input and output text (exports); otherwise only the previews. */
  withText?: boolean | undefined;
  /** Aborts the reads (the request was closed). */
  signal?: AbortSignal | undefined;
}

/** One run as listed, snake_case as read. Times are UTC `YYYY-MM-DD hh:mm:ss.fffffffff`. */
export interface RunListRow {
  trace_id: string;
  span_id: string;
  start_time: string;
  end_time: string;
  duration_ns: number;
  ttft_ms: number | null;
  model: string;
  provider: string;
  operation: string;
  prompt_name: string;
  prompt_version: string;
  user_id: string;
  session_id: string;
  tags: string[];
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  cache_write_12h_tokens: number;
  reasoning_tokens: number;
  cost_usd: string | null;
  /** The pricing inputs besides the tokens (exports show them). */
  service_tier: string;
  inference_geo: string;
  status_code: string;
  finish_reason: string;
  /** Bitmask: 1 empty_output, 2 refusal, 4 invalid_json, 8 truncated, 16 error. */
  quality_flags: number;
  rating: number | null;
  success: boolean | null;
  feedback_text: string;
  input_preview: string;
  output_preview: string;
  input_text?: string;
  output_text?: string;
  /** The sort key as text, for the next page's keyset. */
  sort_key: string;
}

export const PREVIEW_CHARS = 200;

/** Each sort's expression over `spans AS s` and the parameter type a keyset value is bound as. */
export const SORT_KEYS: Record<RunSort, { expression: string; type: string }> = {
  startTime: { expression: "s.start_time", type: "DateTime64(9, 'UTC')" },
  // Runs without a known price sort as the cheapest.
  cost: { expression: "ifNull(s.cost_usd, toDecimal64(-1, 12))", type: "Decimal(18, 12)" },
  latency: { expression: "s.duration_ns", type: "UInt64" },
  tokens: { expression: "s.input_tokens + s.output_tokens", type: "UInt64" },
};

const LIST_FILTERS: ReadonlyArray<[keyof RunListFilters & string, string]> = [
  ["model", "s.model IN {model:Array(String)}"],
  ["provider", "s.provider IN {provider:Array(String)}"],
  ["userId", "s.user_id IN {userId:Array(String)}"],
  ["sessionId", "s.session_id IN {sessionId:Array(String)}"],
  ["prompt", "s.prompt_name IN {prompt:Array(String)}"],
  ["promptVersion", "s.prompt_version IN {promptVersion:Array(String)}"],
  ["tag", "hasAny(s.tags, {tag:Array(String)})"],
  // The same rule as llm_runs.status: only an error status is an error.
  ["status", "if(s.status_code = 'error', 'error', 'ok') IN {status:Array(String)}"],
  ["minCost", "s.cost_usd >= {minCost:Decimal(18, 12)}"],
  ["maxCost", "s.cost_usd <= {maxCost:Decimal(18, 12)}"],
  ["q", "(positionCaseInsensitiveUTF8(s.input_text, {q:String}) > 0 OR positionCaseInsensitiveUTF8(s.output_text, {q:String}) > 0)"],
];

/** The quality filter's condition: no flag for `ok`, any of the named bits (all of them for `failing`) otherwise. */
function qualityCondition(filters: readonly QualityFilter[]): { condition: string; mask: number | undefined } {
  let mask = 0;
  for (const filter of filters) {
    if (filter === "failing") mask |= QUALITY_FLAGS_MASK;
    else if (filter !== "ok") mask |= QUALITY_FLAGS[filter];
  }
  const parts = [
    ...(filters.includes("ok") ? ["s.quality_flags = 0"] : []),
    ...(mask === 0 ? [] : ["bitAnd(s.quality_flags, {qualityMask:UInt8}) != 0"]),
  ];
  return { condition: parts.length === 1 ? parts[0]! : `(${parts.join(" OR ")})`, mask: mask === 0 ? undefined : mask };
}

/**
 * The page's runs in order, as keys: only the sort, filter and key columns are read, so a project's
 * prompt text is never scanned to sort it (unless `q` searches it).
 */
export function buildRunKeysQuery(request: RunListRequest): RunsSql {
  const { filters, sort, order } = request;
  const key = SORT_KEYS[sort];
  const params: Record<string, unknown> = { projectId: request.projectId, limit: request.limit };
  const conditions = ["s.project_id = {projectId:String}", "s.is_llm"];
  if (filters.from) {
    conditions.push("s.start_time >= {from:DateTime64(3, 'UTC')}");
    params.from = filters.from;
  }
  if (filters.to) {
    conditions.push("s.start_time < {to:DateTime64(3, 'UTC')}");
    params.to = filters.to;
  }
  for (const [field, condition] of LIST_FILTERS) {
    const value = filters[field];
    if (value === undefined) continue;
    conditions.push(condition);
    params[field] = Array.isArray(value) ? [...value] : value;
  }
  if (filters.quality !== undefined && filters.quality.length > 0) {
    const quality = qualityCondition(filters.quality);
    conditions.push(quality.condition);
    if (quality.mask !== undefined) params.qualityMask = quality.mask;
  }
  // Rated or not: only then does finding the page need the feedback.
  const ratedJoin =
    filters.rated === undefined
      ? []
      : [
          "LEFT JOIN",
          "(",
          "    SELECT span_id, trace_id, rating",
          "    FROM feedback FINAL",
          "    WHERE project_id = {projectId:String} AND is_deleted = 0",
          ") AS fb ON fb.span_id = s.span_id AND fb.trace_id = s.trace_id",
        ];
  if (filters.rated !== undefined) conditions.push(filters.rated ? "fb.rating IS NOT NULL" : "fb.rating IS NULL");
  if (request.after) {
    const comparison = order === "desc" ? "<" : ">";
    // The tuple makes the order total (trace and span ids are unique in a project), so ties on the
    // sort key never repeat or skip a run; the bare bound lets the primary key prune by start time.
    conditions.push(
      `(${key.expression}, s.trace_id, s.span_id) ${comparison} ({afterKey:${key.type}}, {afterTrace:String}, {afterSpan:String})`,
    );
    conditions.push(`${key.expression} ${comparison}= {afterKey:${key.type}}`);
    Object.assign(params, { afterKey: request.after.key, afterTrace: request.after.traceId, afterSpan: request.after.spanId });
  }
  const direction = order === "desc" ? "DESC" : "ASC";
  const sql = [
    `SELECT s.trace_id AS trace_id, s.span_id AS span_id, s.start_time AS start_time, toString(${key.expression}) AS sort_key`,
    "FROM spans AS s FINAL",
    ...ratedJoin,
    `WHERE ${conditions.join("\n  AND ")}`,
    `ORDER BY ${key.expression} ${direction}, s.trace_id ${direction}, s.span_id ${direction}`,
    "LIMIT {limit:UInt32}",
  ].join("\n");
  return { sql, params };
}

export interface RunKey {
  trace_id: string;
  span_id: string;
  start_time: string;
  sort_key: string;
}

/** The listed columns of the page's runs, found by trace id (bloom-filter index) within the page's start times. */
export function buildRunRowsQuery({
  projectId,
  keys,
  withText,
}: {
  projectId: string;
  keys: readonly RunKey[];
  withText?: boolean | undefined;
}): RunsSql {
  const starts = keys.map((key) => key.start_time).sort();
  const columns = [
    "s.trace_id AS trace_id, s.span_id AS span_id, s.start_time AS start_time, s.end_time AS end_time",
    "s.duration_ns AS duration_ns, s.ttft_ms AS ttft_ms, s.model AS model, s.provider AS provider, s.operation AS operation",
    "s.prompt_name AS prompt_name, s.prompt_version AS prompt_version, s.user_id AS user_id, s.session_id AS session_id, s.tags AS tags",
    "s.input_tokens AS input_tokens, s.output_tokens AS output_tokens, s.cache_read_tokens AS cache_read_tokens",
    "s.cache_write_tokens AS cache_write_tokens, s.cache_write_1h_tokens AS cache_write_1h_tokens, s.cache_write_12h_tokens AS cache_write_12h_tokens",
    "s.reasoning_tokens AS reasoning_tokens, s.cost_usd AS cost_usd, s.service_tier AS service_tier, s.inference_geo AS inference_geo",
    "s.status_code AS status_code, s.finish_reason AS finish_reason, s.quality_flags AS quality_flags",
    "fb.rating AS rating, fb.success AS success, fb.comment AS feedback_text",
    `substringUTF8(s.input_text, 1, ${PREVIEW_CHARS}) AS input_preview, substringUTF8(s.output_text, 1, ${PREVIEW_CHARS}) AS output_preview`,
    ...(withText ? ["s.input_text AS input_text, s.output_text AS output_text"] : []),
  ];
  const sql = [
    "SELECT",
    `    ${columns.join(",\n    ")}`,
    "FROM spans AS s FINAL",
    "LEFT JOIN",
    "(",
    "    SELECT span_id, trace_id, rating, success, comment",
    "    FROM feedback FINAL",
    "    WHERE project_id = {projectId:String} AND is_deleted = 0 AND span_id IN {spanIds:Array(String)}",
    ") AS fb ON fb.span_id = s.span_id AND fb.trace_id = s.trace_id",
    "WHERE s.project_id = {projectId:String}",
    "  AND s.is_llm",
    "  AND s.start_time >= {firstStart:DateTime64(9, 'UTC')} AND s.start_time <= {lastStart:DateTime64(9, 'UTC')}",
    "  AND s.trace_id IN {traceIds:Array(String)}",
    "  AND concat(s.trace_id, '/', s.span_id) IN {keys:Array(String)}",
  ].join("\n");
  const params = {
    projectId,
    firstStart: starts[0],
    lastStart: starts[starts.length - 1],
    spanIds: [...new Set(keys.map((key) => key.span_id))],
    traceIds: [...new Set(keys.map((key) => key.trace_id))],
    keys: keys.map((key) => `${key.trace_id}/${key.span_id}`),
  };
  return { sql, params };
}

/** Runs in the requested order, at most `limit`: the page's keys first, then their columns. */
export async function listRunsPage(store: Store, request: RunListRequest): Promise<RunListRow[]> {
  const tag = request.withText ? "exportRuns" : "listRuns";
  const keysQuery = buildRunKeysQuery(request);
  const keys = await store.query<RunKey>(keysQuery.sql, keysQuery.params, { tag: `${tag}Keys`, signal: request.signal });
  if (keys.length === 0) return [];
  const rowsQuery = buildRunRowsQuery({ projectId: request.projectId, keys, withText: request.withText });
  const rows = await store.query<Omit<RunListRow, "sort_key">>(rowsQuery.sql, rowsQuery.params, { tag, signal: request.signal });
  const byKey = new Map(rows.map((row) => [`${row.trace_id}/${row.span_id}`, row]));
  // A run gone between the two reads (retention) is simply not listed.
  return keys.flatMap((key) => {
    const row = byKey.get(`${key.trace_id}/${key.span_id}`);
    return row ? [{ ...row, sort_key: key.sort_key }] : [];
  });
}
