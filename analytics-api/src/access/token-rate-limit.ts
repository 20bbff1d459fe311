// The budget of requests each API token may make, counted in the store by the sign-in limiter
// (accounts/rate-limiter.ts) so every API replica spends the same one. A script in a loop, or a leaked
// token in someone else's hands, gets 429 with Retry-After instead of the whole API's attention.
import type { Store } from "@promptmetrics/clickhouse";
import { createRateLimiter } from "../accounts/rate-limiter.ts";
import { RateLimitedError } from "../http/errors.ts";

export interface RateLimitSetting {
  max: number;
  windowMs: number;
}

/** 600 requests a minute per token: ten a second, far above a dashboard or a Grafana board's polling. */
export const DEFAULT_TOKEN_RATE_LIMIT: RateLimitSetting = { max: 600, windowMs: 60_000 };

export type TokenRateLimit = (tokenId: string) => Promise<void>;

export function createTokenRateLimit({
  store,
  limit,
  now,
}: {
  store: Store;
  limit: RateLimitSetting;
  now?: (() => Date) | undefined;
}): TokenRateLimit {
  const limiter = createRateLimiter({ store, ...limit, ...(now === undefined ? {} : { now }) });
  return async (tokenId) => {
    const verdict = await limiter.hit(`token|${tokenId}`);
    if (!verdict.allowed)
      throw new RateLimitedError(
        `This API token made more than ${limit.max} requests in ${describeWindow(limit.windowMs)}; wait ${verdict.retryAfterSeconds} s (Retry-After) and slow down`,
        verdict.retryAfterSeconds,
      );
  };
}

function describeWindow(ms: number): string {
  if (ms % 3600_000 === 0) return ms === 3600_000 ? "an hour" : `${ms / 3600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? "a minute" : `${ms / 60_000} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
