// A project's gateway settings: GET and PUT /api/projects/:projectId/gateway-settings. Every member reads
// them; owners and admins change them (letting callers pass their own provider keys through changes who
// pays and what reaches the provider). The gateway applies a change within seconds.
import { Router } from "express";
import { z } from "zod";
import { getGatewaySettings, upsertGatewaySettings, type GatewaySettings } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";

export const GatewaySettingsBody = z.strictObject({
  allowKeyPassthrough: z
    .boolean()
    .describe("Callers may send their own provider key, with the project key in x-promptmetrics-key; it is forwarded, never stored"),
});

export type GatewaySettingsView = ReturnType<typeof settingsView>;

export function createGatewaySettingsRouter(deps: ApiRouterDeps, opts: { onSettingsChanged: () => Promise<void> }): Router {
  const router = Router();
  const path = "/api/projects/:projectId/gateway-settings";

  router.get(path, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    res.json(settingsView(await getGatewaySettings(deps.store, { projectId: access.projectId })));
  });

  router.put(path, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", "Only owners and admins change gateway settings");
    const body = parseBody(GatewaySettingsBody, req.body);
    const saved = await upsertGatewaySettings(deps.store, { projectId: access.projectId, ...body, updatedBy: access.userId });
    await opts.onSettingsChanged();
    res.json(settingsView(saved));
  });

  return router;
}

export function settingsView(settings: GatewaySettings) {
  return {
    projectId: settings.projectId,
    allowKeyPassthrough: settings.allowKeyPassthrough,
    updatedAt: settings.updatedAt ? settings.updatedAt.toISOString() : null,
  };
}
