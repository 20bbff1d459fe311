// Loads catalogue.json and checks it by hand, so a typo in the data fails at start-up
// with the model and field that are wrong instead of pricing a call at a wrong number.

import data from "../catalogue.json" with { type: "json" };
import { PricingError } from "./errors.ts";
import { parsePrice } from "./money.ts";
import { normalizeName } from "./names.ts";

export type Provider = "openai" | "anthropic";
export type ModelKind = "chat" | "reasoning" | "embedding";

/** USD per 1M tokens as decimal strings. Missing cache prices fall back as documented in rates.ts. */
export interface PriceSet {
  input: string;
  cachedInput?: string;
  cacheWrite5m?: string;
  cacheWrite1h?: string;
  output: string;
}

/** Whole-request higher rates once the request's input exceeds `aboveInputTokens`. */
export interface LongContextTier {
  aboveInputTokens: number;
  prices: PriceSet;
}

export interface ServiceTierPrices {
  flex?: PriceSet;
  priority?: PriceSet;
}

export interface PricePeriod {
  /** ISO date (YYYY-MM-DD, UTC) from which these prices apply. */
  from: string;
  prices: PriceSet;
  longContext?: LongContextTier;
  serviceTiers?: ServiceTierPrices;
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

export interface Catalogue {
  asOf: string;
  currency: "USD";
  unit: string;
  sources: string;
  providers: Record<Provider, ProviderTerms>;
  models: CatalogueEntry[];
}

const PROVIDERS: readonly Provider[] = ["openai", "anthropic"];
const KINDS: readonly ModelKind[] = ["chat", "reasoning", "embedding"];
const PRICE_FIELDS = ["input", "cachedInput", "cacheWrite5m", "cacheWrite1h", "output"] as const;
const REQUIRED_PRICE_FIELDS = new Set<string>(["input", "output"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Fail = (field: string, message: string) => never;

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
export function checkPriceSet(value: unknown, path: string, fail: Fail): PriceSet {
  if (!isRecord(value)) fail(path, "must be an object of decimal strings");
  rejectUnknownKeys(value, PRICE_FIELDS, path, fail);
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
  return out as unknown as PriceSet;
}

function checkStringList(value: unknown, path: string, fail: Fail): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string" || s.trim() === "")) {
    fail(path, "must be a list of non-empty strings");
  }
  return value as string[];
}

function checkPeriod(value: unknown, path: string, fail: Fail): PricePeriod {
  if (!isRecord(value)) fail(path, "must be an object");
  rejectUnknownKeys(value, ["from", "prices", "longContext", "serviceTiers"], path, fail);
  if (parseIsoDate(value["from"]) === undefined) fail(`${path}.from`, "must be a real date written YYYY-MM-DD");
  const period: PricePeriod = { from: value["from"] as string, prices: checkPriceSet(value["prices"], `${path}.prices`, fail) };

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
    rejectUnknownKeys(tiers, ["flex", "priority"], `${path}.serviceTiers`, fail);
    const checked: ServiceTierPrices = {};
    if (tiers["flex"] !== undefined) checked.flex = checkPriceSet(tiers["flex"], `${path}.serviceTiers.flex`, fail);
    if (tiers["priority"] !== undefined) checked.priority = checkPriceSet(tiers["priority"], `${path}.serviceTiers.priority`, fail);
    period.serviceTiers = checked;
  }
  return period;
}

function checkEntry(value: unknown, index: number): CatalogueEntry {
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
  const periods = periodsRaw.map((p, i) => checkPeriod(p, `periods[${i}]`, fail));
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
  rejectUnknownKeys(raw, ["asOf", "currency", "unit", "sources", "providers", "models"], "", fail);
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

  const modelsRaw = raw["models"];
  if (!Array.isArray(modelsRaw)) fail("models", "must be a list");
  const models = modelsRaw.map((m, i) => checkEntry(m, i));

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

  return {
    asOf: raw["asOf"] as string,
    currency: "USD",
    unit: raw["unit"] as string,
    sources: raw["sources"] as string,
    providers,
    models,
  };
}

/** The bundled catalogue, validated once at import. */
export const catalogue: Catalogue = validateCatalogue(data);
