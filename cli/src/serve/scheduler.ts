// The scheduler of a serving process (`start` and every `api` replica): one per process, with every
// recurring job the configuration turns on; the store's leases make each job run once across replicas.
import {
  createScheduler,
  optimizationRefreshJob,
  projectRetentionJob,
  rollupReconcileJob,
  type Scheduler,
} from "@promptmetrics/analytics-api";
import type { Store } from "@promptmetrics/clickhouse";
import type { ProjectPricers } from "@promptmetrics/runs";
import type { Env } from "../env.ts";
import { observabilityFor } from "../observability/process-observability.ts";
import { priceSyncJob } from "../prices/price-sync-job.ts";
import { backupJob } from "../backup/backup-job.ts";

/** Builds the scheduler with the configured jobs and starts it; stop() it before the store closes. */
export function startServedScheduler(store: Store, env: Env, pricers: ProjectPricers): Scheduler {
  const { logger, onJobOutcome } = observabilityFor(env);
  const scheduler = createScheduler({ store, log: (line) => logger.info(line), onOutcome: onJobOutcome });
  // Suggestions are recomputed hourly (and on demand, POST /api/optimization/refresh).
  scheduler.add(optimizationRefreshJob({ store, pricers }));
  // Per-project retention (PUT /api/projects/:id/retention), applied hourly; a cluster refuses the setting.
  if (!env.CLICKHOUSE_CLUSTER) scheduler.add(projectRetentionJob({ store }));
  // Settled hours of the rollups are compared with the spans every 5 minutes and corrected (replica
  // races, a view commit lost to a kill). Not on a cluster yet: its views live on each shard's *_local tables.
  if (!env.CLICKHOUSE_CLUSTER) scheduler.add(rollupReconcileJob({ store }));
  const priceSync = priceSyncJob(store, env);
  if (priceSync) scheduler.add(priceSync);
  const backup = backupJob(store, env);
  if (backup) scheduler.add(backup);
  scheduler.start();
  return scheduler;
}
