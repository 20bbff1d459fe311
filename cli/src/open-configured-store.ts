// Opens the store the environment describes and brings it to the current schema: the same first steps
// for every command that touches data.
import {
  applySpanRetention,
  createDatabaseIfMissing,
  migrate,
  openStore,
  storeConfigFromEnv,
  type MigrationReport,
  type Store,
} from "@promptmetrics/clickhouse";
import type { Env } from "./env.ts";

export async function openMigratedStore(env: Env): Promise<{ store: Store; migrations: MigrationReport }> {
  const config = storeConfigFromEnv(env);
  if (config.kind === "server") await createDatabaseIfMissing(config);
  const store = openStore(config);
  try {
    const migrations = await migrate(store);
    await applySpanRetention(store, env.PROMPTMETRICS_RETENTION_DAYS);
    return { store, migrations };
  } catch (error) {
    await store.close();
    throw error;
  }
}
