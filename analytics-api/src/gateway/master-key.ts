// PROMPTMETRICS_MASTER_KEY: the 32 random bytes provider keys are sealed under, given as 64 hex digits or
// base64. Its fingerprint (the first 16 hex digits of its SHA-256) is stored beside each sealed key, so a
// missing or different master key is named at start-up, not discovered on the first gateway call.
import { createHash } from "node:crypto";

export interface MasterKey {
  readonly bytes: Buffer;
  /** First 16 hex digits of SHA-256(bytes): safe to store and log. */
  readonly id: string;
}

export class MasterKeyError extends Error {
  override readonly name = "MasterKeyError";
}

export function parseMasterKey(text: string, variable = "PROMPTMETRICS_MASTER_KEY"): MasterKey {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed.replaceAll("-", "+").replaceAll("_", "/"), "base64");
    if (decoded.length === 32) bytes = decoded;
  }
  // The message never echoes the value: it is a secret even when malformed.
  if (!bytes) throw new MasterKeyError(`${variable} must be 32 random bytes as 64 hex digits or base64 (try: openssl rand -hex 32)`);
  return { bytes, id: masterKeyId(bytes) };
}

export function masterKeyId(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}
