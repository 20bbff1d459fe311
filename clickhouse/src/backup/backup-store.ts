// BACKUP and RESTORE of the whole PromptMetrics database, on either store: the embedded one to a
// directory (File(), inside the directory its engine was opened with as backupsDir), a server to a disk
// it configures or to S3. The statements run on the store's write path: on the embedded store that is
// the one Session every insert and DDL goes through, so a backup sees no insert half-way and every table
// (spans and the rollups fed from them) at the same instant; inserts wait meanwhile.
import { StoreError } from "../errors.ts";
import { loadMigrations } from "../migrations.ts";
import type { Store } from "../store.ts";
import { BackupError } from "./backup-error.ts";

/** Where a backup is written or read. */
export type BackupDestination =
  /** A directory `name` inside the embedded engine's backupsDir. */
  | { engine: "File"; name: string }
  /** A backup `name` on a disk the ClickHouse server configures (backups.allowed_disk). */
  | { engine: "Disk"; disk: string; name: string }
  /** An S3 prefix; without keys the server uses its own credentials (IAM role, config). */
  | { engine: "S3"; url: string; accessKeyId?: string | undefined; secretAccessKey?: string | undefined };

/** What a backup holds, read from the backup itself. */
export interface BackupContents {
  migration: number;
  migrationName: string;
  /** Rows per table (views left out). */
  tables: Record<string, number>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The destination as SQL with `{name:Type}` parameters (keys never appear in the text). */
function destinationSql(destination: BackupDestination): { sql: string; params: Record<string, string> } {
  switch (destination.engine) {
    case "File":
      return { sql: "File({backup_name:String})", params: { backup_name: destination.name } };
    case "Disk":
      return {
        sql: "Disk({backup_disk:String}, {backup_name:String})",
        params: { backup_disk: destination.disk, backup_name: destination.name },
      };
    case "S3":
      return destination.accessKeyId && destination.secretAccessKey
        ? {
            sql: "S3({backup_url:String}, {backup_key:String}, {backup_secret:String})",
            params: { backup_url: destination.url, backup_key: destination.accessKeyId, backup_secret: destination.secretAccessKey },
          }
        : { sql: "S3({backup_url:String})", params: { backup_url: destination.url } };
  }
}

/** BACKUP DATABASE takes no identifier parameter: the name is checked and quoted instead. */
function quoteDatabase(database: string): string {
  if (!IDENTIFIER.test(database)) throw new BackupError(`${JSON.stringify(database)} is not a plain database name`, "BACKUP_FAILED");
  return `\`${database}\``;
}

/** The newest migration this build knows. */
export function newestKnownMigration(): number {
  return Math.max(0, ...loadMigrations().map((migration) => migration.version));
}

/** Writes a backup of `database`; resolves once ClickHouse reports it created. */
export async function runBackup(store: Store, database: string, destination: BackupDestination): Promise<void> {
  const target = destinationSql(destination);
  try {
    await store.command(`BACKUP DATABASE ${quoteDatabase(database)} TO ${target.sql}`, target.params, { tag: "backup" });
  } catch (error) {
    throw new BackupError(`The backup failed: ${scrub(error, target.params)}`, "BACKUP_FAILED", { cause: error });
  }
}

/**
 * Reads a backup's schema level and row counts through ClickHouse's Backup database engine (a
 * read-only database over the backup, dropped again at once).
 */
export async function readBackupContents(store: Store, database: string, destination: BackupDestination): Promise<BackupContents> {
  const target = destinationSql(destination);
  const check = `promptmetrics_backup_check_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  try {
    await store.command(`CREATE DATABASE {check:Identifier} ENGINE = Backup({database:String}, ${target.sql})`, {
      ...target.params,
      check,
      database,
    });
  } catch (error) {
    throw new BackupError(`The backup could not be read: ${scrub(error, target.params)}`, "BACKUP_MISSING", { cause: error });
  }
  try {
    const tables = await store.query<{ name: string; total_rows: number }>(
      "SELECT name, total_rows FROM system.tables WHERE database = {check:String} AND total_rows IS NOT NULL ORDER BY name",
      { check },
      { tag: "backup" },
    );
    if (!tables.some((table) => table.name === "schema_migrations")) {
      throw new BackupError(
        "The backup holds no schema_migrations table: it is not a backup of a PromptMetrics database.",
        "BACKUP_INVALID",
      );
    }
    const [level] = await store.query<{ version: number; name: string }>(
      "SELECT version, name FROM {check:Identifier}.schema_migrations ORDER BY version DESC LIMIT 1",
      { check },
      { tag: "backup" },
    );
    return {
      migration: level?.version ?? 0,
      migrationName: level?.name ?? "",
      tables: Object.fromEntries(tables.map((table) => [table.name, Number(table.total_rows)])),
    };
  } finally {
    await store.command("DROP DATABASE IF EXISTS {check:Identifier} SYNC", { check }, { tag: "backup" });
  }
}

/** Tables in `database`, views included: a restore goes only into an empty database. */
export async function countTables(store: Store, database: string): Promise<number> {
  const [row] = await store.query<{ tables: number }>("SELECT count() AS tables FROM system.tables WHERE database = {database:String}", {
    database,
  });
  return Number(row?.tables ?? 0);
}

/**
 * Restores `database` from the backup and checks the result against `expected` (the manifest, or the
 * backup's own contents): every table's rows and the schema level. Merges are paused meanwhile, as a
 * merge of a rollup or a deduplicating table would change its row count under the check.
 */
export async function runRestore(store: Store, database: string, destination: BackupDestination, expected: BackupContents): Promise<void> {
  if ((await countTables(store, database)) > 0) {
    throw new BackupError(
      `The database ${database} on the ${store.location} is not empty: a restore goes only into an empty one. Nothing was restored.`,
      "RESTORE_TARGET_NOT_EMPTY",
    );
  }
  const source = destinationSql(destination);
  await store.command("SYSTEM STOP MERGES", undefined, { tag: "restore" });
  try {
    try {
      await store.command(`RESTORE DATABASE ${quoteDatabase(database)} FROM ${source.sql}`, source.params, { tag: "restore" });
    } catch (error) {
      throw new BackupError(`The restore failed: ${scrub(error, source.params)}`, "RESTORE_INCOMPLETE", { cause: error });
    }
    const restored = await store.query<{ name: string; total_rows: number }>(
      "SELECT name, total_rows FROM system.tables WHERE database = {database:String} AND total_rows IS NOT NULL",
      { database },
      { tag: "restore" },
    );
    const counts = new Map(restored.map((table) => [table.name, Number(table.total_rows)]));
    const problems = Object.entries(expected.tables)
      .filter(([table, rows]) => counts.get(table) !== rows)
      .map(([table, rows]) => `${table}: ${counts.get(table) ?? "missing"} rows of ${rows}`);
    const [level] = await store.query<{ version: number }>(
      `SELECT max(version) AS version FROM ${quoteDatabase(database)}.schema_migrations`,
      undefined,
      { tag: "restore" },
    );
    if (Number(level?.version ?? 0) !== expected.migration) {
      problems.push(`schema migration ${level?.version ?? "none"} where the backup has ${expected.migration}`);
    }
    if (problems.length > 0) {
      await dropAllTables(store, database);
      throw new BackupError(
        `The restore is incomplete (${problems.join("; ")}); what it restored was dropped again. Use another backup.`,
        "RESTORE_INCOMPLETE",
      );
    }
  } finally {
    await store.command("SYSTEM START MERGES", undefined, { tag: "restore" });
  }
}

/** Drops every table of `database`, views first (a table a view reads cannot be dropped before it). */
async function dropAllTables(store: Store, database: string): Promise<void> {
  const tables = await store.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = {database:String} ORDER BY engine NOT IN ('MaterializedView', 'View'), name",
    { database },
    { tag: "restore" },
  );
  for (const { name } of tables) {
    await store.command(
      "DROP TABLE IF EXISTS {database:Identifier}.{table:Identifier} SYNC",
      { database, table: name },
      { tag: "restore" },
    );
  }
}

/** An engine error's message without any secret the statement carried (S3 keys). */
function scrub(error: unknown, params: Record<string, string>): string {
  let message = error instanceof StoreError || error instanceof Error ? error.message : String(error);
  for (const key of ["backup_key", "backup_secret"]) {
    const secret = params[key];
    if (secret) message = message.split(secret).join("[hidden]");
  }
  return message;
}
