// An end user's data in one project (the `user_id` of their runs), for the data rights routes: what is
// stored of them (export) and its deletion. The user's spans are their LLM runs (every revision) and the
// spans without an end user in the traces those runs belong to (the request's other steps, whose
// attributes may hold the same prompt); feedback is the ratings of those runs. Deletion is ALTER ... DELETE
// waited for (mutations_sync = 2), so the rows are gone from the parts when it returns, and the rollup
// hours the runs fell in are recomputed from what is left (the other hours are copied untouched).
import { rebuildRollupPartitions } from "./rollups.ts";
import type { Store } from "../store.ts";

export interface EndUserKey {
  projectId: string;
  endUserId: string;
}

/** The user's traces: the ones in which at least one of their runs was stored. */
const USER_TRACES = `trace_id IN (SELECT trace_id FROM spans WHERE project_id = {projectId:String} AND user_id = {endUserId:String})`;
/** Every span of the user: their runs, and the spans without an end user in their traces. */
const USER_SPANS = `project_id = {projectId:String} AND (user_id = {endUserId:String} OR (user_id = '' AND NOT is_llm AND ${USER_TRACES}))`;
/** Feedback on the user's runs (it copies the run's end user at rating time; the span test covers older rows). */
const USER_FEEDBACK = `project_id = {projectId:String} AND (user_id = {endUserId:String} OR span_id IN
  (SELECT span_id FROM spans WHERE project_id = {projectId:String} AND user_id = {endUserId:String} AND is_llm))`;

/** One stored span of the user as the export shows it (the newest revision), with its content. */
export interface EndUserSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  isLlm: boolean;
  startTime: string;
  endTime: string;
  serviceName: string;
  status: string;
  statusMessage: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: string | null;
  endUserId: string;
  sessionId: string;
  promptName: string;
  promptVersion: string;
  tags: string[];
  inputText: string;
  outputText: string;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
  eventNames: string[];
  eventAttributes: Record<string, string>[];
}

interface SpanExportRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  is_llm: boolean;
  /** Aliased: a `start_time` alias would shadow the column in WHERE. */
  started: string;
  ended: string;
  service_name: string;
  status_code: string;
  status_message: string;
  provider: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string | null;
  user_id: string;
  session_id: string;
  prompt_name: string;
  prompt_version: string;
  tags: string[];
  input_text: string;
  output_text: string;
  span_attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
  event_names: string[];
  event_attributes: Record<string, string>[];
}

export interface EndUserSpanCursor {
  startTime: string;
  traceId: string;
  spanId: string;
}

/** A page of the user's runs (`llm`) or other spans in start order (keyset), newest revision of each. */
export async function listEndUserSpansPage(
  store: Store,
  { projectId, endUserId, llm, after, limit }: EndUserKey & { llm: boolean; after?: EndUserSpanCursor | undefined; limit: number },
): Promise<EndUserSpan[]> {
  const rows = await store.query<SpanExportRow>(
    `SELECT trace_id, span_id, parent_span_id, name, is_llm, toString(start_time) AS started, toString(end_time) AS ended,
            service_name, status_code, status_message, provider, model, input_tokens, output_tokens, cost_usd, user_id, session_id,
            prompt_name, prompt_version, tags, input_text, output_text, span_attributes, resource_attributes, event_names, event_attributes
     FROM spans FINAL
     WHERE ${USER_SPANS} AND is_llm = {llm:Bool}
       ${after ? "AND (start_time, trace_id, span_id) > ({afterStart:DateTime64(9, 'UTC')}, {afterTrace:String}, {afterSpan:String})" : ""}
     ORDER BY start_time, trace_id, span_id
     LIMIT {limit:UInt32}`,
    {
      projectId,
      endUserId,
      llm,
      limit,
      ...(after ? { afterStart: after.startTime, afterTrace: after.traceId, afterSpan: after.spanId } : {}),
    },
    { tag: "listEndUserSpansPage" },
  );
  return rows.map((row) => ({
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    name: row.name,
    isLlm: Boolean(row.is_llm),
    startTime: row.started,
    endTime: row.ended,
    serviceName: row.service_name,
    status: row.status_code === "error" ? "error" : "ok",
    statusMessage: row.status_message,
    provider: row.provider,
    model: row.model,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: row.cost_usd,
    endUserId: row.user_id,
    sessionId: row.session_id,
    promptName: row.prompt_name,
    promptVersion: row.prompt_version,
    tags: row.tags,
    inputText: row.input_text,
    outputText: row.output_text,
    attributes: row.span_attributes,
    resourceAttributes: row.resource_attributes,
    eventNames: row.event_names,
    eventAttributes: row.event_attributes,
  }));
}

