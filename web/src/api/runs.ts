// Runs: the list, one run with its trace, ratings and feedback, and the runs download link.
import { endpointUrl, request } from "./endpoints.ts";
import type { Query } from "./http.ts";
import type { RunDetail, RunFeedback, RunStatus, RunsPage } from "./types.ts";

type Signal = AbortSignal | undefined;

export type RunSort = "startTime" | "cost" | "latency" | "tokens";

export interface RunsQuery {
  projectId: string;
  /** "now", relative ("24h", "7d") or ISO. */
  from?: string;
  to?: string;
  model?: readonly string[];
  provider?: readonly string[];
  userId?: readonly string[];
  sessionId?: readonly string[];
  prompt?: readonly string[];
  promptVersion?: readonly string[];
  tag?: readonly string[];
  status?: readonly RunStatus[];
  /** "true": only rated runs, "false": only unrated. */
  rated?: "true" | "false";
  /** USD decimals such as "0.05". */
  minCost?: string;
  maxCost?: string;
  /** Text to find in input or output (case-insensitive). */
  q?: string;
  sort?: RunSort;
  order?: "asc" | "desc";
}

const q = (query: object): Query => query as Query;

export const listRuns = (query: RunsQuery & { limit?: number; cursor?: string }, signal?: Signal) =>
  request<RunsPage>("listRuns", { query: q(query), signal });
export const getRun = (projectId: string, runId: string, signal?: Signal) =>
  request<RunDetail>("getRun", { params: { runId }, query: { projectId }, signal });
export const rateRun = (projectId: string, runId: string, rating: number) =>
  request<RunFeedback>("rateRun", { params: { runId }, body: { projectId, rating } });
/** `text: ""` clears the comment, `success: null` clears the flag. */
export const giveRunFeedback = (projectId: string, runId: string, body: { text?: string; success?: boolean | null }) =>
  request<RunFeedback>("runFeedback", { params: { runId }, body: { projectId, ...body } });

/** A download link for every run matching the filters. */
export function runsExportUrl(query: RunsQuery, format: "csv" | "json" = "csv"): string {
  return endpointUrl("export", {}, q({ ...query, what: "runs", format }));
}
