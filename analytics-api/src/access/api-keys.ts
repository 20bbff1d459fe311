// Secrets for ingest keys and API tokens: 256 bits of randomness behind a readable prefix
// (pm_ingest_… / pm_gateway_… / pm_api_…). Only a SHA-256 of the secret is stored; a fast hash is right here because
// the secret is random, unlike a password.
import { randomBytes } from "node:crypto";
import { hashSecret } from "@promptmetrics/runs";

// The hash lives with the run model, a leaf package, so the ingest checks keys without loading the API.
export { hashSecret };

export type KeyKind = "ingest" | "gateway" | "api";

export interface GeneratedKey {
  /** Shown to the user once, never stored. */
  secret: string;
  /** The first characters, stored to tell keys apart in lists. */
  prefix: string;
  secretHash: string;
}

export function generateKey(kind: KeyKind): GeneratedKey {
  const secret = `pm_${kind}_${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: keyPrefix(secret), secretHash: hashSecret(secret) };
}

/** Exactly what generateKey makes; anything else is a key the user chose (PROMPTMETRICS_INIT_INGEST_KEY). */
const GENERATED_SECRET = /^pm_(ingest|gateway|api)_[A-Za-z0-9_-]{43}$/;
/** The two forms keyPrefix returns, the only stored prefixes shown as they are. */
const SAFE_PREFIX = /^(?:pm_(?:ingest|gateway|api)_[A-Za-z0-9_-]{6}|custom_[0-9a-f]{6})$/;

/**
 * What lists and logs show of a key: our own keys their kind and 6 of their 43 random characters; a key
 * the user chose, which may be short or guessable, none of itself, only `custom_` and the first 6 hex of
 * its SHA-256 (a chosen `pm_prod…` key was once shown whole).
 */
export function keyPrefix(secret: string): string {
  const generated = GENERATED_SECRET.exec(secret);
  return generated ? secret.slice(0, `pm_${generated[1]}_`.length + 6) : fingerprint(secret);
}

/**
 * A stored prefix as the API shows it. Older versions stored up to all of a chosen key as its prefix, so
 * a stored value that is not one of keyPrefix's two forms is replaced by a fingerprint of it.
 */
export function shownKeyPrefix(stored: string): string {
  return SAFE_PREFIX.test(stored) ? stored : fingerprint(stored);
}

function fingerprint(text: string): string {
  return `custom_${hashSecret(text).slice(0, 6)}`;
}
