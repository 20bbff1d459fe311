// Plans a price sync: compares what a price list states with what the install prices on the effective
// date (the catalogue plus the prices synced before) and says which models are new, which change and which
// stay the same, and what to store. Never rewrites history: a change is a new period from the effective
// date, and a date before the start of a price already known is refused.

import type { Catalogue, ModelKind, PricePeriod, PriceSet, Provider, ServiceTierPrices, TierPriceSet } from "./catalogue.ts";
import { catalogue as bundledCatalogue, checkSyncedPeriod, parseIsoDate, SERVICE_TIER_KEYS } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import type { MappedPeriod, MappedPrice, MappedPriceList, SkippedEntry } from "./litellm.ts";
import { createMatcher } from "./match.ts";
import { formatPrice, parsePrice } from "./money.ts";
import { normalizeName } from "./names.ts";
import { createPricer } from "./pricer.ts";
import type { SyncedPrice } from "./synced-prices.ts";

export interface PriceSyncOptions {
  list: MappedPriceList;
  /** The install's synced prices so far (every period). */
  synced: readonly SyncedPrice[];
  /** YYYY-MM-DD (UTC): the day new and changed prices apply from. */
  effectiveFrom: string;
  /** Where the list was read (URL or file), stored with each price. */
  source: string;
  /** YYYY-MM-DD (UTC); @default the current date */
  today?: string;
  /** @default the bundled catalogue */
  catalogue?: Catalogue;
  /**
   * Only these models (any name the install or the list gives them): the others in the list are left out
   * of the plan, so an operator can take some of a list's prices and not others. @default every model
   */
  models?: readonly string[];
}

/** One price that differs, by its path in the period (`input`, `longContext.output`, `flex.cachedInput`, ...). */
export interface FieldChange {
  field: string;
  before: string | undefined;
  after: string | undefined;
}

export interface PriceSyncChange {
  /** A catalogue id or an earlier synced model (a change), or the list's name (a new model). */
  model: string;
  sourceModel: string;
  provider: Provider;
  kind: ModelKind;
  /** The period in force on the effective date and the layer it comes from; absent for a new model. */
  before?: { period: PricePeriod; source: "catalogue" | "synced" };
  /** What to store: the new period from the effective date. */
  price: SyncedPrice;
  /** Every field of a new model; only the differing ones of a change. */
  fields: FieldChange[];
  /** What the mapping left out, and a catalogue note on a model it deliberately left unknown. */
  notes: string[];
}

export interface PriceSyncPlan {
  effectiveFrom: string;
  source: string;
  added: PriceSyncChange[];
  changed: PriceSyncChange[];
  /** Models whose prices the list states as the install already has them. */
  unchanged: string[];
  skipped: SkippedEntry[];
  /** With `models`: how many other models of the list were left out, and the names given that the list does not price. */
  notSelected: number;
  notFound: string[];
}

interface KnownPeriod {
  period: PricePeriod;
  fromMs: number;
  source: "catalogue" | "synced";
}

