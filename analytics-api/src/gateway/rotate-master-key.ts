// Re-seals every stored provider key from the previous master key to the new one. Each key is rewritten
// as one newer row version, so a run cut short leaves each key under one master key or the other, and
// running it again finishes the rest (keys already under the new key are skipped).
import { listAllProviderKeys, upsertProviderKey, type Store } from "@promptmetrics/clickhouse";
import { openKey, sealKey } from "./key-seal.ts";
import type { MasterKey } from "./master-key.ts";
import { MasterKeyMismatchError } from "./master-key-check.ts";

export interface RotationReport {
  resealed: number;
  alreadyUnderNewKey: number;
}

export async function rotateMasterKey(store: Store, previous: MasterKey, next: MasterKey, now = new Date()): Promise<RotationReport> {
  const keys = await listAllProviderKeys(store);
  const strangers = keys.filter((key) => key.masterKeyId !== previous.id && key.masterKeyId !== next.id);
  if (strangers.length > 0)
    throw new MasterKeyMismatchError(
      `${strangers.length} provider key(s) are sealed under neither key (fingerprint ${[...new Set(strangers.map((k) => k.masterKeyId))].join(", ")}); nothing was changed`,
    );
  let resealed = 0;
  for (const key of keys) {
    if (key.masterKeyId === next.id) continue;
    const plaintext = openKey(previous, key.ciphertext, key.id);
    await upsertProviderKey(store, { ...key, ciphertext: sealKey(next, plaintext, key.id), masterKeyId: next.id, updatedAt: now });
    resealed++;
  }
  return { resealed, alreadyUnderNewKey: keys.length - resealed };
}
