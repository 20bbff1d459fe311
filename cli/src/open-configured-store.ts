// Opens the store the environment describes and brings it to the current schema: the same first steps
// for every command that touches data. With a cluster (CLICKHOUSE_CLUSTER, or migrate --cluster) the
// migrations and the retention TTL are rendered for it and the database is created on every host.
import {
  applySpanRetention,
  ClusterNeedsServerError,
  createClusterDatabaseIfMissing,
  createDatabaseIfMissing,
  migrate,
  openStore,
  quoteClusterName,
  storeConfigFromEnv,
  type MigrationReport,
  type Store,
} from "@promptmetrics/clickhouse";
import type { Env } from "./env.ts";

export async function openMigratedStore(
  env: Env,
  options: { cluster?: string | undefined } = {},
): Promise<{ store: Store; migrations: MigrationReport }> {
  const config = storeConfigFromEnv(env);
  const cluster = options.cluster ?? (config.kind === "server" ? config.cluster : undefined);
  if (cluster !== undefined) {
    quoteClusterName(cluster); // a bad name is refused before anything is opened
    if (config.kind !== "server") throw new ClusterNeedsServerError(cluster);
    await createClusterDatabaseIfMissing(config, cluster);
  } else if (config.kind === "server") {
    await createDatabaseIfMissing(config);
  }
  const store = openStore(config);
  try {
    const migrations = await migrate(store, undefined, { cluster });
    await applySpanRetention(store, env.PROMPTMETRICS_RETENTION_DAYS, { cluster });
    return { store, migrations };
  } catch (error) {
    await store.close();
    throw error;
  }
}
