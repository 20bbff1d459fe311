// Where backups go in server mode (PROMPTMETRICS_BACKUP_TARGET): a disk the ClickHouse server configures
// for backups (disk:<name>), or an S3 prefix (s3:<https url>) with keys from the environment or, without
// them, the server's own credentials. A backup's name is one path segment under it.
import { BackupError, type BackupDestination } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function serverBackupDestination(env: Env, name: string): BackupDestination {
  const target = env.PROMPTMETRICS_BACKUP_TARGET;
  if (!target) {
    throw new BackupError(
      "Backups of a ClickHouse server need PROMPTMETRICS_BACKUP_TARGET: disk:<a disk in the server's backups.allowed_disk> or s3:<https://bucket.../prefix>.",
      "BACKUP_FAILED",
    );
  }
  if (!NAME.test(name)) {
    throw new BackupError(
      `${JSON.stringify(name)} is not a backup name: letters, digits and . _ - (it names the backup on ${target.kind}).`,
      "BACKUP_FAILED",
    );
  }
  if (target.kind === "disk") return { engine: "Disk", disk: target.disk, name };
  return {
    engine: "S3",
    url: `${target.url.replace(/\/+$/, "")}/${name}`,
    accessKeyId: env.PROMPTMETRICS_BACKUP_S3_ACCESS_KEY_ID,
    secretAccessKey: env.PROMPTMETRICS_BACKUP_S3_SECRET_ACCESS_KEY,
  };
}
