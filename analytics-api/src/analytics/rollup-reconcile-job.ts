// The scheduler job that keeps the rollups equal to the spans while ingest runs ("rollups.reconcile"):
// every few minutes, the hours that settled since the last runs (no span written for 10 minutes) are
// compared per project with the spans and any difference is inserted as a correcting row
// (reconcileSettledRollups). It repairs what the views alone cannot: two ingest replicas racing on one
// retried span, a process killed between the spans' commit and a view's, a failed retraction.
import { reconcileSettledRollups, type Store } from "@promptmetrics/clickhouse";
import type { JobDefinition } from "../scheduler/scheduler.ts";

export const ROLLUP_RECONCILE_JOB = "rollups.reconcile";

export function rollupReconcileJob({
  store,
  everyMs = 5 * 60_000,
}: {
  store: Store;
  /** @default 5 min */ everyMs?: number;
}): JobDefinition {
  return {
    name: ROLLUP_RECONCILE_JOB,
    cadence: { kind: "interval", everyMs },
    retryAfterMs: 60_000,
    run: async ({ clock, log }) => {
      // Each settled hour is seen by about four runs: a run or two may be missed without missing an hour.
      const corrections = await reconcileSettledRollups(store, { now: clock.now(), lookbackMs: 4 * everyMs });
      for (const c of corrections)
        log(`${c.table} project ${c.projectId} hour ${c.bucket}: corrected by ${c.requests > 0 ? "+" : ""}${c.requests} run(s)`);
      log(`${corrections.length} rollup row(s) corrected`);
    },
  };
}
