// Maps LiteLLM's price list (model_prices_and_context_window.json: one entry per model with USD-per-token
// fields) onto the catalogue's model: base prices and cache reads and writes, one long-context tier, the
// flex and priority tiers, Anthropic's fast mode and regional uplift. Pure: the caller reads the list.
// An entry is skipped, with the reason, whenever the catalogue could not price it the way the list does;
// the list's word is never stretched into a guess.
//
// Format as read on 2026-12-04 in the stored copy of BerriAI/litellm (commit 00035b69f416; see the README).

import type {
  Catalogue,
  LongContextTier,
  ModelKind,
  PricePeriod,
  PriceSet,
  Provider,
  ServiceTierPrices,
  TierPriceSet,
} from "./catalogue.ts";
import { catalogue as bundledCatalogue, checkSyncedPeriod, isRecord } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import { decimalUnits, formatPrice, parsePrice, perTokenToPriceUnits } from "./money.ts";

/** What one entry states, as a catalogue period without its date. */
export type MappedPeriod = Pick<PricePeriod, "prices" | "longContext" | "serviceTiers" | "regionalUpliftPercent">;

export interface MappedPrice {
  /** The list's name for the model (its key). */
  sourceModel: string;
  provider: Provider;
  kind: ModelKind;
  period: MappedPeriod;
  /** Parts of the entry left out and why (an incomplete service tier, a field the catalogue has no place for). */
  notes: string[];
}

export type SkipCode =
  /** litellm_provider is not one the catalogue prices. */
  | "provider"
  /** A routed or resold name (azure/..., openrouter/...): the bare name carries the provider's price. */
  | "routed_name"
  /** Not billed per token (images, audio, realtime, rerank, ...). */
  | "mode"
  /** No per-token input and output price, or only zeros. */
  | "not_priced"
  /** Prices the catalogue's model cannot hold as the list states them. */
  | "unrepresentable"
  /** Several list entries give one model different prices (set by the sync, not the mapper). */
  | "conflict"
  /** The change would start before a price already known (set by the sync). */
  | "history";

export interface SkippedEntry {
  sourceModel: string;
  provider: string;
  code: SkipCode;
  reason: string;
}

export interface MappedPriceList {
  prices: MappedPrice[];
  skipped: SkippedEntry[];
}

const PROVIDER_OF: Readonly<Record<string, Provider>> = {
  openai: "openai",
  "text-completion-openai": "openai",
  anthropic: "anthropic",
};
const TOKEN_MODES = new Set(["chat", "responses", "completion", "embedding"]);
/** LiteLLM's own description of its fields, the list's first key. */
const SAMPLE_SPEC = "sample_spec";

// One price field: the component, then an optional long-context threshold, then an optional tier:
// cache_read_input_token_cost_above_272k_tokens_flex.
const PRICE_FIELD =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost_above_1hr|cache_creation_input_token_cost)(?:_above_(\d+)k_tokens)?(?:_(flex|priority|batches))?$/;
// Fields that price what the catalogue does not bill per token (media, tools, time) are not its concern.
const NOT_TOKEN_PRICED =
  /audio|image|video|pixel|second|character|query|search|file|vector|interpreter|computer_use|page|credit|tool|session/;
const REASONING_PRICE = "output_cost_per_reasoning_token";

type Bucket = Partial<Record<keyof PriceSet, bigint>>;

/**
 * Maps a parsed price list. Throws PricingError("invalid_price_list") only when the list itself is not an
 * object of entries; everything wrong with one entry is that entry's skip reason.
 */
export function mapLiteLlmPrices(raw: unknown, options: { catalogue?: Catalogue } = {}): MappedPriceList {
  if (!isRecord(raw)) throw new PricingError("invalid_price_list", "the price list must be a JSON object of model entries");
  const catalogue = options.catalogue ?? bundledCatalogue;
  const prices: MappedPrice[] = [];
  const skipped: SkippedEntry[] = [];
  for (const [key, entry] of Object.entries(raw)) {
    if (key === SAMPLE_SPEC) continue;
    const result = mapEntry(key, entry, catalogue);
    if ("code" in result) skipped.push(result);
    else prices.push(result);
  }
  return { prices, skipped };
}

