// Backups of the embedded store as the commands and the running server make them. The engine may write a
// backup only inside one directory, fixed when it opens: the running server stages its backups in the
// data dir (<dataDir>/promptmetrics-backups) and moves each finished one to where it was asked; a command
// that opens the store itself (server stopped) opens it on the target's parent and writes there directly.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  BACKUP_STAGING_DIR,
  backupEmbeddedStore,
  BackupError,
  MANIFEST_FILE,
  type BackupManifest,
  type Store,
} from "@promptmetrics/clickhouse";

/**
 * Refuses a target that holds files (or is a file), or lies inside the data dir: a backup in the data
 * dir would be lost with it and be restored into itself.
 */
export function checkBackupTarget(target: string, dataDir: string): void {
  const resolved = path.resolve(target);
  const data = path.resolve(dataDir);
  if (resolved === data || resolved.startsWith(data + path.sep)) {
    throw new BackupError(`${resolved} is inside the data directory ${data}: put backups somewhere else.`, "BACKUP_TARGET_NOT_EMPTY");
  }
  if (!fs.existsSync(resolved)) return;
  if (!fs.statSync(resolved).isDirectory() || fs.readdirSync(resolved).length > 0) {
    throw new BackupError(`${resolved} is not empty: a backup goes into a new or empty directory.`, "BACKUP_TARGET_NOT_EMPTY");
  }
}

/** The running server's backup: staged in its data dir, then moved to `target` (manifest last). */
export async function backupThroughStaging(
  store: Store,
  options: { dataDir: string; target: string; mode: BackupManifest["source"]["mode"]; now?: Date },
): Promise<BackupManifest> {
  const target = path.resolve(options.target);
  checkBackupTarget(target, options.dataDir);
  const staging = path.join(path.resolve(options.dataDir), BACKUP_STAGING_DIR);
  const name = `backup-${Date.now()}-${randomBytes(4).toString("hex")}`;
  const manifest = await backupEmbeddedStore(store, {
    backupsDir: staging,
    name,
    mode: options.mode,
    ...(options.now ? { now: options.now } : {}),
  });
  try {
    moveBackup(path.join(staging, name), target);
  } finally {
    fs.rmSync(path.join(staging, name), { recursive: true, force: true });
  }
  return manifest;
}

/**
 * Moves a finished backup: a rename on the same file system; across file systems a copy in which the
 * manifest comes last, so that an interrupted copy is never taken for a finished backup.
 */
function moveBackup(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(to)) fs.rmdirSync(to); // checked empty before the backup started
  try {
    fs.renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  try {
    fs.cpSync(from, to, { recursive: true, filter: (source) => path.basename(source) !== MANIFEST_FILE || path.dirname(source) !== from });
    fs.copyFileSync(path.join(from, MANIFEST_FILE), path.join(to, MANIFEST_FILE));
  } catch (error) {
    fs.rmSync(to, { recursive: true, force: true });
    throw error;
  }
}

/** "spans 1,234 rows, 17 tables, 2.1 GB": one line about a backup for people. */
export function describeManifest(manifest: BackupManifest): string {
  const tables = Object.keys(manifest.tables).length;
  const spans = manifest.tables.spans ?? 0;
  return `${spans.toLocaleString("en-US")} spans in ${tables} tables, ${formatBytes(manifest.files.bytes)}, schema migration ${manifest.schema.migration}`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
