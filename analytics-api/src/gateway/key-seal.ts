// Seals a provider key with AES-256-GCM under the master key: "v1." + base64url(IV ‖ tag ‖ ciphertext), a
// fresh 96-bit IV each time. The connection's id is the associated data, so a sealed key copied onto
// another connection's row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey } from "./master-key.ts";

const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedKeyError extends Error {
  override readonly name = "SealedKeyError";
}

export function sealKey(master: MasterKey, plaintext: string, boundTo: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", master.bytes, iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
}

export function openKey(master: MasterKey, sealed: string, boundTo: string): string {
  if (!sealed.startsWith(VERSION)) throw new SealedKeyError("Unknown sealed key format");
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new SealedKeyError("Sealed key is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", master.bytes, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(boundTo, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedKeyError("The sealed key does not open under this master key");
  }
}
