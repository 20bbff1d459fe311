// Starting and ending a signed-in session for a request.
import type { Request, Response } from "express";
import { deleteSession, deleteSessionsOfUser, upsertSession, type Store } from "@promptmetrics/clickhouse";
import { forgetCaller } from "./caller.ts";
import { clearSessionCookie, newSessionSecret, readSessionCookie, sessionIdOf, setSessionCookie } from "./session-cookie.ts";
import { sessionExpiry, type SessionPolicy } from "./session-policy.ts";

/** The store sessions are kept in, the clock they expire by, and how long they last. */
export interface SessionDeps {
  store: Store;
  now: () => Date;
  sessionPolicy: SessionPolicy;
}

export async function startSession(ctx: SessionDeps, req: Request, res: Response, userId: string): Promise<void> {
  // A fresh id at every sign-in, whatever cookie came in, so a planted session id is never promoted.
  const previous = readSessionCookie(req);
  if (previous) await deleteSession(ctx.store, { id: sessionIdOf(previous) });
  const now = ctx.now();
  const { secret, id } = newSessionSecret();
  const expiresAt = sessionExpiry(ctx.sessionPolicy, now, now);
  await upsertSession(ctx.store, { id, userId, createdAt: now, expiresAt });
  setSessionCookie(req, res, secret, expiresAt, now);
  forgetCaller(req);
}

export async function endSession(ctx: SessionDeps, req: Request, res: Response): Promise<void> {
  const secret = readSessionCookie(req);
  if (secret) await deleteSession(ctx.store, { id: sessionIdOf(secret) });
  clearSessionCookie(req, res);
  forgetCaller(req);
}

/** Ends every other session of the user (after a password change); the one making the request stays. */
export async function endOtherSessions(ctx: SessionDeps, req: Request, userId: string): Promise<number> {
  const current = readSessionCookie(req);
  return deleteSessionsOfUser(ctx.store, { userId, keepId: current ? sessionIdOf(current) : "" });
}
