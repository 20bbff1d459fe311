// A sliding-window limiter: at most `max` attempts per key in any `windowMs`. It lives in the process's
// memory, which is right for the all-in-one server; replicas of the scaled deployment each count on
// their own (so the effective limit is max × replicas) until it moves to a shared store.
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts an attempt for `key` unless the key is over its limit; a refused attempt is not counted. */
  hit(key: string): RateVerdict;
  /** Forgets the key's attempts (after a successful sign-in). */
  reset(key: string): void;
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  now?: () => number;
  /** Keys kept at most; past it, expired keys are swept and then the oldest dropped. */
  maxKeys?: number;
}

export function createRateLimiter({ max, windowMs, now = Date.now, maxKeys = 100_000 }: RateLimitOptions): RateLimiter {
  const attempts = new Map<string, number[]>();

  const recent = (key: string, at: number): number[] => {
    const times = (attempts.get(key) ?? []).filter((time) => time > at - windowMs);
    if (times.length === 0) attempts.delete(key);
    return times;
  };

  const makeRoom = (at: number) => {
    if (attempts.size < maxKeys) return;
    for (const key of attempts.keys()) recent(key, at);
    for (const key of attempts.keys()) {
      if (attempts.size < maxKeys) break;
      attempts.delete(key);
    }
  };

  return {
    hit(key) {
      const at = now();
      const times = recent(key, at);
      const oldest = times[0];
      if (times.length >= max && oldest !== undefined) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - at) / 1000)) };
      }
      if (!attempts.has(key)) makeRoom(at);
      times.push(at);
      attempts.set(key, times);
      return { allowed: true };
    },
    reset(key) {
      attempts.delete(key);
    },
  };
}
