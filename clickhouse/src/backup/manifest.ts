// The manifest every embedded backup carries (promptmetrics-backup.json, written last): what made it, at
// which schema level, how many rows each table holds and how many files and bytes the backup has. A
// restore reads it first and refuses a backup it does not describe: missing, unfinished, partial
// (files missing or cut short), from a newer PromptMetrics, or from another kind of store.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { BackupError } from "./backup-error.ts";

export const MANIFEST_FILE = "promptmetrics-backup.json";
export const MANIFEST_FORMAT = "promptmetrics-backup";
/** Bumped when a backup's layout changes so that an older restore could not read it. */
export const MANIFEST_FORMAT_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  source: z.object({
    kind: z.enum(["embedded", "server"]),
    location: z.string(),
    clickhouseVersion: z.string(),
    /** "online" when the running server took it, "offline" when the command opened the store itself. */
    mode: z.enum(["online", "offline", "scheduled"]),
  }),
  schema: z.object({ migration: z.number().int().min(0), name: z.string() }),
  tables: z.record(z.string(), z.number().int().min(0)),
  files: z.object({ count: z.number().int().min(0), bytes: z.number().int().min(0) }),
  clickhouseBackupId: z.string(),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

/** Counts the files and bytes of a backup directory, the manifest left out. */
export function measureBackupFiles(dir: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!(at === dir && entry.name === MANIFEST_FILE)) {
        count += 1;
        bytes += fs.statSync(full).size;
      }
    }
  };
  walk(dir);
  return { count, bytes };
}

/** Writes the manifest last and atomically: a backup with a manifest is a finished one. */
export function writeManifest(dir: string, manifest: BackupManifest): void {
  const temporary = path.join(dir, `.${MANIFEST_FILE}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(manifest, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(temporary, path.join(dir, MANIFEST_FILE));
}

/** Reads the manifest, or says why `dir` is no finished PromptMetrics backup. */
export function readManifest(dir: string): BackupManifest {
  if (!fs.existsSync(dir)) throw new BackupError(`There is no backup at ${dir}: the directory does not exist.`, "BACKUP_MISSING");
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new BackupError(
      `${dir} has no ${MANIFEST_FILE}: it is not a PromptMetrics backup, or one that did not finish. Nothing was restored.`,
      "BACKUP_MISSING",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${file} is not valid JSON: the backup is damaged. Nothing was restored.`, "BACKUP_INVALID");
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(
      `${file} is not a PromptMetrics backup manifest (${issue?.path.join(".") || "manifest"}: ${issue?.message}). Nothing was restored.`,
      "BACKUP_INVALID",
    );
  }
  return parsed.data;
}

/**
 * Checks a manifest against this build and the files beside it. `knownMigration`: the newest
 * migration this build has; a backup of a newer schema would start a server that does not know it.
 */
export function checkBackup(dir: string, manifest: BackupManifest, expect: { kind: "embedded" | "server"; knownMigration: number }): void {
  if (manifest.formatVersion > MANIFEST_FORMAT_VERSION) {
    throw new BackupError(
      `${dir} is a backup of format ${manifest.formatVersion}, made by a newer PromptMetrics; this one reads format ${MANIFEST_FORMAT_VERSION}. Restore it with the version that made it or a newer one.`,
      "BACKUP_MISMATCH",
    );
  }
  if (manifest.source.kind !== expect.kind) {
    throw new BackupError(
      `${dir} is a backup of ${manifest.source.kind === "server" ? "a ClickHouse server" : "the embedded store"}; restore it into the same kind of store.`,
      "BACKUP_MISMATCH",
    );
  }
  if (manifest.schema.migration > expect.knownMigration) {
    throw new BackupError(
      `${dir} holds schema migration ${manifest.schema.migration} (${manifest.schema.name}), newer than this PromptMetrics knows (${expect.knownMigration}). Upgrade PromptMetrics, then restore.`,
      "BACKUP_MISMATCH",
    );
  }
  const found = measureBackupFiles(dir);
  if (found.count !== manifest.files.count || found.bytes !== manifest.files.bytes) {
    throw new BackupError(
      `${dir} is partial or altered: it has ${found.count} files (${found.bytes} bytes) where the manifest lists ${manifest.files.count} (${manifest.files.bytes} bytes). Nothing was restored.`,
      "BACKUP_PARTIAL",
    );
  }
}
