// How long a sign-in lasts. Idle: a session unused for `idleMs` ends (renewed, with few writes, once
// half of it has passed). Absolute: it ends `absoluteMs` after the sign-in whatever the activity, so a
// stolen cookie cannot be kept alive forever by using it. Both come from the environment (env.ts).
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

const HOUR = 3600_000;

/** 14 days idle (as before), 30 days at most from the sign-in. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 14 * 24 * HOUR, absoluteMs: 30 * 24 * HOUR };

/** When a session signed in at `createdAt` and used at `now` expires: the earlier of its two limits. */
export function sessionExpiry(policy: SessionPolicy, createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + policy.idleMs, createdAt.getTime() + policy.absoluteMs));
}

/** Whether a session read from the store has ended: its idle expiry passed, or its absolute lifetime. */
export function sessionEnded(policy: SessionPolicy, session: { createdAt: Date; expiresAt: Date }, now: Date): boolean {
  const at = now.getTime();
  return session.expiresAt.getTime() <= at || session.createdAt.getTime() + policy.absoluteMs <= at;
}

/** Renew once more than half the idle time has passed, unless the absolute limit already caps the expiry. */
export function sessionNeedsRenewal(policy: SessionPolicy, session: { createdAt: Date; expiresAt: Date }, now: Date): boolean {
  const renewed = sessionExpiry(policy, session.createdAt, now);
  return session.expiresAt.getTime() - now.getTime() < policy.idleMs / 2 && renewed.getTime() > session.expiresAt.getTime();
}