export function planPriceSync(options: PriceSyncOptions): PriceSyncPlan {
  const catalogue = options.catalogue ?? bundledCatalogue;
  const effectiveMs = parseIsoDate(options.effectiveFrom);
  if (effectiveMs === undefined)
    throw new PricingError("invalid_request", "effectiveFrom must be a date written YYYY-MM-DD", { field: "effectiveFrom" });
  const todayMs = parseIsoDate(options.today ?? new Date().toISOString().slice(0, 10)) ?? Date.now();
  const pricer = createPricer({ catalogue, synced: options.synced });

  // Every period the install knows, per model id, as the pricer resolves the names.
  const known = new Map<string, KnownPeriod[]>();
  const add = (id: string, period: PricePeriod, source: KnownPeriod["source"]) => {
    const list = known.get(id) ?? [];
    list.push({ period, fromMs: parseIsoDate(period.from) ?? 0, source });
    known.set(id, list);
  };
  for (const entry of catalogue.models) for (const period of entry.periods) add(entry.id, period, "catalogue");
  for (const price of options.synced) {
    const id = pricer.match(price.model)?.modelId;
    if (id !== undefined) add(id, price.period, "synced");
  }

  const plan: PriceSyncPlan = {
    effectiveFrom: options.effectiveFrom,
    source: options.source,
    added: [],
    changed: [],
    unchanged: [],
    skipped: [...options.list.skipped],
    notSelected: 0,
    notFound: [],
  };
  // A name the install knows stands for its model id; any other for itself (a new model's list name).
  const wanted =
    options.models === undefined
      ? undefined
      : new Map(options.models.map((name) => [normalizeName(pricer.match(name)?.modelId ?? name), name]));
  const found = new Set<string>();
  const selected = (id: string): boolean => {
    if (wanted === undefined) return true;
    const key = normalizeName(id);
    if (!wanted.has(key)) return false;
    found.add(key);
    return true;
  };

  // Entries for models the install knows, grouped by model; the others are new.
  const existing = new Map<string, MappedPrice[]>();
  const fresh: MappedPrice[] = [];
  for (const price of options.list.prices) {
    const match = pricer.match(price.sourceModel);
    if (match === undefined) {
      fresh.push(price);
      continue;
    }
    const group = existing.get(match.modelId) ?? [];
    group.push(price);
    existing.set(match.modelId, group);
  }

  for (const [id, group] of existing) {
    if (!selected(id)) {
      plan.notSelected++;
      continue;
    }
    const chosen = representative(id, group, plan.skipped);
    if (chosen === undefined) continue;
    const periods = (known.get(id) ?? []).sort((a, b) => a.fromMs - b.fromMs || (a.source === "synced" ? 1 : -1));
    // The period that started last by today (or by the effective date, if later): a change starts after it.
    const horizon = Math.max(todayMs, effectiveMs);
    const current = periods.filter((p) => p.fromMs <= horizon).at(-1) ?? periods[0];
    if (current === undefined) continue;
    if (effectiveMs < current.fromMs) {
      plan.skipped.push({
        sourceModel: chosen.sourceModel,
        provider: chosen.provider,
        code: "history",
        reason: `${id} has a price from ${current.period.from}; a sync adds periods after it, never before (effective date ${options.effectiveFrom})`,
      });
      continue;
    }
    const merged = mergePeriod(current.period, chosen.period);
    const after = checked({ from: options.effectiveFrom, ...merged }, chosen, plan.skipped);
    if (after === undefined) continue;
    const fields = diffFields(current.period, after);
    if (fields.length === 0) {
      plan.unchanged.push(id);
      continue;
    }
    const match = pricer.match(id);
    const entry = catalogue.models.find((m) => m.id === id);
    const provider = entry?.provider ?? chosen.provider;
    const kind = entry?.kind ?? (match?.kind as ModelKind | undefined) ?? chosen.kind;
    plan.changed.push({
      model: id,
      sourceModel: chosen.sourceModel,
      provider,
      kind,
      before: { period: current.period, source: current.source },
      price: { model: id, provider, kind, period: after, source: options.source, sourceModel: chosen.sourceModel },
      fields,
      notes: chosen.notes,
    });
  }

  // New names: a dated snapshot the matcher folds into a new base (gpt-9-2027-01-15 → gpt-9) is that
  // model when the list prices it the same; with its own prices it becomes a model of its own.
  const accepted: [string, { id: string; period: MappedPeriod }][] = [];
  const byLength = [...fresh].sort((a, b) => a.sourceModel.length - b.sourceModel.length || a.sourceModel.localeCompare(b.sourceModel));
  for (const price of byLength) {
    const base = accepted.length === 0 ? undefined : createMatcher(accepted).match(price.sourceModel);
    if (base !== undefined && agrees(base.period, price.period)) continue;
    if (!selected(price.sourceModel)) {
      // Still a base for its snapshots, so they fold into it rather than count as models of their own.
      accepted.push([price.sourceModel, { id: price.sourceModel, period: price.period }]);
      plan.notSelected++;
      continue;
    }
    const after = checked({ from: options.effectiveFrom, ...canonicalPeriod(price.period) }, price, plan.skipped);
    if (after === undefined) continue;
    accepted.push([price.sourceModel, { id: price.sourceModel, period: price.period }]);
    const unknownNote = catalogue.deliberatelyUnknown.find((note) => normalizeName(note.model) === normalizeName(price.sourceModel));
    plan.added.push({
      model: price.sourceModel,
      sourceModel: price.sourceModel,
      provider: price.provider,
      kind: price.kind,
      price: {
        model: price.sourceModel,
        provider: price.provider,
        kind: price.kind,
        period: after,
        source: options.source,
        sourceModel: price.sourceModel,
      },
      fields: diffFields(undefined, after),
      notes:
        unknownNote === undefined
          ? price.notes
          : [...price.notes, `the catalogue leaves ${unknownNote.model} unknown (checked ${unknownNote.checked}): ${unknownNote.reason}`],
    });
  }

  if (wanted !== undefined) plan.notFound = [...wanted].filter(([key]) => !found.has(key)).map(([, name]) => name);
  const byModel = (a: PriceSyncChange, b: PriceSyncChange) => a.model.localeCompare(b.model);
  plan.added.sort(byModel);
  plan.changed.sort(byModel);
  plan.unchanged.sort();
  return plan;
}

