// A project's optimization settings (optimization_settings, migration 0016): one versioned row, the
// newest winning. A project without a row uses the engine's defaults.
import type { Store } from "../store.ts";
import { nextVersion, toDbTime, fromDbTime } from "./versioning.ts";

export interface OptimizationSettingsRecord {
  projectId: string;
  windowDays: number;
  offlineTags: string[];
  offlineServices: string[];
  updatedAt: Date;
  updatedBy: string;
}

interface Row {
  project_id: string;
  window_days: number;
  offline_tags: string[];
  offline_services: string[];
  updated_at: string;
  updated_by: string;
}

export async function getOptimizationSettings(
  store: Store,
  { projectId }: { projectId: string },
): Promise<OptimizationSettingsRecord | undefined> {
  const [row] = await store.query<Row>(
    `SELECT project_id, window_days, offline_tags, offline_services, toString(updated_at) AS updated_at, updated_by
     FROM optimization_settings FINAL WHERE project_id = {projectId:String}`,
    { projectId },
    { tag: "getOptimizationSettings" },
  );
  return row === undefined
    ? undefined
    : {
        projectId: row.project_id,
        windowDays: Number(row.window_days),
        offlineTags: row.offline_tags,
        offlineServices: row.offline_services,
        updatedAt: fromDbTime(row.updated_at),
        updatedBy: row.updated_by,
      };
}

export async function upsertOptimizationSettings(store: Store, record: OptimizationSettingsRecord): Promise<void> {
  await store.insert("optimization_settings", [
    {
      project_id: record.projectId,
      window_days: record.windowDays,
      offline_tags: record.offlineTags,
      offline_services: record.offlineServices,
      updated_at: toDbTime(record.updatedAt),
      updated_by: record.updatedBy,
      version: nextVersion(),
    },
  ]);
}
