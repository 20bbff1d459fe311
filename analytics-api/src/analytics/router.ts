// The analytics routes, GET /api/analytics/<question>: each parses its query string, checks the caller
// may see the project, plans the question, reads the store and answers JSON. A request whose client goes
// away stops its reads and answers nothing.
import express, { type Request, type Router } from "express";
import { StoreAbortedError } from "@promptmetrics/clickhouse";
import { ValidationError } from "../http/errors.ts";
import { requestSignal } from "../http/request-signal.ts";
import { parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { normalise } from "./normalise.ts";
import { QUESTIONS } from "./questions.ts";

/** The app's ApiRouterDeps, or just these (the tests' stand-ins). */
export interface AnalyticsRouterOptions extends Pick<ApiRouterDeps, "store" | "authorizeProject"> {
  /** The clock relative dates count from. @default () => new Date() */
  now?: () => Date;
}

/**
 * GET /api/analytics/overview, /costs, /trends, /models, /success-rate, /users, /prompts. Every route
 * takes projectId, from, to, tz, granularity and the run filters (params.ts documents each); an unknown
 * or bad parameter is a 400 naming it. `authorizeProject` throws 401 without a valid caller and 404 for
 * a project the caller may not see.
 */
export function createAnalyticsRouter({ store, authorizeProject, now = () => new Date() }: AnalyticsRouterOptions): Router {
  const router = express.Router();
  for (const question of QUESTIONS) {
    router.get(`/api/analytics/${question.name}`, async (req, res) => {
      const signal = requestSignal(res);
      // Access first, so a caller who may not see the project learns nothing about it from a 400.
      await authorizeProject(req, requestedProject(req));
      const params = parseQuery(question.schema, req.query);
      try {
        res.json(await question.answer(store, normalise(params as Parameters<typeof normalise>[0], now()), params, signal));
      } catch (error) {
        // The client has gone: there is nobody to answer, and nothing went wrong.
        if (error instanceof StoreAbortedError) return;
        throw error;
      }
    });
  }
  return router;
}

export function requestedProject(req: Request): string {
  const projectId = req.query.projectId;
  if (typeof projectId !== "string" || projectId === "")
    throw new ValidationError("projectId: give the project to read, once", "projectId");
  return projectId;
}
