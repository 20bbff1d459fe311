// The analytics routes: each parses its query string, checks the caller may see the project, plans
// the question, reads the store and answers JSON. Mount it under /api/analytics.
import express, { type Request, type Router } from "express";
import type { z } from "zod";
import type { Store } from "@promptmetrics/clickhouse";
import { ValidationError } from "../errors.ts";
import type { AuthorizeProject } from "../project-access.ts";
import { answerCosts } from "./costs.ts";
import { answerModels } from "./models.ts";
import { normalise, type Plan } from "./normalise.ts";
import { answerOverview } from "./overview.ts";
import { costsParams, modelsParams, overviewParams, parseParams, promptsParams, successRateParams, trendsParams, usersParams } from "./params.ts";
import { answerPrompts } from "./prompts.ts";
import { answerSuccessRate } from "./success-rate.ts";
import { answerTrends } from "./trends.ts";
import { answerUsers } from "./users.ts";

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

  function route<Schema extends z.ZodType<{ projectId: string } & Parameters<typeof normalise>[0]>>(
    path: string,
    schema: Schema,
    answer: (plan: Plan, params: z.infer<Schema>) => Promise<unknown>,
  ): void {
    router.get(path, async (req, res) => {
      // Access first, so a caller who may not see the project learns nothing about it from a 400.
      await authorizeProject(req, requestedProject(req));
      const params = parseParams(schema, req.query);
      res.json(await answer(normalise(params, now()), params));
    });
  }

  route("/overview", overviewParams, (plan) => answerOverview(store, plan));
  route("/costs", costsParams, (plan, params) => answerCosts(store, plan, params));
  route("/trends", trendsParams, (plan, params) =>
    answerTrends(store, plan, { metric: params.metric === "cost" ? "costUsd" : params.metric, splitBy: params.splitBy, top: params.top }),
  );
  route("/models", modelsParams, (plan, params) => answerModels(store, plan, params));
  route("/success-rate", successRateParams, (plan, params) => answerSuccessRate(store, plan, params));
  route("/users", usersParams, (plan, params) => answerUsers(store, plan, params));
  route("/prompts", promptsParams, (plan, params) => answerPrompts(store, plan, params));
  return router;
}

function requestedProject(req: Request): string {
  const projectId = req.query.projectId;
  if (typeof projectId !== "string" || projectId === "") throw new ValidationError("projectId: give the project to read, once", "projectId");
  return projectId;
}
