// Every migration as one runnable .sql script (`promptmetrics migrate [--cluster <name>] --print`), for a
// person to review and apply with clickhouse-client: the bookkeeping table, then each statement preceded
// by the file it comes from, and after each file the INSERT that records it, exactly as `migrate` does.
import { MigrationError } from "../errors.ts";
import { MIGRATION_BACKFILLS, migrationsTableStatement, type Migration } from "../migrations.ts";
import { quoteClusterName } from "./cluster-name.ts";
import { renderClusterMigrations } from "./render-cluster-ddl.ts";

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
const CHECKSUM = /^[0-9a-f]{64}$/;

export function formatMigrationScript(migrations: readonly Migration[], options: { cluster?: string } = {}): string {
  const { cluster } = options;
  const planned = cluster === undefined ? migrations : renderClusterMigrations(migrations, cluster);
  const blocks = [`-- schema_migrations (bookkeeping)\n${migrationsTableStatement(cluster)}`];
  for (const migration of planned) {
    for (const statement of migration.statements) blocks.push(`-- ${migration.name}\n${statement}`);
    // A backfill reads the store (the rollup's sums, its own start time), so only migrate runs it.
    const backfill = MIGRATION_BACKFILLS.has(migration.version)
      ? "-- On a store that already holds runs, `promptmetrics migrate` backfills data here; this script cannot.\n"
      : "";
    blocks.push(`-- ${migration.name}\n${backfill}${recordStatement(migration)}`);
  }
  return `${header(cluster)}\n${blocks.join(";\n\n")};\n`;
}

function header(cluster: string | undefined): string {
  const name = cluster === undefined ? "" : quoteClusterName(cluster);
  const lines =
    cluster === undefined
      ? [
          "-- PromptMetrics schema: every migration in order. Run it against one ClickHouse database, e.g.",
          "--   clickhouse-client --database <db> --multiquery < schema.sql",
        ]
      : [
          `-- PromptMetrics schema for the self-managed cluster ${name}: every migration in order, rendered with`,
          "-- ON CLUSTER, Replicated engines on <table>_local and Distributed tables under the original names.",
          `-- Create the database on every host first (CREATE DATABASE IF NOT EXISTS <db> ON CLUSTER ${name}),`,
          "-- then run this on any one host: clickhouse-client --database <db> --multiquery < schema.sql",
        ];
  return [...lines, "-- Every statement is re-runnable; the INSERTs record each migration in schema_migrations.", ""].join("\n");
}

/**
 * The record `migrate` inserts, as SQL text. A script has no query parameters, so the values are written
 * in: they are the loader's own (a version number, a checked file name, a hex digest), never input.
 */
function recordStatement(migration: Migration): string {
  if (!Number.isInteger(migration.version) || !FILE_NAME.test(migration.name) || !CHECKSUM.test(migration.checksum)) {
    throw new MigrationError(`Migration ${migration.name} cannot be written into a script (unexpected name or checksum)`);
  }
  return (
    "INSERT INTO schema_migrations (version, name, checksum, applied_at)\n" +
    `SELECT ${migration.version}, '${migration.name}', '${migration.checksum}', now64(3)`
  );
}
