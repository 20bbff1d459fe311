// Errors of the cluster rendering and of migrating a cluster. They extend MigrationError, so every
// entry point that already reports a migration problem as one clear message reports these the same way.
import { MigrationError } from "../errors.ts";

/** The --cluster value is not a name a cluster can have in `remote_servers`. */
export class ClusterNameError extends MigrationError {
  readonly cluster: string;
  constructor(cluster: string) {
    super(
      `"${cluster}" is not a cluster name: use the name of a cluster in the servers' remote_servers ` +
        "(letters, digits, underscores, hyphens and dots, starting with a letter or underscore).",
    );
    this.cluster = cluster;
  }
}

/** A migration statement the cluster renderer cannot rewrite safely; it names the statement and the reason. */
export class ClusterRenderError extends MigrationError {}

/** Cluster DDL was asked of the embedded store, which has no Keeper, no DDL queue and no remote shards. */
export class ClusterNeedsServerError extends MigrationError {
  readonly cluster: string;
  constructor(cluster: string) {
    super(
      `A cluster needs a ClickHouse server: migrating for cluster "${cluster}" runs ON CLUSTER DDL with Replicated ` +
        "and Distributed tables, which the embedded store (chDB) cannot run. Set CLICKHOUSE_URL to one of the " +
        "cluster's servers, or write the statements as a script with `promptmetrics migrate --cluster <name> --print`.",
    );
    this.cluster = cluster;
  }
}
