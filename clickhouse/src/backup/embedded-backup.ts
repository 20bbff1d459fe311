// Backups of the embedded store: ClickHouse's BACKUP to a directory inside the directory the engine was
// opened with as backupsDir (the one path chDB lets BACKUP and RESTORE touch), plus the manifest. Who
// calls it decides where that is: the running server stages in its data dir and moves the result; a
// command with the server stopped opens the engine on the target's parent and writes there directly.
import fs from "node:fs";
import path from "node:path";
import type { Store } from "../store.ts";
import { BackupError } from "./backup-error.ts";
import { newestKnownMigration, readBackupContents, runBackup, runRestore } from "./backup-store.ts";
import {
  checkBackup,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_VERSION,
  measureBackupFiles,
  readManifest,
  writeManifest,
  type BackupManifest,
} from "./manifest.ts";

/** The database the embedded store keeps everything in. */
export const EMBEDDED_DATABASE = "default";

export interface EmbeddedBackupOptions {
  /** The directory the store was opened with as backupsDir. */
  backupsDir: string;
  /** The backup's directory inside it (one path segment). */
  name: string;
  mode: BackupManifest["source"]["mode"];
  /** @default the current time */
  now?: Date;
}

/** Backs up the embedded store into backupsDir/name and writes the manifest there (last). */
export async function backupEmbeddedStore(store: Store, options: EmbeddedBackupOptions): Promise<BackupManifest> {
  const dir = backupDirOf(options.backupsDir, options.name);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new BackupError(`${dir} is not empty: a backup goes into a new or empty directory.`, "BACKUP_TARGET_NOT_EMPTY");
  }
  const destination = { engine: "File", name: options.name } as const;
  try {
    await runBackup(store, EMBEDDED_DATABASE, destination);
    const contents = await readBackupContents(store, EMBEDDED_DATABASE, destination);
    const [engine] = await store.query<{ version: string }>("SELECT version() AS version", undefined, { tag: "backup" });
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_FORMAT_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      source: { kind: "embedded", location: store.location, clickhouseVersion: engine?.version ?? "", mode: options.mode },
      schema: { migration: contents.migration, name: contents.migrationName },
      tables: contents.tables,
      files: measureBackupFiles(dir),
      clickhouseBackupId: /<backup_id>([^<]*)<\/backup_id>/.exec(readHead(path.join(dir, ".backup")))?.[1] ?? "",
    };
    writeManifest(dir, manifest);
    return manifest;
  } catch (error) {
    // An unfinished backup is removed, so no directory without a manifest is left to be mistaken for one.
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Restores backupsDir/name into the embedded store, which must hold no tables yet, after checking the
 * manifest against the files and this build. Resolves with the manifest.
 */
export async function restoreEmbeddedStore(store: Store, options: { backupsDir: string; name: string }): Promise<BackupManifest> {
  const manifest = verifyEmbeddedBackup(backupDirOf(options.backupsDir, options.name));
  await runRestore(
    store,
    EMBEDDED_DATABASE,
    { engine: "File", name: options.name },
    { migration: manifest.schema.migration, migrationName: manifest.schema.name, tables: manifest.tables },
  );
  return manifest;
}

/** Reads the manifest of the backup at `dir` and checks it against the files and this build (BackupError when it does not fit). */
export function verifyEmbeddedBackup(dir: string): BackupManifest {
  const manifest = readManifest(dir);
  checkBackup(dir, manifest, { kind: "embedded", knownMigration: newestKnownMigration() });
  return manifest;
}

function backupDirOf(backupsDir: string, name: string): string {
  if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\\") || name.includes("\0")) {
    throw new BackupError(`${JSON.stringify(name)} is not a backup directory name`, "BACKUP_FAILED");
  }
  return path.join(path.resolve(backupsDir), name);
}

/** The start of ClickHouse's .backup file, where its id is. */
function readHead(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.toString("utf8", 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}
