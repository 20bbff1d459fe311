// A project's gateway limits: GET, POST /api/projects/:projectId/gateway-limits and
// DELETE /api/projects/:projectId/gateway-limits/:limitId. Owners and admins set and remove them (they
// stop traffic); every member lists. The gateway applies a change within seconds.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import { deleteGatewayLimit, getApiKeyById, insertGatewayLimit, listGatewayLimits, type GatewayLimit } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { NotFoundError, ValidationError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { GatewayLimitBody } from "./limit-schemas.ts";

export type GatewayLimitView = ReturnType<typeof limitView>;

export function createLimitsRouter(deps: ApiRouterDeps, opts: { onLimitsChanged: () => Promise<void> }): Router {
  const router = Router();
  const base = "/api/projects/:projectId/gateway-limits";

  router.get(base, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    res.json((await listGatewayLimits(deps.store, { projectId: access.projectId })).map(limitView));
  });

  router.post(base, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", "Only owners and admins set gateway limits");
    const body = parseBody(GatewayLimitBody, req.body);
    if (body.scope === "key") {
      const key = await getApiKeyById(deps.store, { id: body.subject! });
      if (!key || key.kind === "api" || key.projectId !== access.projectId || key.revokedAt)
        throw new ValidationError("subject is not an ingest or gateway key of this project", "subject");
    }
    const limit: GatewayLimit = {
      projectId: access.projectId,
      id: `limit_${randomUUID()}`,
      scope: body.scope,
      subject: body.subject ?? "",
      metric: body.metric,
      maxValue: body.max,
      createdBy: access.userId,
      createdAt: deps.now(),
    };
    await insertGatewayLimit(deps.store, limit);
    await opts.onLimitsChanged();
    res.status(201).json(limitView(limit));
  });

  router.delete(`${base}/:limitId`, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", "Only owners and admins remove gateway limits");
    parseBody(NoBody, req.body);
    const limit = (await listGatewayLimits(deps.store, { projectId: access.projectId })).find((l) => l.id === req.params.limitId);
    if (!limit) throw new NotFoundError(`Gateway limit ${req.params.limitId} not found`);
    await deleteGatewayLimit(deps.store, limit);
    await opts.onLimitsChanged();
    res.status(204).end();
  });

  return router;
}

export function limitView(limit: GatewayLimit) {
  return {
    id: limit.id,
    projectId: limit.projectId,
    scope: limit.scope,
    subject: limit.subject,
    metric: limit.metric,
    max: limit.maxValue,
    createdAt: limit.createdAt.toISOString(),
  };
}
