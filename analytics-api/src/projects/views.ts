// The JSON shapes of the project routes added for the dashboard.
import type { PriceOverrideRecord, UnknownModel } from "@promptmetrics/clickhouse";
import { fromDbTime } from "@promptmetrics/clickhouse";
import type { SyncedPrice } from "@promptmetrics/pricing";

/** GET /api/projects/:projectId/status */
export interface ProjectStatusView {
  /** LLM runs stored for the project. */
  runs: number;
  /** LLM spans stored (the rollups count LLM spans only, so this equals `runs`; other spans are not counted). */
  spans: number;
  /** Start of the newest run, ISO; null before the first. */
  lastSpanAt: string | null;
  /** The OTLP/HTTP port of this install, when the API runs beside the ingest. */
  otlpPort: number | null;
}

export interface PriceOverrideView {
  id: string;
  projectId: string;
  model: string;
  /** ISO; 1970-01-01 means every run. */
  effectiveFrom: string;
  inputPerMTok: string;
  cachedInputPerMTok: string | null;
  cacheWrite5mPerMTok: string | null;
  cacheWrite1hPerMTok: string | null;
  outputPerMTok: string;
}

export interface UnknownModelView {
  provider: string;
  model: string;
  /** Runs stored without a price. */
  runs: number;
  /** The UTC hour of the last such run, ISO. */
  lastSeen: string;
  /** The install's synced price the name resolves to, if any ("use this price"). */
  syncedPrice: SyncedPriceView | null;
}

/** A synced price as the unknown-models list shows it: USD per 1M tokens, decimal strings. */
export interface SyncedPriceView {
  /** The synced list's model the name resolved to. */
  model: string;
  inputPerMtok: string;
  cachedInputPerMtok: string | null;
  cacheWrite5mPerMtok: string | null;
  cacheWrite1hPerMtok: string | null;
  outputPerMtok: string;
  /** The list's URL or file. */
  source: string;
  /** YYYY-MM-DD: the day the price applies from. */
  effectiveFrom: string;
}

/** POST /api/projects/:projectId/unknown-models/use-synced-price */
export interface UseSyncedPriceView {
  override: PriceOverrideView;
  /** What the synced price has and an override cannot hold. */
  dropped: string[];
  /** Runs of the model whose cost changed. */
  repricedRuns: number;
}

export function priceOverrideView(record: PriceOverrideRecord): PriceOverrideView {
  return {
    id: record.id,
    projectId: record.projectId,
    model: record.model,
    effectiveFrom: fromDbTime(record.effectiveFrom).toISOString(),
    inputPerMTok: decimal(record.inputPerMtok),
    cachedInputPerMTok: record.cachedInputPerMtok === null ? null : decimal(record.cachedInputPerMtok),
    cacheWrite5mPerMTok: record.cacheWrite5mPerMtok === null ? null : decimal(record.cacheWrite5mPerMtok),
    cacheWrite1hPerMTok: record.cacheWrite1hPerMtok === null ? null : decimal(record.cacheWrite1hPerMtok),
    outputPerMTok: decimal(record.outputPerMtok),
  };
}

export function unknownModelView(model: UnknownModel, synced: SyncedPrice | undefined): UnknownModelView {
  return {
    provider: model.provider,
    model: model.model,
    runs: model.runs,
    lastSeen: fromDbTime(model.lastSeen).toISOString(),
    syncedPrice: synced === undefined ? null : syncedPriceView(synced),
  };
}

export function syncedPriceView(price: SyncedPrice): SyncedPriceView {
  const { prices } = price.period;
  return {
    model: price.model,
    inputPerMtok: prices.input,
    cachedInputPerMtok: prices.cachedInput ?? null,
    cacheWrite5mPerMtok: prices.cacheWrite5m ?? null,
    cacheWrite1hPerMtok: prices.cacheWrite1h ?? null,
    outputPerMtok: prices.output,
    source: price.source,
    effectiveFrom: price.period.from,
  };
}

/** "2.500000000" → "2.5": the stored Decimal(18, 9) without trailing zeros. */
function decimal(value: string | number): string {
  const text = String(value);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