function mapEntry(key: string, entry: unknown, catalogue: Catalogue): MappedPrice | SkippedEntry {
  const listed = isRecord(entry) && typeof entry["litellm_provider"] === "string" ? entry["litellm_provider"] : "";
  const skip = (code: SkipCode, reason: string): SkippedEntry => ({ sourceModel: key, provider: listed, code, reason });
  if (!isRecord(entry)) return skip("not_priced", "the entry is not an object");
  const provider = PROVIDER_OF[listed];
  if (provider === undefined) return skip("provider", `litellm_provider "${listed}" is not one the catalogue prices (openai, anthropic)`);
  if (key.includes("/")) return skip("routed_name", "a routed or resold name; the bare model name carries the provider's own price");
  const mode = typeof entry["mode"] === "string" ? entry["mode"] : "";
  if (!TOKEN_MODES.has(mode)) return skip("mode", `mode "${mode}" is not billed per token`);

  const notes: string[] = [];
  const buckets = new Map<string, Bucket>();
  const thresholds = new Set<number>();
  for (const [field, value] of Object.entries(entry)) {
    const m = PRICE_FIELD.exec(field);
    if (!m) {
      if (field.includes("cost") && field !== REASONING_PRICE && !NOT_TOKEN_PRICED.test(field)) notes.push(`${field} is not mapped`);
      continue;
    }
    if (value === null || value === undefined) continue;
    const units = typeof value === "number" ? perTokenToPriceUnits(value) : undefined;
    if (units === undefined)
      return skip("unrepresentable", `${field} (${String(value)}) is not a price with at most 6 decimals per 1M tokens`);
    const [, component = "", thousands, tier] = m;
    const target = priceField(component, provider);
    if (target === undefined) {
      notes.push(`${field} is not mapped (no such cache-write lifetime on ${provider} models)`);
      continue;
    }
    if (thousands !== undefined) thresholds.add(Number(thousands) * 1000);
    const bucketKey = `${thousands === undefined ? "" : "long"}/${tier ?? ""}`;
    const bucket = buckets.get(bucketKey) ?? {};
    bucket[target] = units;
    buckets.set(bucketKey, bucket);
  }

  const base = buckets.get("/");
  if (base?.input === undefined || base.output === undefined) return skip("not_priced", "no per-token input and output price");
  if (base.input === 0n && base.output === 0n)
    return skip("not_priced", "input and output priced at 0 (LiteLLM's placeholder when no price is known)");
  const reasoning = entry[REASONING_PRICE];
  if (typeof reasoning === "number" && perTokenToPriceUnits(reasoning) !== base.output) {
    return skip(
      "unrepresentable",
      `reasoning tokens priced apart from output (${String(reasoning)} per token); the catalogue bills them as output`,
    );
  }
  if (thresholds.size > 1) {
    const shown = [...thresholds].sort((a, b) => a - b).map((t) => `${t / 1000}k`);
    return skip("unrepresentable", `long-context prices above ${shown.join(" and ")} tokens; the catalogue models one threshold`);
  }

  const period: MappedPeriod = { prices: priceSet(base) };
  const [threshold] = thresholds;
  if (threshold !== undefined) {
    const long = buckets.get("long/");
    if (long?.input === undefined || long.output === undefined) {
      return skip("unrepresentable", `the long-context tier above ${threshold / 1000}k tokens has no input and output price`);
    }
    period.longContext = { aboveInputTokens: threshold, prices: priceSet(long) } satisfies LongContextTier;
  }

  const tiers: ServiceTierPrices = {};
  for (const tier of ["flex", "priority"] as const) {
    const bucket = buckets.get(`/${tier}`);
    const long = buckets.get(`long/${tier}`);
    if (bucket === undefined) {
      if (long !== undefined) notes.push(`${tier}: long-context prices without short-context ones are not mapped`);
      continue;
    }
    if (bucket.input === undefined || bucket.output === undefined) {
      notes.push(`${tier}: no input and output price, so ${tier} calls are priced as standard`);
      continue;
    }
    const prices: TierPriceSet = priceSet(bucket);
    if (long !== undefined) {
      if (long.input !== undefined && long.output !== undefined && period.longContext !== undefined) prices.longContext = priceSet(long);
      else notes.push(`${tier}: the long-context prices are incomplete and not mapped`);
    }
    tiers[tier] = prices;
  }
  const fast = fastTier(entry, provider, period, notes);
  if (fast !== undefined) tiers.fast = fast;
  if (Object.keys(tiers).length > 0) period.serviceTiers = tiers;

  const uplift = regionalUplift(entry, notes);
  if (uplift !== undefined) period.regionalUpliftPercent = uplift;
  checkBatchPrices(buckets.get("/batches"), base, catalogue.providers[provider].batchDiscountPercent, notes);

  // The catalogue's own checks (cached input at most input, one provider's write lifetimes, ...).
  const check = checkSyncedPeriod({ from: "2000-01-01", ...period });
  if ("problem" in check) return skip("unrepresentable", `the mapped prices are not valid: ${check.problem}`);

  const kind: ModelKind = mode === "embedding" ? "embedding" : entry["supports_reasoning"] === true ? "reasoning" : "chat";
  return { sourceModel: key, provider, kind, period, notes };
}

