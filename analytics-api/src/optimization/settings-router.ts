// A project's optimization settings: GET /api/optimization/settings (anyone in the org) and PUT (owners
// and admins): the window suggestions look at and the tags and services the project marks as offline
// traffic. A change applies at the next recomputation.
import { Router } from "express";
import { upsertOptimizationSettings, getOptimizationSettings } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { projectOptimizationSettings, settingsOrDefaults } from "./engine.ts";
import { OptimizationSettingsBody, OptimizationSettingsQuery } from "./suggestion-schemas.ts";

export interface OptimizationSettingsView {
  projectId: string;
  windowDays: number;
  offlineTags: string[];
  offlineServices: string[];
  /** null while the project uses the defaults. */
  updatedAt: string | null;
  updatedBy: string;
}

export function createOptimizationSettingsRouter(deps: ApiRouterDeps): Router {
  const router = Router();

  router.get("/api/optimization/settings", async (req, res) => {
    const { projectId } = parseQuery(OptimizationSettingsQuery, req.query);
    const access = await deps.authorizeProject(req, projectId);
    res.json(await settingsView(deps, access.projectId));
  });

  router.put("/api/optimization/settings", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const body = parseBody(OptimizationSettingsBody, req.body);
    const access = await deps.authorizeProject(req, body.projectId);
    requireRole(access, "admin", "Optimization settings are set by the org's owners and admins");
    const current = await projectOptimizationSettings(deps.store, access.projectId);
    await upsertOptimizationSettings(deps.store, {
      projectId: access.projectId,
      windowDays: body.windowDays ?? current.windowDays,
      offlineTags: unique(body.offlineTags ?? current.offlineTags),
      offlineServices: unique(body.offlineServices ?? current.offlineServices),
      updatedAt: deps.now(),
      updatedBy: access.userId,
    });
    res.json(await settingsView(deps, access.projectId));
  });

  return router;
}

async function settingsView(deps: ApiRouterDeps, projectId: string): Promise<OptimizationSettingsView> {
  const stored = await getOptimizationSettings(deps.store, { projectId });
  return {
    projectId,
    ...settingsOrDefaults(stored),
    updatedAt: stored?.updatedAt.toISOString() ?? null,
    updatedBy: stored?.updatedBy ?? "",
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
