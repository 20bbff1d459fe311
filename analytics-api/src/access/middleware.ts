// The middleware in front of every /api route: resolve the caller once, keep an active session alive,
// and refuse cross-site state changes made with the session cookie (see csrf.ts for the scheme).
import type { RequestHandler } from "express";
import { upsertSession, type Store } from "@promptmetrics/clickhouse";
import { AppError } from "../http/errors.ts";
import type { CallerResolver } from "./caller.ts";
import { checkCsrf } from "./csrf.ts";
import { hasSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie.ts";
import { SESSION_RENEW_WHEN_LEFT_MS, SESSION_TTL_MS } from "./session-policy.ts";

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
    if (caller?.via === "session") {
      // Sliding expiry with few writes: a session is extended only once half its lifetime has passed.
      const now = deps.now();
      if (caller.session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_WHEN_LEFT_MS) {
        const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
        await upsertSession(deps.store, { ...caller.session, expiresAt });
        setSessionCookie(req, res, readSessionCookie(req) ?? "", expiresAt, now);
      }
    }
    next();
  };
}