/**
 * The entry that speaks for a model several list names resolve to: the one named like the model, else the
 * fullest one when all agree with it. Entries that state a different price are skipped with the reason;
 * an entry that only says less (a snapshot listed without the tier prices) agrees.
 */
function representative(id: string, group: MappedPrice[], skipped: SkippedEntry[]): MappedPrice | undefined {
  const size = (p: MappedPrice) => flatten(p.period).size;
  const sorted = [...group].sort((a, b) => size(b) - size(a) || a.sourceModel.localeCompare(b.sourceModel));
  const named = sorted.find((p) => normalizeName(p.sourceModel) === normalizeName(id));
  const chosen = named ?? (sorted.every((p) => agrees(p.period, sorted[0]!.period)) ? sorted[0] : undefined);
  if (chosen === undefined) {
    const names = sorted.map((p) => p.sourceModel).sort();
    for (const p of [...sorted].sort((a, b) => a.sourceModel.localeCompare(b.sourceModel))) {
      skipped.push({
        sourceModel: p.sourceModel,
        provider: p.provider,
        code: "conflict",
        reason: `${names.join(", ")} all resolve to ${id} with different prices, and none is named ${id}`,
      });
    }
    return undefined;
  }
  for (const p of sorted) {
    if (p !== chosen && !agrees(p.period, chosen.period)) {
      skipped.push({
        sourceModel: p.sourceModel,
        provider: p.provider,
        code: "conflict",
        reason: `resolves to ${id}, which the list's "${chosen.sourceModel}" entry prices differently; that entry is used`,
      });
    }
  }
  return chosen;
}

/** The period checked with the catalogue's rules, or undefined (and the entry skipped) if it fails them. */
function checked(period: PricePeriod, price: MappedPrice, skipped: SkippedEntry[]): PricePeriod | undefined {
  const check = checkSyncedPeriod(period);
  if ("period" in check) return check.period;
  skipped.push({
    sourceModel: price.sourceModel,
    provider: price.provider,
    code: "unrepresentable",
    reason: `the resulting prices are not valid: ${check.problem}`,
  });
  return undefined;
}

/**
 * What the list states laid over the period in force: a price the list gives replaces the current one, a
 * price it does not mention stays (the list's silence is not a price). A long-context tier with another
 * threshold replaces the current one whole, and with it the tiers' long-context prices.
 */
