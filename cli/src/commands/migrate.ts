// `promptmetrics migrate [--cluster <name>] [--print]`: applies pending migrations and exits. With --print
// it writes them as a runnable .sql script instead and opens no store; with --cluster they are rendered
// for a self-managed cluster (ON CLUSTER, Replicated engines, Distributed tables), which needs a server.
import { formatMigrationScript, loadMigrations, type MigrationReport } from "@promptmetrics/clickhouse";
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
  const { store, migrations } = await openMigratedStore(env, { cluster: options.cluster });
  await store.close();
  reportMigrations(
    migrations,
    options.cluster === undefined ? `the ${store.location}` : `cluster ${options.cluster} through the ${store.location}`,
  );
}

function reportMigrations(report: MigrationReport, where: string): void {
  if (report.applied.length === 0) {
    console.log(`Schema is up to date (${report.alreadyApplied} migrations applied) on ${where}.`);
  } else {
    console.log(`Applied ${report.applied.length} migration(s) on ${where}: ${report.applied.join(", ")}`);
  }
}
