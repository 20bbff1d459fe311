// Creates the configured database on every host of the cluster before a cluster migration: ON CLUSTER
// statements run in the same database on each host, and createDatabaseIfMissing only reaches the one
// server the store talks to.
import { MigrationError } from "../errors.ts";
import { openStore, type StoreConfig } from "../open-store.ts";
import { quoteClusterName } from "./cluster-name.ts";

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function createClusterDatabaseIfMissing(config: Extract<StoreConfig, { kind: "server" }>, cluster: string): Promise<void> {
  const onCluster = quoteClusterName(cluster);
  if (config.database === "default") return;
  // DDL takes no parameters for names; the database is checked to be a plain identifier (as the env schema does).
  if (!PLAIN_IDENTIFIER.test(config.database))
    throw new MigrationError(`Database name ${JSON.stringify(config.database)} is not a plain identifier`);
  const store = openStore({ ...config, database: "default" });
  try {
    await store.command(`CREATE DATABASE IF NOT EXISTS ${config.database} ON CLUSTER ${onCluster}`, undefined, { tag: "migrate" });
  } finally {
    await store.close();
  }
}
