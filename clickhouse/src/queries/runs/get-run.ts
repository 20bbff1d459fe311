// One run with everything stored about it, the spans of its trace, and which of a caller's projects
// hold a run id. Each read is bounded by project and trace id (the bloom-filter index).
import type { Store } from "../../store.ts";
import type { SpanRow } from "@promptmetrics/runs";

/** The run's current row (revisions collapsed), or undefined when the project has no such LLM run. */
export async function getRunBySpanId(
  store: Store,
  { projectId, traceId, spanId }: { projectId: string; traceId: string; spanId: string },
): Promise<SpanRow | undefined> {
  const rows = await store.query<SpanRow>(
    `SELECT * FROM spans FINAL
     WHERE project_id = {projectId:String} AND is_llm AND trace_id = {traceId:String} AND span_id = {spanId:String}
     LIMIT 1`,
    { projectId, traceId, spanId },
    { tag: "getRunBySpanId" },
  );
  return rows[0];
}

/** The projects among `projectIds` that hold this run (normally one). */
export async function listProjectsHoldingRun(
  store: Store,
  { projectIds, traceId, spanId }: { projectIds: string[]; traceId: string; spanId: string },
): Promise<string[]> {
  if (projectIds.length === 0) return [];
  const rows = await store.query<{ project_id: string }>(
    `SELECT DISTINCT project_id FROM spans
     WHERE project_id IN {projectIds:Array(String)} AND is_llm AND trace_id = {traceId:String} AND span_id = {spanId:String}
     ORDER BY project_id
     LIMIT 2`,
    { projectIds, traceId, spanId },
    { tag: "listProjectsHoldingRun" },
  );
  return rows.map((row) => row.project_id);
}

export interface TraceSpanRow {
  span_id: string;
  parent_span_id: string;
  name: string;
  kind: string;
  start_time: string;
  duration_ns: number;
  status_code: string;
  is_llm: boolean;
  model: string;
  cost_usd: string | null;
}

/** The spans of one trace in one project, by start time, at most `limit`. */
export async function getTraceSpans(
  store: Store,
  { projectId, traceId, limit }: { projectId: string; traceId: string; limit: number },
): Promise<TraceSpanRow[]> {
  return store.query<TraceSpanRow>(
    `SELECT span_id, parent_span_id, name, kind, start_time, duration_ns, status_code, is_llm, model, cost_usd
     FROM spans FINAL
     WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
     ORDER BY start_time, span_id
     LIMIT {limit:UInt32}`,
    { projectId, traceId, limit },
    { tag: "getTraceSpans" },
  );
}
