// For the dashboard's unknown-models list: the price the install's synced list knows for a model name, and
// that price as a project override ("use this price"), saying what an override cannot carry.

import type { PriceSet } from "./catalogue.ts";
import { SERVICE_TIER_KEYS } from "./catalogue.ts";
import { normalizeName } from "./names.ts";
import type { PriceOverride } from "./overrides.ts";
import { createPricer } from "./pricer.ts";
import type { SyncedPrice } from "./synced-prices.ts";

/**
 * The synced price a model name resolves to, in force on `at` (the earliest one for an earlier call), when
 * the name belongs to a model only the synced prices know; undefined for catalogue models and unknown names.
 */
export function syncedPriceFor(name: string, synced: readonly SyncedPrice[], at: Date = new Date()): SyncedPrice | undefined {
  const match = createPricer({ synced }).match(name);
  if (match?.source !== "synced") return undefined;
  const id = normalizeName(match.modelId);
  const periods = synced.filter((p) => normalizeName(p.model) === id).sort((a, b) => a.period.from.localeCompare(b.period.from));
  const day = at.toISOString().slice(0, 10);
  return periods.filter((p) => p.period.from <= day).at(-1) ?? periods[0];
}

/** The override fields the price_overrides table stores. */
const OVERRIDE_FIELDS = ["input", "cachedInput", "cacheWrite5m", "cacheWrite1h", "output"] as const;
const LABELS: Readonly<Record<string, string>> = {
  cacheWrite30m: "30-minute cache write (writes are priced as input)",
  cacheWrite12h: "12-hour cache write",
};

export interface OverrideFromSynced {
  override: PriceOverride;
  /** What the synced price has and a stored override cannot hold, for the person to see before using it. */
  dropped: string[];
}

/**
 * A synced price as a project override of `model` (the name the project's runs carry), from `from`
 * (YYYY-MM-DD) or for every run. Overrides hold base prices only (input, cached input, 5-minute and
 * 1-hour writes, output): long-context and service-tier prices and a regional uplift are listed in `dropped`.
 */
export function overrideFromSyncedPrice(price: SyncedPrice, model: string, from?: string): OverrideFromSynced {
  const { period } = price;
  const prices: Partial<Record<keyof PriceSet, string>> = {};
  for (const field of OVERRIDE_FIELDS) if (period.prices[field] !== undefined) prices[field] = period.prices[field];
  const dropped: string[] = [];
  for (const field of ["cacheWrite30m", "cacheWrite12h"] as const) {
    if (period.prices[field] !== undefined) dropped.push(`${LABELS[field]} ${period.prices[field]}`);
  }
  if (period.longContext) dropped.push(`long-context prices above ${period.longContext.aboveInputTokens} input tokens`);
  for (const tier of SERVICE_TIER_KEYS) if (period.serviceTiers?.[tier]) dropped.push(`${tier} prices`);
  if (period.regionalUpliftPercent !== undefined) dropped.push(`regional processing uplift ${period.regionalUpliftPercent}%`);
  const override: PriceOverride = { model, prices: prices as PriceOverride["prices"] };
  if (from !== undefined) override.from = from;
  return { override, dropped };
}
