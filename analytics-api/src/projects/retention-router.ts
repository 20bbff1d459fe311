// A project's retention: GET /api/projects/:projectId/retention (anyone in the org: how long the project
// keeps data is no secret from its members) and PUT (owners and admins). Days from 1 to the install-wide
// retention (PROMPTMETRICS_RETENTION_DAYS, read from the store's TTL) when one is set, else ten years;
// null returns the project to the install's default. The retention.enforce job applies it hourly.
import { Router } from "express";
import { getProjectRetention, getSpanRetentionDays, upsertProjectRetention } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { AppError, ValidationError } from "../http/errors.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { RetentionBody } from "./data-rights-schemas.ts";
import type { ProjectRetentionView } from "./data-rights-views.ts";

export interface RetentionRouterOptions {
  /** The store is a cluster: the retention job does not run there, so setting one is refused (501). */
  onCluster?: boolean | undefined;
}

export function createRetentionRouter(deps: ApiRouterDeps, options: RetentionRouterOptions = {}): Router {
  const router = Router();

  router.get("/api/projects/:projectId/retention", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    parseQuery(NoQuery, req.query);
    res.json(await retentionView(deps, access.projectId));
  });

  router.put("/api/projects/:projectId/retention", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", "A project's retention is set by the org's owners and admins");
    parseQuery(NoQuery, req.query);
    const { retentionDays } = parseBody(RetentionBody, req.body);
    if (options.onCluster) {
      throw new AppError(
        501,
        "not_on_cluster",
        "Per-project retention does not run on a cluster yet: its deletions need each shard's *_local tables.",
      );
    }
    const install = await getSpanRetentionDays(deps.store);
    if (retentionDays !== null && install !== undefined && retentionDays > install) {
      throw new ValidationError(
        `retentionDays: must be at most the install-wide retention of ${install} days (PROMPTMETRICS_RETENTION_DAYS)`,
        "retentionDays",
      );
    }
    await upsertProjectRetention(deps.store, {
      projectId: access.projectId,
      retentionDays,
      updatedAt: deps.now(),
      updatedBy: access.userId,
    });
    res.json(await retentionView(deps, access.projectId));
  });

  return router;
}

async function retentionView(deps: ApiRouterDeps, projectId: string): Promise<ProjectRetentionView> {
  const [stored, install] = await Promise.all([getProjectRetention(deps.store, { projectId }), getSpanRetentionDays(deps.store)]);
  const own = stored?.retentionDays ?? null;
  return {
    projectId,
    retentionDays: own,
    installRetentionDays: install ?? null,
    effectiveRetentionDays: own ?? install ?? null,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
    updatedBy: stored?.updatedBy ?? "",
  };
}