/** The catalogue field a list component fills: cache writes by the provider's default lifetime. */
function priceField(component: string, provider: Provider): keyof PriceSet | undefined {
  switch (component) {
    case "input_cost_per_token":
      return "input";
    case "output_cost_per_token":
      return "output";
    case "cache_read_input_token_cost":
      return "cachedInput";
    case "cache_creation_input_token_cost":
      return provider === "anthropic" ? "cacheWrite5m" : "cacheWrite30m";
    case "cache_creation_input_token_cost_above_1hr":
      return provider === "anthropic" ? "cacheWrite1h" : undefined;
    default:
      return undefined;
  }
}

const PRICE_ORDER: readonly (keyof PriceSet)[] = [
  "input",
  "cachedInput",
  "cacheWrite5m",
  "cacheWrite1h",
  "cacheWrite30m",
  "cacheWrite12h",
  "output",
];

function priceSet(bucket: Bucket): PriceSet {
  const out: Record<string, string> = {};
  for (const field of PRICE_ORDER) {
    const units = bucket[field];
    if (units !== undefined) out[field] = formatPrice(units);
  }
  return out as unknown as PriceSet;
}

/** A multiplier such as 1.1 or 6.0 as an exact fraction of 100 (110, 600), if it has at most two decimals. */
function percentOf(value: unknown): bigint | undefined {
  return typeof value === "number" && value > 0 ? decimalUnits(value, 2) : undefined;
}

/**
 * Anthropic's fast mode, which LiteLLM gives as a multiple of every price (provider_specific_entry.fast).
 * OpenAI's fast mode is its priority tier, which the list prices field by field.
 */
function fastTier(entry: Record<string, unknown>, provider: Provider, period: MappedPeriod, notes: string[]): TierPriceSet | undefined {
  const specific = entry["provider_specific_entry"];
  if (!isRecord(specific) || specific["fast"] === undefined) return undefined;
  const percent = percentOf(specific["fast"]);
  if (provider !== "anthropic" || percent === undefined) {
    notes.push(`provider_specific_entry.fast (${String(specific["fast"])}) is not mapped`);
    return undefined;
  }
  const scale = (set: PriceSet): PriceSet | undefined => {
    const out: Record<string, string> = {};
    for (const field of PRICE_ORDER) {
      const text = set[field];
      if (text === undefined) continue;
      const scaled = (parsePrice(text) ?? 0n) * percent;
      if (scaled % 100n !== 0n) return undefined;
      out[field] = formatPrice(scaled / 100n);
    }
    return out as unknown as PriceSet;
  };
  const tier: TierPriceSet | undefined = scale(period.prices);
  const long = period.longContext === undefined ? undefined : scale(period.longContext.prices);
  if (tier === undefined || (period.longContext !== undefined && long === undefined)) {
    notes.push(`fast mode (${String(specific["fast"])}x) gives prices finer than 6 decimals per 1M tokens; not mapped`);
    return undefined;
  }
  if (long !== undefined) tier.longContext = long;
  return tier;
}

/** Geography-restricted processing: OpenAI's regional_processing_uplift_multiplier_*, Anthropic's provider_specific_entry.us. */
function regionalUplift(entry: Record<string, unknown>, notes: string[]): number | undefined {
  const specific = isRecord(entry["provider_specific_entry"]) ? entry["provider_specific_entry"] : {};
  const given = [
    entry["regional_processing_uplift_multiplier_us"],
    entry["regional_processing_uplift_multiplier_eu"],
    specific["us"],
  ].filter((v) => v !== undefined && v !== null);
  if (given.length === 0) return undefined;
  const percents = new Set(given.map((v) => percentOf(v)));
  const [only] = percents;
  if (percents.size !== 1 || only === undefined || only <= 100n || only > 200n) {
    notes.push(`regional uplift (${given.map(String).join(", ")}) is not one percentage from 1 to 100; not mapped`);
    return undefined;
  }
  return Number(only - 100n);
}

/** The catalogue prices batch calls with the provider's discount; a list price that disagrees is noted. */
function checkBatchPrices(batch: Bucket | undefined, base: Bucket, discountPercent: number, notes: string[]): void {
  if (batch === undefined) return;
  for (const field of ["input", "output"] as const) {
    const listed = batch[field];
    const standard = base[field];
    if (listed === undefined || standard === undefined) continue;
    if (listed * 100n !== standard * BigInt(100 - discountPercent)) {
      notes.push(
        `batch ${field} ${formatPrice(listed)} differs from the provider's ${discountPercent}% batch discount (${formatPrice(standard)} standard); batch calls are priced with the discount`,
      );
    }
  }
}
