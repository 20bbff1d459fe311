// /api/projects/:projectId/ingest-keys: the keys an OTLP exporter sends spans with. Members and up
// create keys (the secret is in the answer once, never again); owners and admins revoke any key, a
// member only the keys they created; viewers only list. The ingest re-reads its keys every 3 s, so a
// revoked key is refused within about that long.
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

export function createIngestKeyRouter(ctx: AccountsContext): Router {
  const router = Router();

  router.post("/api/projects/:projectId/ingest-keys", async (req, res) => {
    const access = await ctx.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", "Viewers cannot create ingest keys");
    const { name } = parseBody(KeyBody, req.body);
    const key = generateKey("ingest");
    const created = await insertApiKey(ctx.store, {
      id: `key_${randomUUID()}`,
      kind: "ingest",
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

  router.get("/api/projects/:projectId/ingest-keys", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await ctx.authorizeProject(req, req.params.projectId);
    res.json((await listIngestKeysByProject(ctx.store, { projectId: access.projectId })).map(ingestKeyView));
  });

  router.delete("/api/projects/:projectId/ingest-keys/:keyId", async (req, res) => {
    const access = await ctx.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", "Viewers cannot revoke ingest keys");
    parseBody(NoBody, req.body);
    const key = await getApiKeyById(ctx.store, { id: req.params.keyId });
    if (!key || key.kind !== "ingest" || key.projectId !== access.projectId || key.revokedAt)
      throw new NotFoundError(`Ingest key ${req.params.keyId} not found`);
    if (!hasRole(access.role, "admin") && key.userId !== access.userId)
      throw new ForbiddenError("Members can revoke only the keys they created");
    await revokeApiKey(ctx.store, { id: key.id });
    res.status(204).end();
  });

  return router;
}
