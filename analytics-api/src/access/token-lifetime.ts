// How long an API token lives: created with an expiry (a default, a chosen number of days up to a
// maximum), refused with a 401 that says so once it has passed. Tokens made before tokens expired
// (migration 0018) have none stored: they expire at their creation + the maximum.
export interface TokenLifetime {
  defaultDays: number;
  maxDays: number;
}

export const DEFAULT_TOKEN_LIFETIME: TokenLifetime = { defaultDays: 90, maxDays: 365 };

const DAY = 24 * 3600_000;

export function tokenExpiresAt(lifetime: TokenLifetime, token: { createdAt: Date; expiresAt: Date | null }): Date {
  return token.expiresAt ?? new Date(token.createdAt.getTime() + lifetime.maxDays * DAY);
}

export function newTokenExpiry(lifetime: TokenLifetime, now: Date, days: number | undefined): Date {
  return new Date(now.getTime() + (days ?? lifetime.defaultDays) * DAY);
}
