// Scheduled backups of the embedded store (PROMPTMETRICS_BACKUP_SCHEDULE, off by default): the running
// server backs itself up into PROMPTMETRICS_BACKUP_DIR/promptmetrics-<slot, UTC>, then deletes the oldest
// of its backups there beyond PROMPTMETRICS_BACKUP_KEEP. Only finished backups count (a manifest); only
// directories named as this job names them are ever deleted, so other files in the directory are safe.
// A slot run again after a crash finds its finished backup and keeps it, or an unfinished one and redoes it.
import fs from "node:fs";
import path from "node:path";
import type { JobDefinition } from "@promptmetrics/analytics-api";
import { MANIFEST_FILE, type Store } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { backupThroughStaging, describeManifest } from "./embedded-backups.ts";

export const BACKUP_JOB = "backup.scheduled";
const HOUR_MS = 3_600_000;
const SCHEDULED_NAME = /^promptmetrics-\d{8}T\d{6}Z$/;

/** The job, or undefined when scheduled backups are off (or the store is a server: env.ts refuses that). */
export function backupJob(store: Store, env: Env): JobDefinition | undefined {
  const schedule = env.PROMPTMETRICS_BACKUP_SCHEDULE;
  const backupDir = env.PROMPTMETRICS_BACKUP_DIR;
  if (schedule === "off" || !backupDir || store.kind !== "embedded") return undefined;
  const dir = path.resolve(backupDir);
  return {
    name: BACKUP_JOB,
    cadence:
      schedule === "hourly"
        ? { kind: "interval", everyMs: HOUR_MS }
        : schedule === "daily"
          ? { kind: "daily", time: "02:00", timeZone: "UTC" }
          : { kind: "weekly", weekday: 1, time: "02:00", timeZone: "UTC" },
    retryAfterMs: 5 * 60_000,
    run: async ({ slot, clock, log }) => {
      const target = path.join(dir, scheduledName(slot));
      if (fs.existsSync(path.join(target, MANIFEST_FILE))) {
        log(`${target} is already there (this slot's backup finished before)`);
      } else {
        fs.rmSync(target, { recursive: true, force: true });
        const startedAt = performance.now();
        const manifest = await backupThroughStaging(store, {
          dataDir: env.PROMPTMETRICS_DATA_DIR,
          target,
          mode: "scheduled",
          now: clock.now(),
        });
        log(`backed up to ${target} in ${Math.round(performance.now() - startedAt)} ms: ${describeManifest(manifest)}`);
      }
      for (const removed of pruneScheduledBackups(dir, env.PROMPTMETRICS_BACKUP_KEEP)) {
        log(`deleted ${removed} (keeping the newest ${env.PROMPTMETRICS_BACKUP_KEEP})`);
      }
    },
  };
}

/** promptmetrics-20261204T020000Z: sorts by time as text. */
export function scheduledName(slot: Date): string {
  return `promptmetrics-${slot
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "")}`;
}

/** Deletes the finished scheduled backups in `dir` beyond the newest `keep`; returns their names. */
export function pruneScheduledBackups(dir: string, keep: number): string[] {
  const finished = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && SCHEDULED_NAME.test(entry.name) && fs.existsSync(path.join(dir, entry.name, MANIFEST_FILE)))
    .map((entry) => entry.name)
    .sort()
    .reverse();
  const removed = finished.slice(keep);
  for (const name of removed) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return removed;
}
