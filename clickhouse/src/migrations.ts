// Schema migrations: ordered SQL files in clickhouse/migrations, each applied once and recorded in
// schema_migrations with a SHA-256 checksum. Changing a file that was already applied is an error:
// write a new migration instead. Statements are written to be re-runnable (IF NOT EXISTS, OR REPLACE)
// because ClickHouse has no transactional DDL: a migration interrupted half-way is simply run again.
// With a cluster name, the same files are applied as rendered for a self-managed cluster (cluster/).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ClusterNeedsServerError } from "./cluster/cluster-errors.ts";
import { renderClusterMigrations, renderClusterStatement } from "./cluster/render-cluster-ddl.ts";
import { MigrationError } from "./errors.ts";
import { formatUtcDateTime } from "./params.ts";
import { backfillMemberRollupMetrics } from "./queries/rollup-backfill.ts";
import { splitStatements } from "./split-statements.ts";
import type { Migration } from "./migration.ts";
import type { Store } from "./store.ts";

export type { Migration } from "./migration.ts";

export interface MigrateOptions {
  /**
   * Apply the statements rendered for this self-managed cluster (ON CLUSTER, Replicated engines,
   * Distributed tables); a server store only. Each migration is still recorded with its file's checksum.
   */
  cluster?: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));
/**
 * Data a migration's statements cannot fill in SQL the cluster renderer accepts, filled right after them
 * and before the migration is recorded (an interrupted one runs again: each backfill is written to add
 * nothing the second time). `startedAt`: when the migration's statements began.
 */
export const MIGRATION_BACKFILLS: ReadonlyMap<number, (store: Store, startedAt: Date) => Promise<void>> = new Map([
  [28, (store: Store, startedAt: Date) => backfillMemberRollupMetrics(store, { before: startedAt })],
]);

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations
(
    version     UInt32,
    name        String,
    checksum    String,
    applied_at  DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY version`;

/** The statement that creates the bookkeeping table, plain or for the cluster (replicated to every host). */
export function migrationsTableStatement(cluster?: string): string {
  const plain = CREATE_MIGRATIONS_TABLE.trim();
  return cluster === undefined ? plain : renderClusterStatement(plain, cluster)[0]!;
}

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith(".sql")) continue;
    const match = FILE_NAME.exec(file);
    if (!match) throw new MigrationError(`Migration file ${file} must be named NNNN_snake_name.sql`);
    const text = fs.readFileSync(path.join(dir, file), "utf8").replace(/\r\n/g, "\n");
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new MigrationError(`Two migration files share version ${match[1]}`);
    migrations.push({
      version,
      name: file,
      checksum: createHash("sha256").update(text).digest("hex"),
      statements: splitStatements(text),
    });
  }
  return migrations;
}

export async function migrate(
  store: Store,
  migrations: Migration[] = loadMigrations(),
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const { cluster } = options;
  if (cluster !== undefined && store.kind !== "server") throw new ClusterNeedsServerError(cluster);
  // Rendered before anything runs, so that a statement the renderer refuses leaves the store untouched.
  const planned = cluster === undefined ? migrations : renderClusterMigrations(migrations, cluster);
  await store.command(migrationsTableStatement(cluster), undefined, { tag: "migrate" });
  const applied = await store.query<{ version: number; name: string; checksum: string }>(
    "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
    undefined,
    { tag: "migrate" },
  );
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const migration = byVersion.get(row.version);
    if (!migration) throw new MigrationError(`Migration ${row.name} was applied to this store but its file is missing`);
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)} ` +
          `in the store, ${migration.checksum.slice(0, 12)} on disk). Restore the file and put the change in a new migration.`,
      );
    }
  }
  const appliedVersions = new Set(applied.map((row) => row.version));
  const report: MigrationReport = { applied: [], alreadyApplied: appliedVersions.size };
  for (const migration of planned) {
    if (appliedVersions.has(migration.version)) continue;
    const startedAt = new Date();
    for (const statement of migration.statements) await store.command(statement, undefined, { tag: "migrate" });
    await MIGRATION_BACKFILLS.get(migration.version)?.(store, startedAt);
    await store.insert(
      "schema_migrations",
      [{ version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: formatUtcDateTime(new Date()) }],
      { tag: "migrate" },
    );
    report.applied.push(migration.name);
  }
  return report;
}
