// `promptmetrics migrate [--cluster <name>] [--print]`: applies pending migrations and exits. With --print
// it writes them as a runnable .sql script instead and opens no store; with --cluster they are rendered
// for a self-managed cluster (ON CLUSTER, Replicated engines, Distributed tables), which needs a server.
import {
  ClusterNeedsServerError,
  createClusterDatabaseIfMissing,
  formatMigrationScript,
  loadMigrations,
  migrate,
  openStore,
  quoteClusterName,
  storeConfigFromEnv,
  type MigrationReport,
} from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";

export interface MigrateCommandOptions {
  /** Render for this cluster (a name from the servers' remote_servers). */
  cluster?: string;
  /** Write the statements to stdout instead of applying them. */
  print: boolean;
}

export async function runMigrate(env: Env, options: MigrateCommandOptions = { print: false }): Promise<void> {
  if (options.print) {
    process.stdout.write(formatMigrationScript(loadMigrations(), options.cluster === undefined ? {} : { cluster: options.cluster }));
    return;
  }
  if (options.cluster !== undefined) {
    await migrateCluster(env, options.cluster);
    return;
  }
  const { store, migrations } = await openMigratedStore(env);
  await store.close();
  reportMigrations(migrations, `the ${store.location}`);
}

async function migrateCluster(env: Env, cluster: string): Promise<void> {
  quoteClusterName(cluster); // a bad name is refused before anything is opened
  const config = storeConfigFromEnv(env);
  if (config.kind !== "server") throw new ClusterNeedsServerError(cluster);
  await createClusterDatabaseIfMissing(config, cluster);
  const store = openStore(config);
  try {
    reportMigrations(await migrate(store, loadMigrations(), { cluster }), `cluster ${cluster} through the ${store.location}`);
  } finally {
    await store.close();
  }
  if (env.PROMPTMETRICS_RETENTION_DAYS !== undefined) {
    console.log("PROMPTMETRICS_RETENTION_DAYS is not applied by migrate --cluster: set the TTL on spans_local ON CLUSTER yourself.");
  }
}

function reportMigrations(report: MigrationReport, where: string): void {
  if (report.applied.length === 0) {
    console.log(`Schema is up to date (${report.alreadyApplied} migrations applied) on ${where}.`);
  } else {
    console.log(`Applied ${report.applied.length} migration(s) on ${where}: ${report.applied.join(", ")}`);
  }
}
