// POST /api/runs/:runId/rate and /feedback: a rating (1-5), a success flag and a comment per run, in
// the feedback table, where a new write replaces the earlier one. Rating is writing, so viewers
// (read-only) may not; members, admins and owners may. Each write keeps the fields it does not change.
import { Router, type Request } from "express";
import { getRunFeedback, upsertRunFeedback, type RunFeedback } from "@promptmetrics/clickhouse/runs";
import { requireRole } from "../access/roles.ts";
import { parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ValidationError } from "../http/errors.ts";
import { findRun, requestedProjectId, type FoundRun } from "./find-run.ts";
import { createKeyedLock } from "./keyed-lock.ts";
import { isoTime, runId } from "./run-view.ts";
import { FeedbackBody, FeedbackQuery, RateBody } from "./schemas.ts";

type Change = { rating: number } | { text?: string | undefined; success?: boolean | null | undefined };

export function createRunFeedbackRouter(deps: ApiRouterDeps): Router {
  const lock = createKeyedLock();
  const router = Router();

  const write = async (req: Request, parse: (body: unknown) => Change) => {
    const found = await findRun(deps, req, String(req.params.runId), requestedProjectId(req));
    requireRole(found.access, "member", "Viewers cannot rate runs or give feedback");
    parseQuery(FeedbackQuery, req.query);
    const change = parse(req.body);
    const { run, access } = found;
    const saved = await lock(`${access.projectId}/${run.trace_id}/${run.span_id}`, async () => {
      const current = await getRunFeedback(deps.store, { projectId: access.projectId, traceId: run.trace_id, spanId: run.span_id });
      return upsertRunFeedback(deps.store, merged(found, current, change, deps.now()));
    });
    return feedbackView(saved);
  };

  router.post("/api/runs/:runId/rate", async (req, res) => {
    res.json(await write(req, (body) => ({ rating: parseBody(RateBody, body).rating })));
  });

  router.post("/api/runs/:runId/feedback", async (req, res) => {
    res.json(
      await write(req, (body) => {
        const { text, success } = parseBody(FeedbackBody, body);
        if (text === undefined && success === undefined) throw new ValidationError("Give text, success or both", "text");
        return { text, success };
      }),
    );
  });

  return router;
}

function merged(
  { access, run }: FoundRun,
  current: RunFeedback | undefined,
  change: Change,
  at: Date,
): Parameters<typeof upsertRunFeedback>[1] {
  const text = "text" in change ? change.text : undefined;
  const success = "success" in change ? change.success : undefined;
  return {
    projectId: access.projectId,
    traceId: run.trace_id,
    spanId: run.span_id,
    runStartTime: run.start_time,
    model: run.model,
    provider: run.provider,
    statusCode: run.status_code,
    tags: run.tags,
    // Runs logged from a browser session carry their creator instead of a key (see the member dimension).
    ingestKeyId: run.ingest_key_id,
    promptName: run.prompt_name,
    promptVersion: run.prompt_version,
    userId: run.user_id,
    rating: "rating" in change ? change.rating : (current?.rating ?? null),
    success: success === undefined ? (current?.success ?? null) : success,
    comment: text === undefined ? (current?.comment ?? "") : text,
    authorUserId: access.userId,
    createdAt: current?.createdAt,
    at,
  };
}

function feedbackView(feedback: RunFeedback) {
  return {
    id: runId(feedback.traceId, feedback.spanId),
    rating: feedback.rating,
    success: feedback.success,
    feedback: feedback.comment === "" ? null : feedback.comment,
    updatedAt: isoTime(feedback.updatedAt),
  };
}
