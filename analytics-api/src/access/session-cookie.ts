// The session cookie: an opaque 256-bit random secret, of which the store keeps only the SHA-256 (the
// session's id), so a copy of the sessions table cannot be replayed. httpOnly (no script reads it),
// SameSite=Lax (not sent on cross-site POSTs), Secure whenever the request came over https.
import { randomBytes } from "node:crypto";
import type { Request, Response } from "express";
import { hashSecret } from "./api-keys.ts";

export const SESSION_COOKIE = "pm_session";

export function newSessionSecret(): { secret: string; id: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, id: sessionIdOf(secret) };
}

export function sessionIdOf(secret: string): string {
  return hashSecret(secret);
}

/** The session secret the request's Cookie header carries, if any. */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export function hasSessionCookie(req: Request): boolean {
  return (req.headers.cookie ?? "").split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

export function setSessionCookie(req: Request, res: Response, secret: string, expiresAt: Date, now: Date): void {
  res.cookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "lax",
    secure: req.secure,
    path: "/",
    maxAge: Math.max(0, expiresAt.getTime() - now.getTime()),
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure: req.secure, path: "/" });
}
