// `promptmetrics rotate-master-key`: re-seals every stored provider key from PROMPTMETRICS_PREVIOUS_MASTER_KEY
// to PROMPTMETRICS_MASTER_KEY. Safe to run again after an interruption. With the embedded store, stop the
// server first (one process holds the data dir); with a ClickHouse server, restart the API replicas with
// the new key once it has run.
import { MasterKeyError, rotateMasterKey } from "@promptmetrics/analytics-api";
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";

export async function runRotateMasterKey(env: Env): Promise<string> {
  const next = env.PROMPTMETRICS_MASTER_KEY;
  const previous = env.PROMPTMETRICS_PREVIOUS_MASTER_KEY;
  if (!next || !previous)
    throw new MasterKeyError(
      "rotate-master-key needs PROMPTMETRICS_PREVIOUS_MASTER_KEY (the key in use) and PROMPTMETRICS_MASTER_KEY (the new one)",
    );
  if (next.id === previous.id) throw new MasterKeyError("PROMPTMETRICS_MASTER_KEY and PROMPTMETRICS_PREVIOUS_MASTER_KEY are the same key");
  const { store } = await openMigratedStore(env);
  try {
    const report = await rotateMasterKey(store, previous, next);
    return (
      `Re-sealed ${report.resealed} provider key(s) under the master key ${next.id}` +
      (report.alreadyUnderNewKey > 0 ? ` (${report.alreadyUnderNewKey} already were).\n` : ".\n")
    );
  } finally {
    await store.close();
  }
}
