// When the gateway tries a call again: a 429, a 5xx that means "try later" (500, 502, 503, 504, Anthropic's
// 529) or a connection that failed before any answer. The wait is the provider's Retry-After when it
// gives one (seconds or an HTTP date), else 250 ms × 2^attempt with full jitter; never past the call's
// budget of waiting, so a client is not held for a minute by a provider asking for one.
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504, 529]);
export const DEFAULT_RETRIES = 2;
export const MAX_RETRIES = 5;
/** The most a call waits between its attempts, all retries together. */
export const RETRY_BUDGET_MS = 10_000;
const BASE_DELAY_MS = 250;

/** The wait before retry number `attempt` (0 = the first retry); `random` in [0, 1). */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, now: number, random: number): number {
  const asked = retryAfterMs(retryAfter, now);
  if (asked !== undefined) return asked;
  const ceiling = BASE_DELAY_MS * 2 ** attempt;
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `x-promptmetrics-retries`: 0..MAX_RETRIES, else the default. */
export function retriesFrom(header: string): number {
  if (!/^\d$/.test(header.trim())) return DEFAULT_RETRIES;
  return Math.min(MAX_RETRIES, Number(header.trim()));
}
