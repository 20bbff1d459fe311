// Who is calling: resolved once per request from `Authorization: Bearer pm_api_…` (an API token, with
// the rights of the user who created it) or else the session cookie. An Authorization header that is
// present but not a valid token makes the request anonymous, even with a valid cookie beside it. An
// expired token is anonymous too, and the 401 then says it expired.
import type { Request } from "express";
import { getApiKeyBySecretHash, getSessionById, recordApiKeysUsed, type Session, type Store } from "@promptmetrics/clickhouse";
import { hashSecret } from "./api-keys.ts";
import { createAuthCache, type AuthCache } from "./auth-cache.ts";
import { UnauthorizedError } from "../http/errors.ts";
import { readSessionCookie, sessionIdOf } from "./session-cookie.ts";
import { DEFAULT_SESSION_POLICY, sessionEnded, type SessionPolicy } from "./session-policy.ts";
import { DEFAULT_TOKEN_LIFETIME, tokenExpiresAt, type TokenLifetime } from "./token-lifetime.ts";

export type Caller = { via: "session"; userId: string; session: Session } | { via: "token"; userId: string; tokenId: string };

export type CallerResolver = (req: Request) => Promise<Caller | undefined>;

// Keyed by the request object, so whichever resolver sees a request first (normally the app's
// middleware) answers for every later caller of that request: the store is asked once per request.
const resolvedCallers = new WeakMap<Request, Promise<Caller | undefined>>();
// Why a request that sent credentials is anonymous, when the 401 should say more than "sign in".
const refusals = new WeakMap<Request, string>();

const LAST_USED_WRITE_MS = 60_000;

export function createCallerResolver({
  store,
  now = () => new Date(),
  sessionPolicy = DEFAULT_SESSION_POLICY,
  tokenLifetime = DEFAULT_TOKEN_LIFETIME,
  authCache = createAuthCache({ ttlMs: 0 }),
}: {
  store: Store;
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  tokenLifetime?: TokenLifetime;
  /** Reuses token and session lookups for a few seconds (the app's, cleared by its writes); none by default. */
  authCache?: AuthCache;
}): CallerResolver {
  const lastUsedWritten = new Map<string, number>();
  const recordTokenUse = (tokenId: string, at: Date) => {
    // At most one write a minute per token, as the ingest does for its keys (api_key_last_used).
    const previous = lastUsedWritten.get(tokenId);
    if (previous !== undefined && at.getTime() - previous < LAST_USED_WRITE_MS) return;
    if (lastUsedWritten.size > 10_000) lastUsedWritten.clear();
    lastUsedWritten.set(tokenId, at.getTime());
    recordApiKeysUsed(store, { usedAt: new Map([[tokenId, at]]) }).catch((error: unknown) =>
      console.error("[api] recording token use failed", error),
    );
  };

  const resolve = async (req: Request): Promise<Caller | undefined> => {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      if (!token) return undefined;
      const secretHash = hashSecret(token);
      const key = await authCache.get(`token\0${secretHash}`, () => getApiKeyBySecretHash(store, { secretHash }));
      if (!key || key.kind !== "api" || key.revokedAt !== null || !key.userId) return undefined;
      const at = now();
      const expiresAt = tokenExpiresAt(tokenLifetime, key);
      if (expiresAt.getTime() <= at.getTime()) {
        refusals.set(req, `This API token expired at ${expiresAt.toISOString()}; create a new one in Settings → API tokens`);
        return undefined;
      }
      recordTokenUse(key.id, at);
      return { via: "token", userId: key.userId, tokenId: key.id };
    }
    const secret = readSessionCookie(req);
    if (!secret) return undefined;
    const id = sessionIdOf(secret);
    const session = await authCache.get(`session\0${id}`, () => getSessionById(store, { id }));
    if (!session) return undefined;
    if (sessionEnded(sessionPolicy, session, now())) {
      refusals.set(req, "Your session has ended; sign in again");
      return undefined;
    }
    return { via: "session", userId: session.userId, session };
  };

  return (req) => {
    let caller = resolvedCallers.get(req);
    if (!caller) {
      caller = resolve(req);
      resolvedCallers.set(req, caller);
    }
    return caller;
  };
}

/** Forgets what was resolved for this request: after sign-in or sign-out within it. */
export function forgetCaller(req: Request): void {
  resolvedCallers.delete(req);
}

export async function requireCaller(resolveCaller: CallerResolver, req: Request): Promise<Caller> {
  const caller = await resolveCaller(req);
  if (!caller) throw new UnauthorizedError(refusals.get(req) ?? "Sign in, or send an API token as Authorization: Bearer pm_api_…");
  return caller;
}
