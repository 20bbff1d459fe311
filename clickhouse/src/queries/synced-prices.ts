// Install-wide prices from `promptmetrics prices sync` (table synced_prices, migration 0011): dated periods
// on top of the catalogue, read whole by the ingest, the API and reprice (see pricing/'s synced prices).
import type { Store } from "../store.ts";
import { nextVersion, toDbTime } from "./versioning.ts";

export interface SyncedPriceRecord {
  /** A catalogue id, or a model the catalogue does not know. */
  model: string;
  /** YYYY-MM-DD (UTC): the day the price applies from. */
  effectiveFrom: string;
  provider: string;
  kind: string;
  /** USD per 1M tokens, decimal strings; null means "not given". */
  inputPerMtok: string;
  cachedInputPerMtok: string | null;
  cacheWrite5mPerMtok: string | null;
  cacheWrite1hPerMtok: string | null;
  cacheWrite30mPerMtok: string | null;
  cacheWrite12hPerMtok: string | null;
  outputPerMtok: string;
  /** Long-context tier, service tiers and regional uplift as JSON in the catalogue's format. */
  rules: string;
  /** The list's URL or file. */
  source: string;
  /** The list's own name for the model. */
  sourceModel: string;
  /** When the sync stored it. */
  syncedAt: string;
}

export type NewSyncedPrice = Omit<SyncedPriceRecord, "syncedAt">;

interface SyncedPriceRow {
  model: string;
  effective_from: string;
  provider: string;
  kind: string;
  input_per_mtok: string;
  cached_input_per_mtok: string | null;
  cache_write_5m_per_mtok: string | null;
  cache_write_1h_per_mtok: string | null;
  cache_write_30m_per_mtok: string | null;
  cache_write_12h_per_mtok: string | null;
  output_per_mtok: string;
  rules: string;
  source: string;
  source_model: string;
  synced_at: string;
}

const COLUMNS = `model, effective_from, provider, kind, input_per_mtok, cached_input_per_mtok,
  cache_write_5m_per_mtok, cache_write_1h_per_mtok, cache_write_30m_per_mtok, cache_write_12h_per_mtok, output_per_mtok,
  rules, source, source_model, toString(synced_at) AS synced_at`;

/** Stores new periods; a period of a model from a day it already has replaces that day's (newest wins). */
export async function insertSyncedPrices(store: Store, { prices }: { prices: readonly NewSyncedPrice[] }): Promise<void> {
  if (prices.length === 0) return;
  const now = toDbTime(new Date());
  await store.insert(
    "synced_prices",
    prices.map((price) => ({
      model: price.model,
      effective_from: price.effectiveFrom,
      provider: price.provider,
      kind: price.kind,
      input_per_mtok: price.inputPerMtok,
      cached_input_per_mtok: price.cachedInputPerMtok,
      cache_write_5m_per_mtok: price.cacheWrite5mPerMtok,
      cache_write_1h_per_mtok: price.cacheWrite1hPerMtok,
      cache_write_30m_per_mtok: price.cacheWrite30mPerMtok,
      cache_write_12h_per_mtok: price.cacheWrite12hPerMtok,
      output_per_mtok: price.outputPerMtok,
      rules: price.rules,
      source: price.source,
      source_model: price.sourceModel,
      synced_at: now,
      version: nextVersion(),
    })),
    { tag: "insertSyncedPrices" },
  );
}

/** Every synced period of every model (the table is small), by model and date: what the pricers load. */
export async function listSyncedPrices(store: Store): Promise<SyncedPriceRecord[]> {
  const rows = await store.query<SyncedPriceRow>(`SELECT ${COLUMNS} FROM synced_prices FINAL ORDER BY model, effective_from`, undefined, {
    tag: "listSyncedPrices",
  });
  return rows.map(toRecord);
}

/**
 * Each model's synced price in force on `at` (the latest period that started by then), with its source
 * and date: the install-wide prices as they stand, for showing them.
 */
export async function listCurrentSyncedPrices(store: Store, { at }: { at: Date }): Promise<SyncedPriceRecord[]> {
  const rows = await store.query<SyncedPriceRow>(
    `SELECT ${COLUMNS} FROM synced_prices FINAL
     WHERE effective_from <= toDate({at:DateTime64(3, 'UTC')})
     ORDER BY model, effective_from DESC
     LIMIT 1 BY model`,
    { at },
    { tag: "listCurrentSyncedPrices" },
  );
  return rows.map(toRecord);
}

function toRecord(row: SyncedPriceRow): SyncedPriceRecord {
  return {
    model: row.model,
    effectiveFrom: row.effective_from,
    provider: row.provider,
    kind: row.kind,
    inputPerMtok: row.input_per_mtok,
    cachedInputPerMtok: row.cached_input_per_mtok,
    cacheWrite5mPerMtok: row.cache_write_5m_per_mtok,
    cacheWrite1hPerMtok: row.cache_write_1h_per_mtok,
    cacheWrite30mPerMtok: row.cache_write_30m_per_mtok,
    cacheWrite12hPerMtok: row.cache_write_12h_per_mtok,
    outputPerMtok: row.output_per_mtok,
    rules: row.rules,
    source: row.source,
    sourceModel: row.source_model,
    syncedAt: row.synced_at,
  };
}
