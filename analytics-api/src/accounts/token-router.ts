// /api/tokens: the caller's API tokens, used as `Authorization: Bearer pm_api_…` with the rights of
// the user who created them. The secret is in the creation answer once, never again. Creating a token
// needs a signed-in session, so a leaked token cannot mint others that would outlive its revocation.
// Every token expires (token-lifetime.ts): after the server's default, or the days asked for up to its maximum.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import { getApiKeyById, insertApiKey, listApiTokensByUser, revokeApiKey } from "@promptmetrics/clickhouse";
import { requireCaller } from "../access/caller.ts";
import { generateKey } from "../access/api-keys.ts";
import { newTokenExpiry } from "../access/token-lifetime.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { AccountsContext } from "./context.ts";
import { tokenView } from "./views.ts";
import { TokenBody } from "./schemas.ts";

export function createTokenRouter(ctx: AccountsContext): Router {
  const router = Router();

  router.post("/api/tokens", async (req, res) => {
    const caller = await requireCaller(ctx.resolveCaller, req);
    if (caller.via !== "session") throw new ForbiddenError("API tokens are created from a signed-in session, not with another token");
    const { name, expiresInDays } = parseBody(TokenBody, req.body);
    if (expiresInDays !== undefined && expiresInDays > ctx.tokenLifetime.maxDays)
      throw new ValidationError(`must be at most ${ctx.tokenLifetime.maxDays} days on this server`, "expiresInDays");
    const key = generateKey("api");
    const now = ctx.now();
    // A token belongs to its user, not to an org or project: its rights are the user's, looked up on each request.
    const created = await insertApiKey(ctx.store, {
      id: `tok_${randomUUID()}`,
      kind: "api",
      orgId: "",
      projectId: "",
      userId: caller.userId,
      name,
      prefix: key.prefix,
      secretHash: key.secretHash,
      createdAt: now,
      expiresAt: newTokenExpiry(ctx.tokenLifetime, now, expiresInDays),
    });
    res.status(201).json({ ...tokenView({ ...created, lastUsedAt: null, creatorEmail: "" }, ctx.tokenLifetime), token: key.secret });
  });

  router.get("/api/tokens", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const caller = await requireCaller(ctx.resolveCaller, req);
    res.json((await listApiTokensByUser(ctx.store, { userId: caller.userId })).map((token) => tokenView(token, ctx.tokenLifetime)));
  });

  router.delete("/api/tokens/:tokenId", async (req, res) => {
    const caller = await requireCaller(ctx.resolveCaller, req);
    parseBody(NoBody, req.body);
    const token = await getApiKeyById(ctx.store, { id: req.params.tokenId });
    if (!token || token.kind !== "api" || token.userId !== caller.userId || token.revokedAt)
      throw new NotFoundError(`Token ${req.params.tokenId} not found`);
    await revokeApiKey(ctx.store, { id: token.id });
    res.status(204).end();
  });

  return router;
}