export function mergePeriod(current: PricePeriod, stated: MappedPeriod): MappedPeriod {
  const sameThreshold = current.longContext !== undefined && stated.longContext?.aboveInputTokens === current.longContext.aboveInputTokens;
  const keepLong = stated.longContext === undefined || sameThreshold;
  const merged: MappedPeriod = { prices: canonicalSet({ ...current.prices, ...stated.prices }) };
  const longContext =
    stated.longContext === undefined
      ? current.longContext
      : sameThreshold
        ? {
            aboveInputTokens: stated.longContext.aboveInputTokens,
            prices: { ...current.longContext!.prices, ...stated.longContext.prices },
          }
        : stated.longContext;
  if (longContext !== undefined)
    merged.longContext = { aboveInputTokens: longContext.aboveInputTokens, prices: canonicalSet(longContext.prices) };

  const tiers: ServiceTierPrices = {};
  for (const key of SERVICE_TIER_KEYS) {
    const cur = current.serviceTiers?.[key];
    const st = stated.serviceTiers?.[key];
    if (cur === undefined && st === undefined) continue;
    const { longContext: curLong, ...curPrices } = cur ?? ({} as Partial<TierPriceSet>);
    const { longContext: stLong, ...stPrices } = st ?? ({} as Partial<TierPriceSet>);
    const tier: TierPriceSet = canonicalSet({ ...curPrices, ...stPrices } as PriceSet);
    const long =
      stLong !== undefined ? (keepLong && curLong !== undefined ? { ...curLong, ...stLong } : stLong) : keepLong ? curLong : undefined;
    if (long !== undefined) tier.longContext = canonicalSet(long);
    tiers[key] = tier;
  }
  if (Object.keys(tiers).length > 0) merged.serviceTiers = tiers;
  const uplift = stated.regionalUpliftPercent ?? current.regionalUpliftPercent;
  if (uplift !== undefined) merged.regionalUpliftPercent = uplift;
  return merged;
}

function canonicalPeriod(period: MappedPeriod): MappedPeriod {
  return mergePeriod({ from: "2000-01-01", prices: period.prices }, period);
}

/** Prices written the shortest way ("2.50" → "2.5"), so stored and printed prices compare by value. */
function canonicalSet<T extends PriceSet>(set: T): T {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(set)) {
    if (value === undefined) continue;
    const units = parsePrice(value);
    out[field] = units === undefined ? value : formatPrice(units);
  }
  return out as unknown as T;
}

const PRICE_FIELDS: readonly (keyof PriceSet)[] = [
  "input",
  "cachedInput",
  "cacheWrite5m",
  "cacheWrite1h",
  "cacheWrite30m",
  "cacheWrite12h",
  "output",
];

/** A period's prices and rules by path, in a stable order. */
function flatten(period: MappedPeriod | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (period === undefined) return out;
  const put = (prefix: string, set: PriceSet | undefined) => {
    if (set === undefined) return;
    for (const field of PRICE_FIELDS) if (set[field] !== undefined) out.set(`${prefix}${field}`, set[field]);
  };
  put("", period.prices);
  if (period.longContext) {
    out.set("longContext.aboveInputTokens", String(period.longContext.aboveInputTokens));
    put("longContext.", period.longContext.prices);
  }
  for (const key of SERVICE_TIER_KEYS) {
    const tier = period.serviceTiers?.[key];
    put(`${key}.`, tier);
    put(`${key}.longContext.`, tier?.longContext);
  }
  if (period.regionalUpliftPercent !== undefined) out.set("regionalUpliftPercent", String(period.regionalUpliftPercent));
  return out;
}

function sameValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const pa = parsePrice(a);
  return pa !== undefined ? pa === parsePrice(b) : a === b;
}

/** The fields whose value differs between two periods (every field of `after` when there is no `before`). */
export function diffFields(before: MappedPeriod | undefined, after: MappedPeriod): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  for (const field of new Set([...b.keys(), ...a.keys()])) {
    if (!sameValue(a.get(field), b.get(field))) changes.push({ field, before: a.get(field), after: b.get(field) });
  }
  return changes;
}

/** Two list entries agree when every price both state is the same (one may state fewer). */
function agrees(a: MappedPeriod, b: MappedPeriod): boolean {
  const fa = flatten(a);
  const fb = flatten(b);
  return [...fa].every(([field, value]) => !fb.has(field) || sameValue(value, fb.get(field)));
}