/** The current feedback on the user's runs. */
export interface EndUserFeedback {
  traceId: string;
  spanId: string;
  rating: number | null;
  success: boolean | null;
  comment: string;
  authorUserId: string;
  createdAt: string;
  updatedAt: string;
}

/** Every current feedback row on the user's runs (one per rated run; bounded by the runs). */
export async function listEndUserFeedback(store: Store, { projectId, endUserId }: EndUserKey): Promise<EndUserFeedback[]> {
  const rows = await store.query<{
    trace_id: string;
    span_id: string;
    rating: number | null;
    success: boolean | null;
    comment: string;
    author_user_id: string;
    created_at: string;
    updated_at: string;
  }>(
    `SELECT trace_id, span_id, rating, success, comment, author_user_id, toString(created_at) AS created_at, toString(updated_at) AS updated_at
     FROM feedback FINAL
     WHERE ${USER_FEEDBACK} AND is_deleted = 0
     ORDER BY trace_id, span_id`,
    { projectId, endUserId },
    { tag: "listEndUserFeedback" },
  );
  return rows.map((row) => ({
    traceId: row.trace_id,
    spanId: row.span_id,
    rating: row.rating === null ? null : Number(row.rating),
    success: row.success === null ? null : Boolean(row.success),
    comment: row.comment,
    authorUserId: row.author_user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export interface EndUserDeletion {
  /** LLM runs of the user deleted (each with all its revisions). */
  runs: number;
  /** Spans deleted: the runs and the other spans of their traces. */
  spans: number;
  /** Current feedback rows on those runs deleted (older versions go with them). */
  feedback: number;
  /** The hours (`YYYY-MM-DD hh:00:00` UTC) whose rollups were recomputed. */
  hours: string[];
}

/**
 * Deletes everything of the user in the project and recomputes the rollup hours their runs fell in.
 * Safe to repeat: the hours come from the user's rollup rows as well as their spans, so a deletion
 * interrupted after the spans went still has its rollups recomputed by the next one.
 */
export async function deleteEndUserData(store: Store, key: EndUserKey): Promise<EndUserDeletion> {
  const params = { projectId: key.projectId, endUserId: key.endUserId };
  const [counts] = await store.query<{ runs: number; spans: number }>(
    `SELECT uniqExactIf((trace_id, span_id), is_llm AND user_id = {endUserId:String}) AS runs, uniqExact((trace_id, span_id)) AS spans
     FROM spans WHERE ${USER_SPANS}`,
    params,
    { tag: "deleteEndUserData" },
  );
  const [feedback] = await store.query<{ n: number }>(
    `SELECT count() AS n FROM feedback FINAL WHERE ${USER_FEEDBACK} AND is_deleted = 0`,
    params,
    { tag: "deleteEndUserData" },
  );
  const hourRows = await store.query<{ hour: string }>(
    `SELECT DISTINCT toString(toStartOfHour(start_time)) AS hour FROM spans
     WHERE project_id = {projectId:String} AND user_id = {endUserId:String} AND is_llm
     UNION DISTINCT
     SELECT DISTINCT toString(bucket) AS hour FROM rollup_user_hourly WHERE project_id = {projectId:String} AND user_id = {endUserId:String}`,
    params,
    { tag: "deleteEndUserData" },
  );
  const hours = hourRows.map((row) => row.hour).sort();
  // Feedback and the traces' other spans first: both find their rows through the user's runs.
  const wait = "SETTINGS mutations_sync = 2";
  await store.command(`ALTER TABLE feedback DELETE WHERE ${USER_FEEDBACK} ${wait}`, params, { tag: "deleteEndUserData" });
  await store.command(
    `ALTER TABLE spans DELETE WHERE project_id = {projectId:String} AND user_id = '' AND NOT is_llm AND ${USER_TRACES} ${wait}`,
    params,
    {
      tag: "deleteEndUserData",
    },
  );
  await store.command(`ALTER TABLE spans DELETE WHERE project_id = {projectId:String} AND user_id = {endUserId:String} ${wait}`, params, {
    tag: "deleteEndUserData",
  });
  if (hours.length > 0) {
    const months = [...new Set(hours.map((hour) => Number(hour.slice(0, 4) + hour.slice(5, 7))))].sort((a, b) => a - b);
    await rebuildRollupPartitions(store, { partitions: months, only: { projectId: key.projectId, hours } });
  }
  return { runs: Number(counts?.runs ?? 0), spans: Number(counts?.spans ?? 0), feedback: Number(feedback?.n ?? 0), hours };
}
