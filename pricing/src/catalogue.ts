// Loads catalogue.json and checks it by hand, so a typo in the data fails at start-up
// with the model and field that are wrong instead of pricing a call at a wrong number.

import data from "../catalogue.json" with { type: "json" };
import { PricingError } from "./errors.ts";
import { parsePrice } from "./money.ts";
import { normalizeName } from "./names.ts";

export type Provider = "openai" | "anthropic";
export type ModelKind = "chat" | "reasoning" | "embedding";

/**
 * USD per 1M tokens as decimal strings. Missing cache prices fall back as documented in rates.ts.
 * Cache writes are named by lifetime: Anthropic sells 5-minute and 1-hour writes, OpenAI 30-minute
 * and 12-hour writes; a model uses one pair.
 */
export interface PriceSet {
  input: string;
  cachedInput?: string;
  cacheWrite5m?: string;
  cacheWrite1h?: string;
  cacheWrite30m?: string;
  cacheWrite12h?: string;
  output: string;
}

/** Whole-request higher rates once the request's input exceeds `aboveInputTokens`. */
export interface LongContextTier {
  aboveInputTokens: number;
  prices: PriceSet;
}

/** A service tier's prices; `longContext` holds its rates above the period's long-context threshold. */
export interface TierPriceSet extends PriceSet {
  longContext?: PriceSet;
}

/**
 * Per-token prices of the processing tiers a provider sells besides standard and batch. OpenAI's
 * "priority" tier was renamed "Fast mode" (both request values still accepted), so OpenAI models list
 * it as `priority`; `fast` is Anthropic's fast mode (the `speed: "fast"` request option).
 */
export interface ServiceTierPrices {
  flex?: TierPriceSet;
  priority?: TierPriceSet;
  fast?: TierPriceSet;
  ultrafast?: TierPriceSet;
}

export const SERVICE_TIER_KEYS = ["flex", "priority", "fast", "ultrafast"] as const;

export interface PricePeriod {
  /** ISO date (YYYY-MM-DD, UTC) from which these prices apply. */
  from: string;
  prices: PriceSet;
  longContext?: LongContextTier;
  serviceTiers?: ServiceTierPrices;
  /**
   * Surcharge for geography-restricted processing (Anthropic's US-only `inference_geo`, OpenAI's
   * regional processing), as a percentage added to every component.
   */
  regionalUpliftPercent?: number;
  /** Ids from the catalogue's `references` that these prices were checked against. */
  sources?: string[];
  /** The day the sources were read (YYYY-MM-DD). */
  read?: string;
  /** What in this period rests on a single third-party source, and which; absent when nothing does. */
  singleSource?: string;
}

export interface CatalogueEntry {
  id: string;
  provider: Provider;
  kind: ModelKind;
  /** Exact dated ids that belong to this entry (most dated ids also match by rule). */
  snapshots?: string[];
  /** Other exact spellings seen in traffic (Azure's gpt-35-turbo, Vertex's -v2, ...). */
  aliases?: string[];
  notes?: string;
  /** Ascending by `from`; a price change appends a period. */
  periods: PricePeriod[];
}

export interface ProviderTerms {
  batchDiscountPercent: number;
  pricingUrl: string;
}

/** One source a price was checked against: what it is, where, and which stored version was read. */
export interface SourceReference {
  title: string;
  url: string;
  /** Which copy was read (a commit, a crawl), since every source here is a stored snapshot. */
  version: string;
  read: string;
}

/** A model real traffic uses that is deliberately left unpriced, and why. */
export interface UnknownModelNote {
  model: string;
  reason: string;
  checked: string;
}

export interface Catalogue {
  asOf: string;
  currency: "USD";
  unit: string;
  sources: string;
  references: Record<string, SourceReference>;
  providers: Record<Provider, ProviderTerms>;
  models: CatalogueEntry[];
  deliberatelyUnknown: UnknownModelNote[];
}

