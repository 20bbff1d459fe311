// `promptmetrics rebuild-rollups --from <date> --to <date>`: recomputes every hourly rollup for the months
// in which runs started in the range, from the stored spans. For rollups added by an upgrade (which count
// only what is ingested after their migration) and after repairs; reprice does the same for the months
// whose prices it changed.
import { listSpanMonths, rebuildRollupPartitions, ROLLUPS } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";
import { NotOnClusterError } from "./not-on-cluster.ts";

export async function runRebuildRollups(env: Env, opts: { from: Date; to: Date }): Promise<string> {
  if (env.CLICKHOUSE_URL && env.CLICKHOUSE_CLUSTER) throw new NotOnClusterError("rebuild-rollups");
  const { store } = await openMigratedStore(env);
  try {
    const months = await listSpanMonths(store, opts);
    if (months.length === 0) return `No runs between ${opts.from.toISOString()} and ${opts.to.toISOString()}: nothing to rebuild.\n`;
    await rebuildRollupPartitions(store, { partitions: months });
    const shown = months.map((month) => `${String(month).slice(0, 4)}-${String(month).slice(4)}`).join(", ");
    return `Rebuilt ${ROLLUPS.length} rollups for ${months.length} month(s): ${shown}.\n`;
  } finally {
    await store.close();
  }
}
