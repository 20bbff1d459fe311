// `promptmetrics backup <dir>`: a consistent backup of the store.
// Embedded: when a server holds the data dir, it is asked (over its local socket) to take the backup
// while it keeps running; otherwise the command opens the store itself. Either way the backup is
// ClickHouse's BACKUP plus the manifest, in <dir>, which must be new or empty.
// Server (CLICKHOUSE_URL): BACKUP of the database to PROMPTMETRICS_BACKUP_TARGET under the name <dir>.
import fs from "node:fs";
import path from "node:path";
import {
  backupEmbeddedStore,
  BackupError,
  openStore,
  readBackupContents,
  runBackup,
  storeConfigFromEnv,
  type BackupDestination,
  type BackupManifest,
} from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { requestOnlineBackup } from "../backup/backup-socket.ts";
import { checkBackupTarget, describeManifest } from "../backup/embedded-backups.ts";
import { serverBackupDestination } from "../backup/server-target.ts";

export async function runBackupCommand(env: Env, dir: string, write: (text: string) => void): Promise<void> {
  const startedAt = performance.now();
  const config = storeConfigFromEnv(env);
  if (config.kind === "server") {
    const destination = serverBackupDestination(env, dir);
    const store = openStore(config);
    try {
      await runBackup(store, config.database, destination);
      const contents = await readBackupContents(store, config.database, destination);
      const spans = contents.tables.spans ?? 0;
      write(
        `Backed up database ${config.database} on the ${store.location} to ${describeDestination(destination)} in ${seconds(startedAt)}: ` +
          `${spans.toLocaleString("en-US")} spans in ${Object.keys(contents.tables).length} tables, schema migration ${contents.migration}.\n`,
      );
    } finally {
      await store.close();
    }
    return;
  }

  const target = path.resolve(dir);
  const dataDir = path.resolve(config.dataDir);
  checkBackupTarget(target, dataDir);
  const online = await requestOnlineBackup(dataDir, target);
  if (online) {
    report(write, target, online.manifest, `through the running server (pid ${online.pid}), which kept running`, startedAt);
    return;
  }
  if (!fs.existsSync(path.join(dataDir, "metadata"))) {
    throw new BackupError(
      `There is no store at ${dataDir} to back up (set PROMPTMETRICS_DATA_DIR to the server's data dir).`,
      "BACKUP_MISSING",
    );
  }
  // No server answers: open the store here, on the target's parent so BACKUP may write there. A process
  // that holds the directory without the socket (an `api` role) makes this fail with StoreLockedError.
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const store = openStore({ kind: "embedded", dataDir, backupsDir: path.dirname(target) });
  let manifest: BackupManifest;
  try {
    manifest = await backupEmbeddedStore(store, { backupsDir: path.dirname(target), name: path.basename(target), mode: "offline" });
  } finally {
    await store.close();
  }
  report(write, target, manifest, "with the server stopped", startedAt);
}

function report(write: (text: string) => void, target: string, manifest: BackupManifest, how: string, startedAt: number): void {
  write(`Backed up the ${manifest.source.location} to ${target} ${how}, in ${seconds(startedAt)}: ${describeManifest(manifest)}.\n`);
  write(`Restore it with: promptmetrics restore ${target}\n`);
}

function describeDestination(destination: BackupDestination): string {
  if (destination.engine === "Disk") return `disk ${destination.disk} as ${destination.name}`;
  return destination.engine === "S3" ? `S3 ${destination.url}` : destination.name;
}

export function seconds(startedAt: number): string {
  return `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
}