export const PROVIDERS: readonly Provider[] = ["openai", "anthropic"];
export const KINDS: readonly ModelKind[] = ["chat", "reasoning", "embedding"];
const PRICE_FIELDS = ["input", "cachedInput", "cacheWrite5m", "cacheWrite1h", "cacheWrite30m", "cacheWrite12h", "output"] as const;
const REQUIRED_PRICE_FIELDS = new Set<string>(["input", "output"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type Fail = (field: string, message: string) => never;

/** Milliseconds for a real calendar date written YYYY-MM-DD, or undefined ("2025-02-30" is not one). */
export function parseIsoDate(text: unknown): number | undefined {
  if (typeof text !== "string" || !ISO_DATE.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function rejectUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(path ? `${path}.${key}` : key, "is not a known field");
  }
}

/** Checks one price set; returns it typed. Shared with the override validator. */
export function checkPriceSet(value: unknown, path: string, fail: Fail, extraKeys: readonly string[] = []): PriceSet {
  if (!isRecord(value)) fail(path, "must be an object of decimal strings");
  rejectUnknownKeys(value, [...PRICE_FIELDS, ...extraKeys], path, fail);
  const out: Record<string, string> = {};
  for (const field of PRICE_FIELDS) {
    const raw = value[field];
    if (raw === undefined) {
      if (REQUIRED_PRICE_FIELDS.has(field)) fail(`${path}.${field}`, "is required");
      continue;
    }
    if (typeof raw !== "string" || parsePrice(raw) === undefined) {
      fail(`${path}.${field}`, `must be a non-negative decimal string with at most 6 decimals, got ${JSON.stringify(raw)}`);
    }
    out[field] = raw;
  }
  const input = parsePrice(out["input"] ?? "");
  const cached = out["cachedInput"] === undefined ? undefined : parsePrice(out["cachedInput"]);
  if (input !== undefined && cached !== undefined && cached > input) {
    fail(`${path}.cachedInput`, "must not exceed input");
  }
  const write5m = out["cacheWrite5m"] !== undefined || out["cacheWrite1h"] !== undefined;
  const write30m = out["cacheWrite30m"] !== undefined || out["cacheWrite12h"] !== undefined;
  if (write5m && write30m)
    fail(`${path}.cacheWrite30m`, "cannot be combined with 5-minute or 1-hour write prices (one provider's lifetimes per model)");
  return out as unknown as PriceSet;
}

function checkStringList(value: unknown, path: string, fail: Fail): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string" || s.trim() === "")) {
    fail(path, "must be a list of non-empty strings");
  }
  return value as string[];
}

/**
 * A period that did not come from catalogue.json (a synced price) through the catalogue's own checks:
 * the checked period, or the first problem found (`<field> <message>`).
 */
export function checkSyncedPeriod(period: PricePeriod): { period: PricePeriod } | { problem: string } {
  try {
    return {
      period: checkPeriod(
        period,
        "period",
        (field, message) => {
          throw new PricingError("invalid_synced_price", `${field} ${message}`, { field });
        },
        new Set(),
      ),
    };
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    return { problem: error.message };
  }
}

export function checkPeriod(value: unknown, path: string, fail: Fail, referenceIds: ReadonlySet<string>): PricePeriod {
  if (!isRecord(value)) fail(path, "must be an object");
  rejectUnknownKeys(
    value,
    ["from", "prices", "longContext", "serviceTiers", "regionalUpliftPercent", "sources", "read", "singleSource"],
    path,
    fail,
  );
  if (parseIsoDate(value["from"]) === undefined) fail(`${path}.from`, "must be a real date written YYYY-MM-DD");
  const period: PricePeriod = { from: value["from"] as string, prices: checkPriceSet(value["prices"], `${path}.prices`, fail) };

  const sources = checkStringList(value["sources"], `${path}.sources`, fail);
  if (sources) {
    for (const id of sources)
      if (!referenceIds.has(id)) fail(`${path}.sources`, `names "${id}", which is not in the catalogue's references`);
    if (parseIsoDate(value["read"]) === undefined) fail(`${path}.read`, "must say when the sources were read (YYYY-MM-DD)");
    period.sources = sources;
    period.read = value["read"] as string;
  } else if (value["read"] !== undefined) {
    fail(`${path}.read`, "needs the sources that were read");
  }
  if (value["singleSource"] !== undefined) {
    if (typeof value["singleSource"] !== "string" || value["singleSource"].trim() === "")
      fail(`${path}.singleSource`, "must be a non-empty string");
    period.singleSource = value["singleSource"];
  }
  const uplift = value["regionalUpliftPercent"];
  if (uplift !== undefined) {
    if (typeof uplift !== "number" || !Number.isInteger(uplift) || uplift <= 0 || uplift > 100) {
      fail(`${path}.regionalUpliftPercent`, "must be a whole number from 1 to 100");
    }
    period.regionalUpliftPercent = uplift;
  }

  const lc = value["longContext"];
  if (lc !== undefined) {
    if (!isRecord(lc)) fail(`${path}.longContext`, "must be an object");
    rejectUnknownKeys(lc, ["aboveInputTokens", "prices"], `${path}.longContext`, fail);
    const above = lc["aboveInputTokens"];
    if (typeof above !== "number" || !Number.isSafeInteger(above) || above <= 0) {
      fail(`${path}.longContext.aboveInputTokens`, "must be a positive whole number of tokens");
    }
    period.longContext = { aboveInputTokens: above, prices: checkPriceSet(lc["prices"], `${path}.longContext.prices`, fail) };
  }

  const tiers = value["serviceTiers"];
  if (tiers !== undefined) {
    if (!isRecord(tiers)) fail(`${path}.serviceTiers`, "must be an object");
    rejectUnknownKeys(tiers, SERVICE_TIER_KEYS, `${path}.serviceTiers`, fail);
    const checked: ServiceTierPrices = {};
    for (const key of SERVICE_TIER_KEYS) {
      const raw = tiers[key];
      if (raw === undefined) continue;
      const tierPath = `${path}.serviceTiers.${key}`;
      const tier: TierPriceSet = checkPriceSet(raw, tierPath, fail, ["longContext"]);
      const lc = (raw as Record<string, unknown>)["longContext"];
      if (lc !== undefined) {
        // The tier's long-context rates apply above the period's threshold, so there must be one.
        if (period.longContext === undefined) fail(`${tierPath}.longContext`, "needs a longContext threshold on the period");
        tier.longContext = checkPriceSet(lc, `${tierPath}.longContext`, fail);
      }
      checked[key] = tier;
    }
    period.serviceTiers = checked;
  }
  return period;
}

