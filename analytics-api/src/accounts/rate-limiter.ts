// The sign-in limiter: at most `max` attempts per key in any `windowMs`, counted in the store
// (login_attempts) so that every API replica counts the same attempts. Keys are stored as SHA-256, never
// as the IP and email they are made of. An attempt is written first and counted after: two replicas
// racing at the limit then both see each other and refuse (never more than `max` pass). A refused
// attempt is withdrawn, so hammering does not extend the wait; a successful sign-in withdraws them all.
// The same limiter counts the other budgets (login-budgets.ts), keyed apart.
import { createHash, randomUUID } from "node:crypto";
import {
  clearLoginAttempts,
  countLoginAttemptsInWindow,
  insertLoginAttempt,
  insertLoginAttemptClearance,
  insertLoginAttemptRefusal,
  type Store,
} from "@promptmetrics/clickhouse";

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A counted attempt that can still be taken back, e.g. by a budget of failures once it succeeded. */
export type RateClaim = { allowed: true; withdraw(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts an attempt for `key` unless the key is over its limit; a refused attempt is not counted. */
  hit(key: string): Promise<RateVerdict>;
  /** As `hit`, and an allowed attempt can be withdrawn later (it then stops counting). */
  claim(key: string): Promise<RateClaim>;
  /** Forgets the key's attempts (after a successful sign-in). */
  reset(key: string): Promise<void>;
}

export interface RateLimitOptions {
  store: Store;
  max: number;
  windowMs: number;
  /** The clock attempts are timed by; the store server's own when unset (tests move one). */
  now?: () => Date;
}

export function createRateLimiter({ store, max, windowMs, now }: RateLimitOptions): RateLimiter {
  const claim = async (key: string): Promise<RateClaim> => {
    const hashed = hashKey(key);
    const attemptId = randomUUID();
    const at = now?.();
    await insertLoginAttempt(store, { key: hashed, attemptId, at });
    const window = await countLoginAttemptsInWindow(store, { key: hashed, attemptId, windowMs, at });
    if (window.attempts <= max) return { allowed: true, withdraw: () => insertLoginAttemptClearance(store, { key: hashed, attemptId }) };
    await insertLoginAttemptRefusal(store, { key: hashed, attemptId });
    return { allowed: false, retryAfterSeconds: secondsUntilRoom(window.otherTimes, window.attempts - max, windowMs, window.now) };
  };
  return {
    claim,
    async hit(key) {
      const claimed = await claim(key);
      return claimed.allowed ? { allowed: true } : claimed;
    },
    async reset(key) {
      await clearLoginAttempts(store, { key: hashKey(key), windowMs, at: now?.() });
    },
  };
}

/** When `leaving` of the other attempts (oldest first) have left the window, one more fits. */
function secondsUntilRoom(otherTimes: readonly Date[], leaving: number, windowMs: number, now: Date): number {
  const last = otherTimes[Math.min(leaving, otherTimes.length) - 1];
  const waitMs = last === undefined ? windowMs : last.getTime() + windowMs - now.getTime();
  return Math.max(1, Math.ceil(waitMs / 1000));
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
