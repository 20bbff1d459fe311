// `promptmetrics restore <dir> [--force]`: restores a backup into the store, with the server stopped.
// Embedded: the manifest is checked first (missing, unfinished, partial, newer: refused, nothing
// touched); the data dir must be empty or absent, or --force replaces what it holds (never while a
// server holds it). After RESTORE the rows of every table and the schema level are checked against the
// manifest, pending migrations of an older backup are applied, and a failed restore leaves an empty dir.
// Server (CLICKHOUSE_URL): RESTORE of the database from PROMPTMETRICS_BACKUP_TARGET/<dir>, into an
// empty database, checked against the backup's own rows and schema level.
import fs from "node:fs";
import path from "node:path";
import {
  BackupError,
  createDatabaseIfMissing,
  migrate,
  newestKnownMigration,
  openStore,
  readBackupContents,
  restoreEmbeddedStore,
  runRestore,
  storeConfigFromEnv,
  verifyEmbeddedBackup,
} from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { describeManifest } from "../backup/embedded-backups.ts";
import { serverBackupDestination } from "../backup/server-target.ts";
import { seconds } from "./backup.ts";

export async function runRestoreCommand(env: Env, dir: string, options: { force: boolean }, write: (text: string) => void): Promise<void> {
  const startedAt = performance.now();
  const config = storeConfigFromEnv(env);
  if (config.kind === "server") {
    if (options.force)
      throw new BackupError("--force is for the embedded store; on a server, restore into an empty database.", "BACKUP_FAILED");
    const destination = serverBackupDestination(env, dir);
    await createDatabaseIfMissing(config);
    const store = openStore(config);
    try {
      const contents = await readBackupContents(store, config.database, destination);
      if (contents.migration > newestKnownMigration()) {
        throw new BackupError(
          `The backup holds schema migration ${contents.migration}, newer than this PromptMetrics knows (${newestKnownMigration()}). Upgrade PromptMetrics, then restore.`,
          "BACKUP_MISMATCH",
        );
      }
      await runRestore(store, config.database, destination, contents);
      const migrations = await migrate(store);
      write(
        `Restored database ${config.database} on the ${store.location} in ${seconds(startedAt)}: ${(contents.tables.spans ?? 0).toLocaleString("en-US")} spans, schema migration ${contents.migration}` +
          `${migrations.applied.length > 0 ? `, then applied ${migrations.applied.join(", ")}` : ""}.\n`,
      );
    } finally {
      await store.close();
    }
    return;
  }

  const source = path.resolve(dir);
  const dataDir = path.resolve(config.dataDir);
  // Everything about the backup is checked before the data dir is touched.
  const manifest = verifyEmbeddedBackup(source);
  if (source === dataDir || source.startsWith(dataDir + path.sep)) {
    throw new BackupError(`The backup ${source} is inside the data dir ${dataDir}: move it out first.`, "BACKUP_FAILED");
  }
  const held = fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [];
  if (held.length > 0) {
    if (!options.force) {
      throw new BackupError(
        `The data dir ${dataDir} is not empty. Restore into an empty or new directory (PROMPTMETRICS_DATA_DIR), or add --force to replace everything it holds.`,
        "RESTORE_TARGET_NOT_EMPTY",
      );
    }
    // Opening it first refuses a directory a running server holds (StoreLockedError) before anything is deleted.
    await openStore({ kind: "embedded", dataDir }).close();
    wipe(dataDir);
  }
  const store = openStore({ kind: "embedded", dataDir, backupsDir: path.dirname(source) });
  let applied: string[];
  try {
    await restoreEmbeddedStore(store, { backupsDir: path.dirname(source), name: path.basename(source) });
    applied = (await migrate(store)).applied;
  } catch (error) {
    await store.close();
    wipe(dataDir);
    throw error;
  }
  await store.close();
  write(
    `Restored ${source} (made ${manifest.createdAt} from the ${manifest.source.location}) into ${dataDir} in ${seconds(startedAt)}: ${describeManifest(manifest)}` +
      `${applied.length > 0 ? `; then applied ${applied.join(", ")}` : ""}.\n`,
  );
  write("Every table's rows and the schema level match the backup. Start the server with: promptmetrics start\n");
}

/** Empties the data dir, keeping the directory itself. */
function wipe(dataDir: string): void {
  for (const entry of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
}