function checkEntry(value: unknown, index: number, referenceIds: ReadonlySet<string>): CatalogueEntry {
  const label = isRecord(value) && typeof value["id"] === "string" ? value["id"] : `#${index}`;
  const fail: Fail = (field, message) => {
    throw new PricingError("invalid_catalogue", `catalogue model "${label}": ${field} ${message}`, { model: label, field });
  };
  if (!isRecord(value)) fail("", "must be an object");
  rejectUnknownKeys(value, ["id", "provider", "kind", "snapshots", "aliases", "notes", "periods"], "", fail);
  const id = value["id"];
  if (typeof id !== "string" || id.trim() === "" || id !== id.trim()) fail("id", "must be a non-empty string without surrounding spaces");
  const provider = value["provider"];
  if (!PROVIDERS.includes(provider as Provider)) fail("provider", `must be one of ${PROVIDERS.join(", ")}`);
  const kind = value["kind"];
  if (!KINDS.includes(kind as ModelKind)) fail("kind", `must be one of ${KINDS.join(", ")}`);
  if (value["notes"] !== undefined && typeof value["notes"] !== "string") fail("notes", "must be a string");

  const periodsRaw = value["periods"];
  if (!Array.isArray(periodsRaw) || periodsRaw.length === 0) fail("periods", "must be a non-empty list");
  const periods = periodsRaw.map((p, i) => checkPeriod(p, `periods[${i}]`, fail, referenceIds));
  for (let i = 1; i < periods.length; i++) {
    if ((parseIsoDate(periods[i]?.from) ?? 0) <= (parseIsoDate(periods[i - 1]?.from) ?? 0)) {
      fail(`periods[${i}].from`, "must be later than the previous period's from");
    }
  }

  const entry: CatalogueEntry = { id, provider: provider as Provider, kind: kind as ModelKind, periods };
  const snapshots = checkStringList(value["snapshots"], "snapshots", fail);
  const aliases = checkStringList(value["aliases"], "aliases", fail);
  if (snapshots) entry.snapshots = snapshots;
  if (aliases) entry.aliases = aliases;
  if (typeof value["notes"] === "string") entry.notes = value["notes"];
  return entry;
}

/** Every exact name an entry answers to: its id, snapshots and aliases. */
export function namesOf(entry: CatalogueEntry): string[] {
  return [entry.id, ...(entry.snapshots ?? []), ...(entry.aliases ?? [])];
}

