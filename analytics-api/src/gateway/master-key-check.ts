// At start-up: provider keys are stored, so PROMPTMETRICS_MASTER_KEY must be set, and be the key they
// were sealed under. Names the problem and the fix; never prints a key, only fingerprints.
import { listAllProviderKeys, type Store } from "@promptmetrics/clickhouse";
import type { MasterKey } from "./master-key.ts";

export class MasterKeyMismatchError extends Error {
  override readonly name = "MasterKeyMismatchError";
}

export async function checkMasterKey(store: Store, master: MasterKey | undefined): Promise<void> {
  const keys = await listAllProviderKeys(store);
  if (keys.length === 0) return;
  if (!master)
    throw new MasterKeyMismatchError(
      `${keys.length} provider key(s) are stored but PROMPTMETRICS_MASTER_KEY is not set: set the key they were sealed under`,
    );
  const others = new Set(keys.filter((key) => key.masterKeyId !== master.id).map((key) => key.masterKeyId));
  if (others.size > 0)
    throw new MasterKeyMismatchError(
      `PROMPTMETRICS_MASTER_KEY (fingerprint ${master.id}) is not the key the stored provider keys were sealed under ` +
        `(fingerprint ${[...others].join(", ")}): set that key, or run promptmetrics rotate-master-key with both`,
    );
}
