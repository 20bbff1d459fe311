// /api/runs: a project's LLM runs (filter, search, sort, cursor pages), one run with its whole trace,
// and logging a run without OpenTelemetry. Reading needs any role in the project's org; logging a run
// needs member or above (viewers are read-only).
import { Router, type Request } from "express";
import { insertSpans } from "@promptmetrics/clickhouse";
import { getRunFeedback, getTraceSpans, listRunsPage } from "@promptmetrics/clickhouse/runs";
import type { ProjectPricers } from "@promptmetrics/runs";
import { requireCaller } from "../access/caller.ts";
import { requireRole } from "../access/roles.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ValidationError } from "../http/errors.ts";
import { buildRunRow, checkCreateRun, createRunBody } from "./create-run.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { findRun, requestedProjectId } from "./find-run.ts";
import { DetailQuery, listRunsParams, toRunFilters } from "./params.ts";
import { listRowOf, runCost, runItem, isoTime } from "./run-view.ts";
import { buildTraceTree } from "./trace-tree.ts";

/** A trace with more spans than this shows the first ones by start time, and says it was cut. */
export const TRACE_SPAN_LIMIT = 2000;

export interface RunsRouterOptions {
  /**
   * The price cache a logged run is priced with, as the ingest prices: the catalogue plus the project's
   * overrides, re-read in the background. Called at each use, so an app can make it on the first.
   */
  pricers: () => ProjectPricers;
}

export function createRunsRouter(deps: ApiRouterDeps, options: RunsRouterOptions): Router {
  const { store } = deps;
  const router = Router();

  router.get("/api/runs", async (req, res) => {
    // Access first, so a caller who may not see the project learns nothing about it from a 400.
    const access = await deps.authorizeProject(req, listedProject(req));
    const params = parseQuery(listRunsParams, req.query);
    const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor, params.sort, params.order);
    const rows = await listRunsPage(store, {
      projectId: access.projectId,
      filters: toRunFilters(params, deps.now()),
      sort: params.sort,
      order: params.order,
      after,
      // One more than asked tells whether another page follows.
      limit: params.limit + 1,
    });
    const page = rows.slice(0, params.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > params.limit && last
        ? encodeCursor(params.sort, params.order, { key: last.sort_key, traceId: last.trace_id, spanId: last.span_id })
        : null;
    res.json({ items: page.map(runItem), nextCursor });
  });

  router.post("/api/runs/create", async (req, res) => {
    const access = await deps.authorizeProject(req, requestedProjectId(req) ?? missingProject());
    requireRole(access, "member", "Viewers cannot log runs");
    parseQuery(NoQuery, req.query);
    const body = parseBody(createRunBody, req.body);
    checkCreateRun(body);
    const caller = await requireCaller(deps.resolveCaller, req);
    const pricers = options.pricers();
    await pricers.ready();
    const row = buildRunRow(body, {
      projectId: access.projectId,
      creator: { userId: access.userId, tokenId: caller.via === "token" ? caller.tokenId : undefined },
      pricer: pricers.forProject(access.projectId),
      now: deps.now(),
    });
    await insertSpans(store, { rows: [row] });
    const cost = runCost(row);
    res.status(201).json({ ...runItem(listRowOf(row, undefined)), priceSource: cost.priceSource, pricedModel: cost.pricedModel });
  });

  router.get("/api/runs/:runId", async (req, res) => {
    const { access, run } = await findRun(deps, req, req.params.runId, requestedProjectId(req));
    parseQuery(DetailQuery, req.query);
    const [feedback, traceRows] = await Promise.all([
      getRunFeedback(store, { projectId: access.projectId, traceId: run.trace_id, spanId: run.span_id }),
      getTraceSpans(store, { projectId: access.projectId, traceId: run.trace_id, limit: TRACE_SPAN_LIMIT + 1 }),
    ]);
    const spans = traceRows.slice(0, TRACE_SPAN_LIMIT);
    res.json({
      ...runItem(listRowOf(run, feedback)),
      projectId: access.projectId,
      parentSpanId: run.parent_span_id === "" ? null : run.parent_span_id,
      name: run.name,
      serviceName: run.service_name,
      requestModel: run.request_model,
      responseModel: run.response_model,
      serviceTier: run.service_tier,
      inferenceGeo: run.inference_geo,
      statusMessage: run.status_message,
      cacheWrite1hTokens: run.cache_write_1h_tokens,
      cacheWrite12hTokens: run.cache_write_12h_tokens,
      usageEstimated: run.usage_estimated,
      inputHash: run.input_hash,
      prefixHash: run.prefix_hash,
      prefixTokens: run.prefix_tokens,
      input: run.input_text,
      output: run.output_text,
      cost: runCost(run),
      feedbackUpdatedAt: feedback ? isoTime(feedback.updatedAt) : null,
      attributes: run.span_attributes,
      resourceAttributes: run.resource_attributes,
      trace: {
        traceId: run.trace_id,
        spanCount: spans.length,
        truncated: traceRows.length > TRACE_SPAN_LIMIT,
        roots: buildTraceTree(run.trace_id, spans),
      },
    });
  });

  return router;
}

function listedProject(req: Request): string {
  const projectId = req.query.projectId;
  if (typeof projectId !== "string" || projectId === "")
    throw new ValidationError("projectId: give the project to read, once", "projectId");
  return projectId;
}

function missingProject(): never {
  throw new ValidationError("projectId: give the project to log the run in", "projectId");
}
