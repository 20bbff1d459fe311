// Pricers for many projects at once from their stored price overrides: what the ingest and the API
// (runs logged without OpenTelemetry) both need, so that a run costs the same whichever way it came in.
import type { PriceOverride } from "./overrides.ts";
import { createPricer, type Pricer, type PricerOptions } from "./pricer.ts";

/** A price override as stored (the price_overrides table): USD per 1M tokens as decimal strings. */
export interface StoredPriceOverride {
  projectId: string;
  model: string;
  /** A date-time; the override applies from that day (UTC). */
  effectiveFrom: string;
  inputPerMtok: string;
  outputPerMtok: string;
  cachedInputPerMtok: string | null;
  cacheWrite5mPerMtok: string | null;
  cacheWrite1hPerMtok: string | null;
}

export function toPriceOverride(record: StoredPriceOverride): PriceOverride {
  return {
    model: record.model,
    from: record.effectiveFrom.slice(0, 10),
    prices: {
      input: record.inputPerMtok,
      output: record.outputPerMtok,
      ...(record.cachedInputPerMtok === null ? {} : { cachedInput: record.cachedInputPerMtok }),
      ...(record.cacheWrite5mPerMtok === null ? {} : { cacheWrite5m: record.cacheWrite5mPerMtok }),
      ...(record.cacheWrite1hPerMtok === null ? {} : { cacheWrite1h: record.cacheWrite1hPerMtok }),
    },
  };
}

/**
 * One pricer per project that has overrides (others use the catalogue alone). A project whose
 * overrides are invalid is reported through `onInvalid` and left out, so it still prices with the
 * catalogue rather than stopping every other project's pricing.
 */
export function pricersByProject(
  records: readonly StoredPriceOverride[],
  options: Omit<PricerOptions, "overrides"> = {},
  onInvalid: (projectId: string, error: unknown) => void = () => undefined,
): Map<string, Pricer> {
  const grouped = new Map<string, PriceOverride[]>();
  for (const record of records) {
    const list = grouped.get(record.projectId) ?? [];
    list.push(toPriceOverride(record));
    grouped.set(record.projectId, list);
  }
  const pricers = new Map<string, Pricer>();
  for (const [projectId, overrides] of grouped) {
    try {
      pricers.set(projectId, createPricer({ ...options, overrides }));
    } catch (error) {
      onInvalid(projectId, error);
    }
  }
  return pricers;
}
