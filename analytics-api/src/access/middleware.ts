// The middleware in front of every /api route: resolve the caller once, keep an active session alive,
// and refuse cross-site state changes made with the session cookie (see csrf.ts for the scheme).
import type { RequestHandler } from "express";
import { upsertSession, type Store } from "@promptmetrics/clickhouse";
import { AppError } from "../http/errors.ts";
import type { CallerResolver } from "./caller.ts";
import { checkCsrf } from "./csrf.ts";
import { hasSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie.ts";
import { sessionExpiry, sessionNeedsRenewal, type SessionPolicy } from "./session-policy.ts";
import type { TokenRateLimit } from "./token-rate-limit.ts";

export class CsrfError extends AppError {
  constructor(reason: string) {
    super(403, "csrf_rejected", reason);
  }
}

export function createAccessMiddleware(deps: {
  store: Store;
  resolveCaller: CallerResolver;
  now: () => Date;
  trustedOrigins: readonly string[];
  sessionPolicy: SessionPolicy;
  /** Spends one request of a token's budget; throws RateLimitedError (429) when it is used up. */
  tokenRateLimit: TokenRateLimit;
}): RequestHandler {
  return async (req, res, next) => {
    const verdict = checkCsrf({
      method: req.method,
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.host,
      hasBearer: req.headers.authorization !== undefined,
      hasSessionCookie: hasSessionCookie(req),
      trustedOrigins: deps.trustedOrigins,
    });
    if (!verdict.ok) throw new CsrfError(verdict.reason);

    const caller = await deps.resolveCaller(req);
    if (caller?.via === "token") await deps.tokenRateLimit(caller.tokenId);
    if (caller?.via === "session") {
      // Sliding expiry with few writes: a session is extended only once half its idle time has passed,
      // and never past its absolute lifetime from the sign-in.
      const now = deps.now();
      if (sessionNeedsRenewal(deps.sessionPolicy, caller.session, now)) {
        const expiresAt = sessionExpiry(deps.sessionPolicy, caller.session.createdAt, now);
        await upsertSession(deps.store, { ...caller.session, expiresAt });
        setSessionCookie(req, res, readSessionCookie(req) ?? "", expiresAt, now);
      }
    }
    next();
  };
}
