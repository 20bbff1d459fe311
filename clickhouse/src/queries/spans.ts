// Raw spans: the batch insert of the rows @promptmetrics/runs builds, and the reads of stored spans.
// Every rollup is fed from here by materialized views, so one insert updates the dashboards too.
import type { SpanRow } from "@promptmetrics/runs";
import type { Store } from "../store.ts";

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

/** What pairing two reports of one call compares (runs/src/duplicate-runs.ts sameCall). */
export interface RunToPair {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  start_time: string;
  end_time: string;
  scope_name: string;
  service_name: string;
  provider: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

/**
 * Stored runs that may be another report of a call in a batch: runs of the batch's traces (bloom-filter
 * index) started in [from, to], and, for `twins`, runs of those providers started in the twins' narrower
 * window with one of the output token counts. Reads the sort key's range, not whole partitions.
 */
export async function findRunsToPair(
  store: Store,
  {
    projectIds,
    from,
    to,
    traceIds,
    twins,
  }: {
    projectIds: string[];
    from: Date;
    to: string;
    traceIds: string[];
    twins?: { providers: string[]; from: Date; to: Date; outputTokens: number[] } | undefined;
  },
): Promise<RunToPair[]> {
  const twinCondition = twins
    ? `OR (start_time >= {twinFrom:DateTime64(3, 'UTC')} AND start_time <= {twinTo:DateTime64(3, 'UTC')}
           AND provider IN {twinProviders:Array(String)} AND output_tokens IN {twinOutputs:Array(UInt64)})`
    : "";
  const rows = await store.query<RunToPair>(
    `SELECT DISTINCT project_id, trace_id, span_id, parent_span_id, start_time, end_time,
            scope_name, service_name, provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens
     FROM spans
     WHERE project_id IN {projectIds:Array(String)} AND is_llm
       AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time <= {to:DateTime64(9, 'UTC')}
       AND (trace_id IN {traceIds:Array(String)} ${twinCondition})`,
    {
      projectIds,
      from,
      to,
      traceIds,
      ...(twins ? { twinFrom: twins.from, twinTo: twins.to, twinProviders: twins.providers, twinOutputs: twins.outputTokens } : {}),
    },
    { tag: "findRunsToPair" },
  );
  return rows;
}

/** Whether the project stored a run from a provider SDK's own instrumentation in the last two hours. */
export async function hasRecentSdkRuns(
  store: Store,
  { projectId, scopePrefix }: { projectId: string; scopePrefix: string },
): Promise<boolean> {
  const rows = await store.query<{ one: number }>(
    `SELECT 1 AS one FROM spans
     WHERE project_id = {projectId:String} AND is_llm AND start_time >= now64(3) - INTERVAL 2 HOUR AND startsWith(scope_name, {scopePrefix:String})
     LIMIT 1`,
    { projectId, scopePrefix },
    { tag: "hasRecentSdkRuns" },
  );
  return rows.length > 0;
}

/** The current (newest) rows of these spans of one project, to write revisions of them. */
export async function getSpansByKeys(
  store: Store,
  { projectId, keys }: { projectId: string; keys: { traceId: string; spanId: string }[] },
): Promise<SpanRow[]> {
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

/**
 * A page of LLM runs in a time range, in sort-key order, for the reprice job (keyset pagination); of one
 * project when `projectId` is given (every project otherwise).
 */
export async function getLlmSpansPage(
  store: Store,
  {
    projectId,
    from,
    to,
    model,
    after,
    limit,
  }: { projectId?: string | undefined; from: Date; to: Date; model?: string | undefined; after?: SpanRow | undefined; limit: number },
): Promise<SpanRow[]> {
  const afterClause = after
    ? "AND (project_id, start_time, trace_id, span_id) > ({afterProject:String}, {afterStart:DateTime64(9, 'UTC')}, {afterTrace:String}, {afterSpan:String})"
    : "";
  return store.query<SpanRow>(
    `SELECT * FROM spans FINAL
     WHERE is_llm AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
       ${projectId === undefined ? "" : "AND project_id = {projectId:String}"}
       ${model === undefined ? "" : "AND (model = {model:String} OR request_model = {model:String} OR priced_model = {model:String})"}
       ${afterClause}
     ORDER BY project_id, start_time, trace_id, span_id
     LIMIT {limit:UInt32}`,
    {
      from,
      to,
      limit,
      ...(projectId === undefined ? {} : { projectId }),
      ...(model === undefined ? {} : { model }),
      ...(after
        ? { afterProject: after.project_id, afterStart: after.start_time, afterTrace: after.trace_id, afterSpan: after.span_id }
        : {}),
    },
    { tag: "getLlmSpansPage" },
  );
}

/** LLM runs of one spelling of a model, and the layer that priced them. */
export interface LlmRunCount {
  requestModel: string;
  responseModel: string;
  /** The stored price_source: catalogue, synced, override, custom, unknown, caller. */
  priceSource: string;
  runs: number;
}

/**
 * How many LLM runs started in [from, to), per requested and response model and price source (every
 * project together): what a price change from `from` would re-price, before the pricer decides which
 * names belong to the changed model. Reads the spans as the reprice job does (FINAL, newest revision).
 */
export async function countLlmRunsByModel(store: Store, { from, to }: { from: Date; to: Date }): Promise<LlmRunCount[]> {
  const rows = await store.query<{ request_model: string; response_model: string; price_source: string; runs: number }>(
    `SELECT request_model, response_model, price_source, count() AS runs FROM spans FINAL
     WHERE is_llm AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
     GROUP BY request_model, response_model, price_source
     ORDER BY request_model, response_model, price_source`,
    { from, to },
    { tag: "countLlmRunsByModel" },
  );
  return rows.map((row) => ({
    requestModel: row.request_model,
    responseModel: row.response_model,
    priceSource: row.price_source,
    runs: Number(row.runs),
  }));
}
