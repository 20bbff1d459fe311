// Per-project retention (project_retention, migration 0019): one versioned row per project, the newest
// winning; NULL days means the install's default. And the deletion it asks for: everything of the project
// older than a cutoff, in spans, feedback and the hourly rollups. The cutoff is an hour boundary, so a
// rollup hour is either wholly kept or wholly deleted with its spans, and the two keep agreeing.
import { ROLLUPS } from "./rollups.ts";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export interface ProjectRetentionRecord {
  projectId: string;
  /** null: the install's default. */
  retentionDays: number | null;
  updatedAt: Date;
  updatedBy: string;
}

interface Row {
  project_id: string;
  retention_days: number | null;
  updated_at: string;
  updated_by: string;
}

function toRecord(row: Row): ProjectRetentionRecord {
  return {
    projectId: row.project_id,
    retentionDays: row.retention_days === null ? null : Number(row.retention_days),
    updatedAt: fromDbTime(row.updated_at),
    updatedBy: row.updated_by,
  };
}

const COLUMNS = "project_id, retention_days, toString(updated_at) AS updated_at, updated_by";

export async function getProjectRetention(store: Store, { projectId }: { projectId: string }): Promise<ProjectRetentionRecord | undefined> {
  const [row] = await store.query<Row>(
    `SELECT ${COLUMNS} FROM project_retention FINAL WHERE project_id = {projectId:String}`,
    { projectId },
    {
      tag: "getProjectRetention",
    },
  );
  return row === undefined ? undefined : toRecord(row);
}

/** Every project with its own retention (days set), for the retention job. */
export async function listProjectRetentions(store: Store): Promise<ProjectRetentionRecord[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM project_retention FINAL WHERE retention_days IS NOT NULL ORDER BY project_id`,
    undefined,
    { tag: "listProjectRetentions" },
  );
  return rows.map(toRecord);
}

export async function upsertProjectRetention(store: Store, record: ProjectRetentionRecord): Promise<void> {
  await store.insert(
    "project_retention",
    [
      {
        project_id: record.projectId,
        retention_days: record.retentionDays,
        updated_at: toDbTime(record.updatedAt),
        updated_by: record.updatedBy,
        version: nextVersion(),
      },
    ],
    { tag: "upsertProjectRetention" },
  );
}

export interface ExpiredDeletion {
  /** Span rows (every revision) deleted. */
  spans: number;
  feedback: number;
  /** Rollup rows deleted, all rollups together. */
  rollupRows: number;
}

/**
 * Deletes the project's spans that started before `before`, the feedback on runs that started before it
 * and the rollup rows of the hours before it, waiting for each mutation; a table with nothing to delete
 * is not touched. `before` must be an hour boundary (UTC).
 */
export async function deleteProjectRowsBefore(
  store: Store,
  { projectId, before }: { projectId: string; before: Date },
): Promise<ExpiredDeletion> {
  if (before.getTime() % 3_600_000 !== 0) throw new RangeError("the retention cutoff must be an hour boundary");
  const params = { projectId, before };
  const targets = [
    { table: "spans", column: "start_time", counts: "spans" as const },
    { table: "feedback", column: "run_start_time", counts: "feedback" as const },
    ...ROLLUPS.map(({ table }) => ({ table, column: "bucket", counts: "rollupRows" as const })),
  ];
  const deleted: ExpiredDeletion = { spans: 0, feedback: 0, rollupRows: 0 };
  for (const { table, column, counts } of targets) {
    // Fixed identifiers from the list above; the values are parameters.
    const where = `project_id = {projectId:String} AND ${column} < {before:DateTime64(3, 'UTC')}`;
    const [found] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${table} WHERE ${where}`, params, {
      tag: "deleteProjectRowsBefore",
    });
    const n = Number(found?.n ?? 0);
    if (n === 0) continue;
    await store.command(`ALTER TABLE ${table} DELETE WHERE ${where} SETTINGS mutations_sync = 2`, params, {
      tag: "deleteProjectRowsBefore",
    });
    deleted[counts] += n;
  }
  return deleted;
}