/** Validates raw catalogue data; throws PricingError("invalid_catalogue") naming the model and field. */
export function validateCatalogue(raw: unknown): Catalogue {
  const fail: Fail = (field, message) => {
    throw new PricingError("invalid_catalogue", `catalogue: ${field} ${message}`, { field });
  };
  if (!isRecord(raw)) fail("(root)", "must be an object");
  rejectUnknownKeys(raw, ["asOf", "currency", "unit", "sources", "references", "providers", "models", "deliberatelyUnknown"], "", fail);
  if (parseIsoDate(raw["asOf"]) === undefined) fail("asOf", "must be a real date written YYYY-MM-DD");
  if (raw["currency"] !== "USD") fail("currency", 'must be "USD"');
  for (const field of ["unit", "sources"] as const) {
    if (typeof raw[field] !== "string" || raw[field] === "") fail(field, "must be a non-empty string");
  }

  const providersRaw = raw["providers"];
  if (!isRecord(providersRaw)) fail("providers", "must be an object");
  rejectUnknownKeys(providersRaw, PROVIDERS, "providers", fail);
  const providers = {} as Record<Provider, ProviderTerms>;
  for (const p of PROVIDERS) {
    const terms = providersRaw[p];
    if (!isRecord(terms)) fail(`providers.${p}`, "must be an object");
    rejectUnknownKeys(terms, ["batchDiscountPercent", "pricingUrl"], `providers.${p}`, fail);
    const pct = terms["batchDiscountPercent"];
    if (typeof pct !== "number" || !Number.isInteger(pct) || pct < 0 || pct > 100) {
      fail(`providers.${p}.batchDiscountPercent`, "must be a whole number from 0 to 100");
    }
    if (typeof terms["pricingUrl"] !== "string") fail(`providers.${p}.pricingUrl`, "must be a string");
    providers[p] = { batchDiscountPercent: pct, pricingUrl: terms["pricingUrl"] };
  }

  const references = checkReferences(raw["references"], fail);
  const referenceIds = new Set(Object.keys(references));

  const modelsRaw = raw["models"];
  if (!Array.isArray(modelsRaw)) fail("models", "must be a list");
  const models = modelsRaw.map((m, i) => checkEntry(m, i, referenceIds));
  const deliberatelyUnknown = checkUnknownNotes(raw["deliberatelyUnknown"], fail);

  // Two entries answering to one name would make matching depend on file order.
  const owner = new Map<string, string>();
  for (const entry of models) {
    for (const name of namesOf(entry)) {
      const key = normalizeName(name);
      const previous = owner.get(key);
      if (previous !== undefined && previous !== entry.id) {
        throw new PricingError("invalid_catalogue", `catalogue model "${entry.id}": name "${name}" is already claimed by "${previous}"`, {
          model: entry.id,
          field: "snapshots",
        });
      }
      owner.set(key, entry.id);
    }
  }
  // A fine-tune price is found through its base model, so the base must exist.
  for (const entry of models) {
    if (entry.id.startsWith("ft:") && !owner.has(normalizeName(entry.id.slice(3)))) {
      throw new PricingError("invalid_catalogue", `catalogue model "${entry.id}": id names a base model that is not in the catalogue`, {
        model: entry.id,
        field: "id",
      });
    }
  }

  for (const note of deliberatelyUnknown) {
    if (owner.has(normalizeName(note.model))) {
      throw new PricingError("invalid_catalogue", `catalogue: deliberatelyUnknown lists "${note.model}", which an entry prices`, {
        model: note.model,
        field: "deliberatelyUnknown",
      });
    }
  }

  return {
    asOf: raw["asOf"] as string,
    currency: "USD",
    unit: raw["unit"] as string,
    sources: raw["sources"] as string,
    references,
    providers,
    models,
    deliberatelyUnknown,
  };
}

function checkReferences(value: unknown, fail: Fail): Record<string, SourceReference> {
  if (value === undefined) return {};
  if (!isRecord(value)) fail("references", "must be an object keyed by source id");
  const out: Record<string, SourceReference> = {};
  for (const [id, ref] of Object.entries(value)) {
    const path = `references.${id}`;
    if (!isRecord(ref)) fail(path, "must be an object");
    rejectUnknownKeys(ref, ["title", "url", "version", "read"], path, fail);
    for (const field of ["title", "url", "version"] as const) {
      if (typeof ref[field] !== "string" || ref[field] === "") fail(`${path}.${field}`, "must be a non-empty string");
    }
    if (parseIsoDate(ref["read"]) === undefined) fail(`${path}.read`, "must be a real date written YYYY-MM-DD");
    out[id] = { title: ref["title"] as string, url: ref["url"] as string, version: ref["version"] as string, read: ref["read"] as string };
  }
  return out;
}

function checkUnknownNotes(value: unknown, fail: Fail): UnknownModelNote[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail("deliberatelyUnknown", "must be a list");
  return value.map((note: unknown, i) => {
    const path = `deliberatelyUnknown[${i}]`;
    if (!isRecord(note)) fail(path, "must be an object");
    rejectUnknownKeys(note, ["model", "reason", "checked"], path, fail);
    for (const field of ["model", "reason"] as const) {
      if (typeof note[field] !== "string" || note[field].trim() === "") fail(`${path}.${field}`, "must be a non-empty string");
    }
    if (parseIsoDate(note["checked"]) === undefined) fail(`${path}.checked`, "must be a real date written YYYY-MM-DD");
    return { model: note["model"] as string, reason: note["reason"] as string, checked: note["checked"] as string };
  });
}

/** The bundled catalogue, validated once at import. */
export const catalogue: Catalogue = validateCatalogue(data);
