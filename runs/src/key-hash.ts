// Ingest keys, API tokens, session and invitation secrets are stored only as this hash. A fast hash is
// right here because each secret is random (256 bits), unlike a password.
import { createHash } from "node:crypto";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
