// `promptmetrics reprice --from <date> --to <date> [--model <m>]`: recomputes past costs with the current
// catalogue, synced prices and overrides, and rebuilds the rollups they fall in. `prices sync --reprice`
// runs the same on the store it already holds.
import { listPriceOverrides, listSyncedPrices, repriceRuns, type Store } from "@promptmetrics/clickhouse";
import { createProjectPricers } from "@promptmetrics/runs";
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";
import { NotOnClusterError } from "./not-on-cluster.ts";

export interface RepriceRange {
  from: Date;
  to: Date;
  model?: string | undefined;
}

export async function runReprice(env: Env, opts: RepriceRange): Promise<string> {
  if (env.CLICKHOUSE_URL && env.CLICKHOUSE_CLUSTER) throw new NotOnClusterError("reprice");
  const { store } = await openMigratedStore(env);
  try {
    return await repriceStore(store, opts);
  } finally {
    await store.close();
  }
}

/** Reprices one range (and model) of an open, migrated store; returns the line a user reads. */
export async function repriceStore(store: Store, opts: RepriceRange): Promise<string> {
  const pricers = createProjectPricers({ load: () => listPriceOverrides(store), loadSynced: () => listSyncedPrices(store) });
  try {
    await pricers.refresh();
    const report = await repriceRuns(store, { from: opts.from, to: opts.to, model: opts.model, pricerFor: pricers.forProject });
    const months = report.partitions.map((p) => `${String(p).slice(0, 4)}-${String(p).slice(4)}`).join(", ");
    return (
      `Repriced ${report.changed} of ${report.scanned} runs between ${opts.from.toISOString()} and ${opts.to.toISOString()}` +
      (opts.model === undefined ? "" : ` of model ${opts.model}`) +
      (report.partitions.length > 0 ? `; rebuilt rollups for ${months}.\n` : ".\n")
    );
  } finally {
    pricers.close();
  }
}
