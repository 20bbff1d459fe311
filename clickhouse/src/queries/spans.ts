// Raw spans: the row shape the ingest writes, and the batch insert. Every rollup is fed from here
// by materialized views, so one insert updates the dashboards too.
import type { Store } from "../store.ts";
import type { CostResult } from "@promptmetrics/pricing";

/** One row of `spans`, snake_case as stored. Times are UTC `YYYY-MM-DD hh:mm:ss.fffffffff` strings. */
export interface SpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  start_time: string;
  end_time: string;
  duration_ns: number;
  name: string;
  kind: string;
  service_name: string;
  scope_name: string;
  scope_version: string;
  status_code: "unset" | "ok" | "error";
  status_message: string;
  resource_attributes: Record<string, string>;
  span_attributes: Record<string, string>;
  event_times: string[];
  event_names: string[];
  event_attributes: Record<string, string>[];
  is_llm: boolean;
  provider: string;
  operation: string;
  request_model: string;
  response_model: string;
  model: string;
  priced_model: string;
  /** "caller": the cost was given with the run (POST /api/runs/create), never recomputed. */
  price_source: "" | "catalogue" | "override" | "custom" | "unknown" | "caller";
  service_tier: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  usage_estimated: boolean;
  /** Decimal string with up to 12 fractional digits; null when the model has no known price. */
  cost_usd: string | null;
  cost_input_usd: string;
  cost_cache_read_usd: string;
  cost_cache_write_usd: string;
  cost_output_usd: string;
  cost_reasoning_usd: string;
  reported_cost_usd: string | null;
  ttft_ms: number | null;
  finish_reason: string;
  user_id: string;
  session_id: string;
  prompt_name: string;
  prompt_version: string;
  tags: string[];
  input_text: string;
  output_text: string;
  ingest_key_id: string;
  ingested_at: string;
  version: number;
  /** A later revision of a span already written (content attached, cost repriced): not counted by rollups. */
  is_revision: boolean;
}

const ZERO_USD = "0.000000000000";

/**
 * The cost columns of a span row from a price: the exact components, or for an unknown model a NULL
 * cost (never $0) with price_source "unknown". The ingest, a reprice and runs logged through the API
 * all write prices this way.
 */
export function spanCostColumns(cost: CostResult): Pick<
  SpanRow,
  "cost_usd" | "priced_model" | "price_source" | "cost_input_usd" | "cost_cache_read_usd" | "cost_cache_write_usd" | "cost_output_usd" | "cost_reasoning_usd"
> {
  if (cost.status !== "priced") {
    return {
      cost_usd: null,
      priced_model: "",
      price_source: "unknown",
      cost_input_usd: ZERO_USD,
      cost_cache_read_usd: ZERO_USD,
      cost_cache_write_usd: ZERO_USD,
      cost_output_usd: ZERO_USD,
      cost_reasoning_usd: ZERO_USD,
    };
  }
  return {
    cost_usd: cost.totalUsd,
    priced_model: cost.modelId,
    price_source: cost.source,
    cost_input_usd: cost.components.inputUsd,
    cost_cache_read_usd: cost.components.cacheReadUsd,
    cost_cache_write_usd: cost.components.cacheWriteUsd,
    cost_output_usd: cost.components.outputUsd,
    cost_reasoning_usd: cost.components.reasoningUsd,
  };
}

export async function insertSpans(store: Store, { rows }: { rows: readonly SpanRow[] }): Promise<void> {
  await store.insert("spans", rows, { tag: "insertSpans" });
}

/** A span's identity: spans are unique per (project, trace, span). */
export interface SpanKey {
  projectId: string;
  traceId: string;
  spanId: string;
}

/**
 * Which of these spans are already stored. Bounded by the batch's start-time range (the sort key) and
 * the trace ids (bloom-filter index), so it reads only the granules that can hold a match.
 */
export async function findStoredSpanKeys(
  store: Store,
  { projectIds, fromStartTime, toStartTime, keys }: { projectIds: string[]; fromStartTime: string; toStartTime: string; keys: SpanKey[] },
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await store.query<{ k: string }>(
    `SELECT concat(project_id, '/', trace_id, '/', span_id) AS k FROM spans
     WHERE project_id IN {projectIds:Array(String)}
       AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time <= {to:DateTime64(9, 'UTC')}
       AND trace_id IN {traceIds:Array(String)}
       AND concat(project_id, '/', trace_id, '/', span_id) IN {keys:Array(String)}`,
    {
      projectIds,
      from: fromStartTime,
      to: toStartTime,
      traceIds: [...new Set(keys.map((key) => key.traceId))],
      keys: keys.map(spanKeyString),
    },
    { tag: "findStoredSpanKeys" },
  );
  return new Set(rows.map((row) => row.k));
}

/** The one text form of a span key; findStoredSpanKeys builds the same string in SQL. */
export function spanKeyString(key: SpanKey): string {
  return `${key.projectId}/${key.traceId}/${key.spanId}`;
}

/** spanKeyString of a stored row. */
export function spanRowKey(row: Pick<SpanRow, "project_id" | "trace_id" | "span_id">): string {
  return `${row.project_id}/${row.trace_id}/${row.span_id}`;
}

/** The current (newest) rows of these spans of one project, to write revisions of them. */
export async function getSpansByKeys(store: Store, { projectId, keys }: { projectId: string; keys: { traceId: string; spanId: string }[] }): Promise<SpanRow[]> {
  if (keys.length === 0) return [];
  return store.query<SpanRow>(
    `SELECT * FROM spans FINAL
     WHERE project_id = {projectId:String}
       AND trace_id IN {traceIds:Array(String)}
       AND concat(trace_id, '/', span_id) IN {keys:Array(String)}`,
    { projectId, traceIds: [...new Set(keys.map((key) => key.traceId))], keys: keys.map((key) => `${key.traceId}/${key.spanId}`) },
    { tag: "getSpansByKeys" },
  );
}

/** A page of LLM runs in a time range, in sort-key order, for the reprice job (keyset pagination). */
export async function getLlmSpansPage(
  store: Store,
  { from, to, model, after, limit }: { from: Date; to: Date; model?: string | undefined; after?: SpanRow | undefined; limit: number },
): Promise<SpanRow[]> {
  const afterClause = after
    ? "AND (project_id, start_time, trace_id, span_id) > ({afterProject:String}, {afterStart:DateTime64(9, 'UTC')}, {afterTrace:String}, {afterSpan:String})"
    : "";
  return store.query<SpanRow>(
    `SELECT * FROM spans FINAL
     WHERE is_llm AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
       ${model === undefined ? "" : "AND (model = {model:String} OR request_model = {model:String} OR priced_model = {model:String})"}
       ${afterClause}
     ORDER BY project_id, start_time, trace_id, span_id
     LIMIT {limit:UInt32}`,
    {
      from,
      to,
      limit,
      ...(model === undefined ? {} : { model }),
      ...(after ? { afterProject: after.project_id, afterStart: after.start_time, afterTrace: after.trace_id, afterSpan: after.span_id } : {}),
    },
    { tag: "getLlmSpansPage" },
  );
}
