// Models seen in a project's runs that have no price: listed so the UI can ask for one.
import type { Store } from "../store.ts";

export interface UnknownModel {
  provider: string;
  model: string;
  runs: number;
  lastSeen: string;
}

export async function listUnknownModels(store: Store, { projectId }: { projectId: string }): Promise<UnknownModel[]> {
  const rows = await store.query<{ provider: string; model: string; runs: number; last_seen: string }>(
    `SELECT provider, model, sum(unpriced_requests) AS runs, toString(max(bucket)) AS last_seen
     FROM rollup_model_hourly WHERE project_id = {projectId:String}
     GROUP BY provider, model HAVING runs > 0 ORDER BY runs DESC, model`,
    { projectId },
    { tag: "listUnknownModels" },
  );
  return rows.map((row) => ({ provider: row.provider, model: row.model, runs: row.runs, lastSeen: row.last_seen }));
}
