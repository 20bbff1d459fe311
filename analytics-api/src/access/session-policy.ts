// How long a sign-in lasts: 14 days from the last renewal; a session used in its second week is renewed.
export const SESSION_TTL_MS = 14 * 24 * 3600_000;
export const SESSION_RENEW_WHEN_LEFT_MS = 7 * 24 * 3600_000;
