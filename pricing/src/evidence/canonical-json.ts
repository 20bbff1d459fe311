// The canonical serialisation the request hashes are taken over, and the hash itself. Canonical JSON
// follows RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace, strings and numbers as
// ECMAScript's JSON.stringify writes them (so 1 and 1.0 are the same number); undefined members are left
// out, -0 is 0, and a value that is not finite is null, as JSON.stringify does.
import crypto from "node:crypto";

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value === 0 ? 0 : value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return "null";
  }
  // Built by concatenation, not map/join: this runs on every request the instrumentation sees.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === "function") continue;
    if (out.length > 1) out += ",";
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/** Hex digits kept of the SHA-256: 128 bits, ample to tell requests apart within any store. */
export const HASH_HEX_LENGTH = 32;

/** The first 32 hex digits (128 bits) of the SHA-256 of the value's canonical JSON, UTF-8 encoded. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, HASH_HEX_LENGTH);
}

// crypto.hash (Node 20.12 and 21.7 on) hashes in one call without a Hash object; the published
// instrumentation also runs on older Node 20, which has only createHash.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/** The SHA-256 of the text, UTF-8 encoded, in hex. */
export function sha256Hex(text: string): string {
  return oneShot === undefined ? crypto.createHash("sha256").update(text, "utf8").digest("hex") : oneShot("sha256", text, "hex");
}

/** A string that holds a JSON object or array, parsed; anything else as it is. */
export function jsonish(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  const first = trimmed.charAt(0);
  if (first !== "{" && first !== "[") return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}
