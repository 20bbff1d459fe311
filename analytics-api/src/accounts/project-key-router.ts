// A project's keys, secrets shown once at creation and never again:
// - /api/projects/:projectId/ingest-keys: the keys an OTLP exporter sends spans with (they also work
//   through the gateway);
// - /api/projects/:projectId/gateway-keys: keys for the gateway alone (no span writing), so a key handed
//   to an app can carry limits of its own (gateway-limits with scope "key").
// Members and up create keys; owners and admins revoke any key, a member only the keys they created;
// viewers only list. The ingest and the gateway re-read keys every 3 s, so a revoked key is refused
// within about that long.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import { getApiKeyById, getUserById, insertApiKey, listIngestKeysByProject, revokeApiKey } from "@promptmetrics/clickhouse";
import { hasRole, requireRole } from "../access/roles.ts";
import { generateKey } from "../access/api-keys.ts";
import { ForbiddenError, NotFoundError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { AccountsContext } from "./context.ts";
import { ingestKeyView } from "./views.ts";
import { KeyBody } from "./schemas.ts";

type ProjectKeyKind = "ingest" | "gateway";

const NOUN: Record<ProjectKeyKind, string> = { ingest: "ingest key", gateway: "gateway key" };

export function createIngestKeyRouter(ctx: AccountsContext): Router {
  return createProjectKeyRouter(ctx, "ingest");
}

export function createGatewayKeyRouter(ctx: AccountsContext): Router {
  return createProjectKeyRouter(ctx, "gateway");
}

function createProjectKeyRouter(ctx: AccountsContext, kind: ProjectKeyKind): Router {
  const router = Router();
  const base = `/api/projects/:projectId/${kind}-keys`;
  const noun = NOUN[kind];

  router.post<{ projectId: string }>(base, async (req, res) => {
    const access = await ctx.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", `Viewers cannot create ${noun}s`);
    const { name } = parseBody(KeyBody, req.body);
    const key = generateKey(kind);
    const created = await insertApiKey(ctx.store, {
      id: `key_${randomUUID()}`,
      kind,
      orgId: access.orgId,
      projectId: access.projectId,
      userId: access.userId,
      name,
      prefix: key.prefix,
      secretHash: key.secretHash,
    });
    const creator = await getUserById(ctx.store, { id: access.userId });
    res.status(201).json({ ...ingestKeyView({ ...created, lastUsedAt: null, creatorEmail: creator?.email ?? "" }), key: key.secret });
  });

  router.get<{ projectId: string }>(base, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await ctx.authorizeProject(req, req.params.projectId);
    res.json((await listIngestKeysByProject(ctx.store, { projectId: access.projectId, kind })).map(ingestKeyView));
  });

  router.delete<{ projectId: string; keyId: string }>(`${base}/:keyId`, async (req, res) => {
    const access = await ctx.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", `Viewers cannot revoke ${noun}s`);
    parseBody(NoBody, req.body);
    const key = await getApiKeyById(ctx.store, { id: req.params.keyId });
    if (!key || key.kind !== kind || key.projectId !== access.projectId || key.revokedAt)
      throw new NotFoundError(`${noun[0]!.toUpperCase()}${noun.slice(1)} ${req.params.keyId} not found`);
    if (!hasRole(access.role, "admin") && key.userId !== access.userId)
      throw new ForbiddenError("Members can revoke only the keys they created");
    await revokeApiKey(ctx.store, { id: key.id });
    res.status(204).end();
  });

  return router;
}
