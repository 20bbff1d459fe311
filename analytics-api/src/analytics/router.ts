// The analytics routes: each parses its query string, checks the caller may see the project, plans
// the question, reads the store and answers JSON. Mount it under /api/analytics. A request whose
// client goes away stops its reads and answers nothing.
import express, { type Request, type Router } from "express";
import { StoreAbortedError, type Store } from "@promptmetrics/clickhouse";
import { ValidationError } from "../errors.ts";
import type { AuthorizeProject } from "../project-access.ts";
import { requestSignal } from "../request-signal.ts";
import { normalise } from "./normalise.ts";
import { parseParams } from "./params.ts";
import { QUESTIONS } from "./questions.ts";

export interface AnalyticsRouterOptions {
  store: Store;
  /** Throws 401 without a valid caller and 404 for a project the caller may not see. */
  authorizeProject: AuthorizeProject;
  /** The clock relative dates count from. @default () => new Date() */
  now?: () => Date;
}

/**
 * GET /overview, /costs, /trends, /models, /success-rate, /users, /prompts (paths relative to where
 * it is mounted: `app.use("/api/analytics", createAnalyticsRouter(...))`). Every route takes
 * projectId, from, to, tz, granularity and the run filters (params.ts documents each); an unknown or
 * bad parameter is a 400 naming it.
 */
export function createAnalyticsRouter({ store, authorizeProject, now = () => new Date() }: AnalyticsRouterOptions): Router {
  const router = express.Router();
  for (const question of QUESTIONS) {
    router.get(`/${question.name}`, async (req, res) => {
      const signal = requestSignal(res);
      // Access first, so a caller who may not see the project learns nothing about it from a 400.
      await authorizeProject(req, requestedProject(req));
      const params = parseParams(question.schema, req.query);
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
  if (typeof projectId !== "string" || projectId === "") throw new ValidationError("projectId: give the project to read, once", "projectId");
  return projectId;
}
