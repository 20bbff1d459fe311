// Ratings, success flags and comments on runs, in `feedback` (ReplacingMergeTree): a write is a new
// version of the run's one row, so a re-rating replaces the earlier rating instead of adding to it.
import type { Store } from "../../store.ts";
import { nextVersion, toDbTime } from "../versioning.ts";

export interface RunFeedback {
  projectId: string;
  traceId: string;
  spanId: string;
  /** The run's start and dimensions, copied in so rating figures aggregate without a join. */
  runStartTime: string;
  model: string;
  provider: string;
  /** ok | error: with `success`, decides the run's success. */
  statusCode: string;
  tags: string[];
  ingestKeyId: string;
  promptName: string;
  promptVersion: string;
  userId: string;
  rating: number | null;
  success: boolean | null;
  comment: string;
  /** Who wrote the latest change. */
  authorUserId: string;
  createdAt: string;
  updatedAt: string;
}

interface FeedbackRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  run_start_time: string;
  model: string;
  provider: string;
  status_code: string;
  tags: string[];
  ingest_key_id: string;
  prompt_name: string;
  prompt_version: string;
  user_id: string;
  rating: number | null;
  success: boolean | null;
  comment: string;
  author_user_id: string;
  created_at: string;
  updated_at: string;
}

/** The run's current feedback, or undefined when it has none. */
export async function getRunFeedback(
  store: Store,
  { projectId, traceId, spanId }: { projectId: string; traceId: string; spanId: string },
): Promise<RunFeedback | undefined> {
  // FINAL on the small feedback table: only the newest version of the run's row counts.
  const rows = await store.query<FeedbackRow>(
    `SELECT project_id, trace_id, span_id, run_start_time, model, provider, status_code, tags, ingest_key_id, prompt_name, prompt_version, user_id, rating, success, comment,
            author_user_id, created_at, updated_at
     FROM feedback FINAL
     WHERE project_id = {projectId:String} AND span_id = {spanId:String} AND trace_id = {traceId:String} AND is_deleted = 0`,
    { projectId, traceId, spanId },
    { tag: "getRunFeedback" },
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    projectId: row.project_id,
    traceId: row.trace_id,
    spanId: row.span_id,
    runStartTime: row.run_start_time,
    model: row.model,
    provider: row.provider,
    statusCode: row.status_code,
    tags: row.tags,
    ingestKeyId: row.ingest_key_id,
    promptName: row.prompt_name,
    promptVersion: row.prompt_version,
    userId: row.user_id,
    rating: row.rating,
    success: row.success,
    comment: row.comment,
    authorUserId: row.author_user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Writes the run's whole feedback as its newest version (read the current one first to keep its other fields). */
export async function upsertRunFeedback(
  store: Store,
  feedback: Omit<RunFeedback, "createdAt" | "updatedAt"> & { createdAt?: string | undefined; at: Date },
): Promise<RunFeedback> {
  const updatedAt = toDbTime(feedback.at);
  const createdAt = feedback.createdAt ?? updatedAt;
  await store.insert(
    "feedback",
    [
      {
        project_id: feedback.projectId,
        span_id: feedback.spanId,
        trace_id: feedback.traceId,
        run_start_time: feedback.runStartTime,
        model: feedback.model,
        provider: feedback.provider,
        status_code: feedback.statusCode,
        tags: feedback.tags,
        ingest_key_id: feedback.ingestKeyId,
        prompt_name: feedback.promptName,
        prompt_version: feedback.promptVersion,
        user_id: feedback.userId,
        rating: feedback.rating,
        success: feedback.success,
        comment: feedback.comment,
        author_user_id: feedback.authorUserId,
        created_at: createdAt,
        updated_at: updatedAt,
        version: nextVersion(),
        is_deleted: 0,
      },
    ],
    { tag: "upsertRunFeedback" },
  );
  const { at: _at, ...rest } = feedback;
  return { ...rest, createdAt, updatedAt };
}
