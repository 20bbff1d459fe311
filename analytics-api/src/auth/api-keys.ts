// Secrets for ingest keys and API tokens: 256 bits of randomness behind a readable prefix
// (pm_ingest_… / pm_api_…). Only a SHA-256 of the secret is stored; a fast hash is right here because
// the secret is random, unlike a password.
import { createHash, randomBytes } from "node:crypto";

export type KeyKind = "ingest" | "api";

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

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Our own keys show their kind and 6 random characters; a key chosen by the user shows at most a quarter of itself. */
export function keyPrefix(secret: string): string {
  const kindEnd = secret.startsWith("pm_") ? secret.indexOf("_", 3) : -1;
  return kindEnd > 0 ? secret.slice(0, kindEnd + 7) : secret.slice(0, Math.min(8, Math.floor(secret.length / 4)));
}
