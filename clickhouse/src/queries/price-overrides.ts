// Per-project prices on top of the catalogue (see pricing/), read by the ingest and the reprice job.
import type { Store } from "../store.ts";
import { nextVersion, toDbTime } from "./versioning.ts";

export interface PriceOverrideRecord {
  id: string;
  projectId: string;
  model: string;
  effectiveFrom: string;
  /** USD per 1M tokens, decimal strings; null means "as the catalogue". */
  inputPerMtok: string;
  cachedInputPerMtok: string | null;
  cacheWrite5mPerMtok: string | null;
  cacheWrite1hPerMtok: string | null;
  outputPerMtok: string;
}

interface PriceOverrideRow {
  id: string;
  project_id: string;
  model: string;
  effective_from: string;
  input_per_mtok: string;
  cached_input_per_mtok: string | null;
  cache_write_5m_per_mtok: string | null;
  cache_write_1h_per_mtok: string | null;
  output_per_mtok: string;
}

/** Every project's overrides (the table is small), oldest first. */
export async function listPriceOverrides(store: Store): Promise<PriceOverrideRecord[]> {
  const rows = await store.query<PriceOverrideRow>(
    `SELECT id, project_id, model, toString(effective_from) AS effective_from, input_per_mtok, cached_input_per_mtok,
            cache_write_5m_per_mtok, cache_write_1h_per_mtok, output_per_mtok
     FROM price_overrides FINAL WHERE is_deleted = 0 ORDER BY project_id, effective_from`,
    undefined,
    { tag: "listPriceOverrides" },
  );
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    model: row.model,
    effectiveFrom: row.effective_from,
    inputPerMtok: row.input_per_mtok,
    cachedInputPerMtok: row.cached_input_per_mtok,
    cacheWrite5mPerMtok: row.cache_write_5m_per_mtok,
    cacheWrite1hPerMtok: row.cache_write_1h_per_mtok,
    outputPerMtok: row.output_per_mtok,
  }));
}

export async function insertPriceOverride(store: Store, override: PriceOverrideRecord): Promise<void> {
  const now = toDbTime(new Date());
  await store.insert("price_overrides", [
    {
      id: override.id,
      project_id: override.projectId,
      model: override.model,
      effective_from: override.effectiveFrom,
      input_per_mtok: override.inputPerMtok,
      cached_input_per_mtok: override.cachedInputPerMtok,
      cache_write_5m_per_mtok: override.cacheWrite5mPerMtok,
      cache_write_1h_per_mtok: override.cacheWrite1hPerMtok,
      output_per_mtok: override.outputPerMtok,
      created_at: now,
      updated_at: now,
      version: nextVersion(),
      is_deleted: 0,
    },
  ]);
}
