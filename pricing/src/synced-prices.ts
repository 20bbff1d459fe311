// Install-wide prices read from a public price list (`promptmetrics prices sync`): dated periods that sit on
// the catalogue and under a project's overrides. Checked with the catalogue's own rules before a pricer
// uses them, and converted to and from the synced_prices table's record.

import type { ModelKind, PricePeriod, Provider } from "./catalogue.ts";
import { checkPeriod, isRecord, KINDS, parseIsoDate, PROVIDERS } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import { normalizeName } from "./names.ts";

export interface SyncedPrice {
  /** A catalogue model's id (a new period for it) or a name the catalogue does not know (a new model). */
  model: string;
  provider: Provider;
  kind: ModelKind;
  /** The prices from `period.from` (the effective date) on, in the catalogue's period format. */
  period: PricePeriod;
  /** Where the price was read: the list's URL or file. */
  source: string;
  /** The list's own name for the model (a snapshot such as gpt-4o-2024-08-06 may carry its base's price). */
  sourceModel: string;
}

/** A synced price as stored (the synced_prices table): USD per 1M tokens as decimal strings. */
export interface StoredSyncedPrice {
  model: string;
  /** YYYY-MM-DD (UTC); the price applies from that day. */
  effectiveFrom: string;
  provider: string;
  kind: string;
  inputPerMtok: string;
  cachedInputPerMtok: string | null;
  cacheWrite5mPerMtok: string | null;
  cacheWrite1hPerMtok: string | null;
  cacheWrite30mPerMtok: string | null;
  cacheWrite12hPerMtok: string | null;
  outputPerMtok: string;
  /** The period's long-context tier, service tiers and regional uplift as JSON in catalogue.json's format; "{}" when none. */
  rules: string;
  source: string;
  sourceModel: string;
}

const RULE_FIELDS = ["longContext", "serviceTiers", "regionalUpliftPercent"] as const;

function invalid(model: string, field: string, message: string): never {
  throw new PricingError("invalid_synced_price", `synced price of "${model}": ${field} ${message}`, { model, field });
}

/** Checks synced prices; throws PricingError("invalid_synced_price") naming the model and field. */
export function validateSyncedPrices(raw: readonly SyncedPrice[] | undefined): SyncedPrice[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new PricingError("invalid_synced_price", "synced prices must be a list", { field: "synced" });
  const seen = new Set<string>();
  return raw.map((item: unknown, i) => {
    const label = isRecord(item) && typeof item["model"] === "string" ? item["model"] : `#${i}`;
    const fail = (field: string, message: string): never => invalid(label, field, message);
    if (!isRecord(item)) return fail("", "must be an object");
    const model = item["model"];
    if (typeof model !== "string" || model.trim() === "" || model !== model.trim())
      return fail("model", "must be a non-empty name without surrounding spaces");
    if (!PROVIDERS.includes(item["provider"] as Provider)) return fail("provider", `must be one of ${PROVIDERS.join(", ")}`);
    if (!KINDS.includes(item["kind"] as ModelKind)) return fail("kind", `must be one of ${KINDS.join(", ")}`);
    for (const field of ["source", "sourceModel"] as const) {
      if (typeof item[field] !== "string" || item[field] === "") return fail(field, "must be a non-empty string");
    }
    // Catalogue references and read dates belong to the repository's audit, not to a synced list.
    const period = checkPeriod(item["period"], "period", fail, new Set());
    if (period.sources !== undefined || period.singleSource !== undefined) return fail("period.sources", "are not used for synced prices");
    const key = `${normalizeName(model)}@${period.from}`;
    if (seen.has(key)) return fail("period.from", `repeats another synced price of "${model}" from the same day`);
    seen.add(key);
    return {
      model,
      provider: item["provider"] as Provider,
      kind: item["kind"] as ModelKind,
      period,
      source: item["source"] as string,
      sourceModel: item["sourceModel"] as string,
    };
  });
}

/** The stored record of a synced price (checked first, so nothing invalid is written). */
export function toStoredSyncedPrice(price: SyncedPrice): StoredSyncedPrice {
  const [checked] = validateSyncedPrices([price]) as [SyncedPrice];
  const { prices } = checked.period;
  const rules: Record<string, unknown> = {};
  for (const field of RULE_FIELDS) if (checked.period[field] !== undefined) rules[field] = checked.period[field];
  return {
    model: checked.model,
    effectiveFrom: checked.period.from,
    provider: checked.provider,
    kind: checked.kind,
    inputPerMtok: prices.input,
    cachedInputPerMtok: prices.cachedInput ?? null,
    cacheWrite5mPerMtok: prices.cacheWrite5m ?? null,
    cacheWrite1hPerMtok: prices.cacheWrite1h ?? null,
    cacheWrite30mPerMtok: prices.cacheWrite30m ?? null,
    cacheWrite12hPerMtok: prices.cacheWrite12h ?? null,
    outputPerMtok: prices.output,
    rules: JSON.stringify(rules),
    source: checked.source,
    sourceModel: checked.sourceModel,
  };
}

/** A stored record back as a synced price; throws PricingError("invalid_synced_price") if it is not one. */
export function fromStoredSyncedPrice(record: StoredSyncedPrice): SyncedPrice {
  const effectiveFrom = record.effectiveFrom.slice(0, 10);
  if (parseIsoDate(effectiveFrom) === undefined) invalid(record.model, "effectiveFrom", "must be a date");
  let rules: unknown;
  try {
    rules = JSON.parse(record.rules === "" ? "{}" : record.rules);
  } catch {
    invalid(record.model, "rules", "must be JSON");
  }
  if (!isRecord(rules) || Object.keys(rules).some((key) => !(RULE_FIELDS as readonly string[]).includes(key))) {
    invalid(record.model, "rules", `may hold only ${RULE_FIELDS.join(", ")}`);
  }
  const prices: Record<string, string> = { input: record.inputPerMtok, output: record.outputPerMtok };
  const optional = {
    cachedInput: record.cachedInputPerMtok,
    cacheWrite5m: record.cacheWrite5mPerMtok,
    cacheWrite1h: record.cacheWrite1hPerMtok,
    cacheWrite30m: record.cacheWrite30mPerMtok,
    cacheWrite12h: record.cacheWrite12hPerMtok,
  };
  for (const [field, value] of Object.entries(optional)) if (value !== null) prices[field] = value;
  const [price] = validateSyncedPrices([
    {
      model: record.model,
      provider: record.provider as Provider,
      kind: record.kind as ModelKind,
      period: { from: effectiveFrom, prices: prices as unknown as PricePeriod["prices"], ...rules },
      source: record.source,
      sourceModel: record.sourceModel,
    },
  ]);
  return price as SyncedPrice;
}

/**
 * Stored records as synced prices. A record that is not valid is reported through `onInvalid` and left
 * out, so one bad row leaves that model to the catalogue instead of stopping every price.
 */
export function syncedPricesFromStore(
  records: readonly StoredSyncedPrice[],
  onInvalid: (error: unknown, model: string) => void = () => undefined,
): SyncedPrice[] {
  const out: SyncedPrice[] = [];
  for (const record of records) {
    try {
      out.push(fromStoredSyncedPrice(record));
    } catch (error) {
      onInvalid(error, record.model);
    }
  }
  return out;
}
