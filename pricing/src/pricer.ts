// The package's entry point: the catalogue, the install's synced prices, and a project's overrides and
// custom models, behind one `price()` that ingest calls per span and one `match()` for showing what a name
// resolves to.

import type { Catalogue, ModelKind, Provider } from "./catalogue.ts";
import { catalogue as bundledCatalogue, namesOf } from "./catalogue.ts";
import { computeAggregateCost, type AggregateCostResult, type UsageTotals } from "./aggregate-cost.ts";
import type { CostInput, CostResult, PriceSource, ServiceTier, UnknownModelResult, Usage } from "./cost.ts";
import { computeCost } from "./cost.ts";
import { PricingError } from "./errors.ts";
import { createCatalogueMatcher, createMatcher } from "./match.ts";
import { normalizeName } from "./names.ts";
import type { PriceOverride } from "./overrides.ts";
import { validateOverrides } from "./overrides.ts";
import type { SyncedPrice } from "./synced-prices.ts";
import { validateSyncedPrices } from "./synced-prices.ts";
import type { CompiledPeriod } from "./rates.ts";
import { compilePeriod, compileRates, periodAt } from "./rates.ts";

export interface PricerOptions {
  /** Azure deployment name → model name or catalogue id (or a custom model's name). */
  azureDeployments?: Record<string, string>;
  /** Per-project prices layered on the catalogue and the synced prices; see PriceOverride. */
  overrides?: PriceOverride[];
  /**
   * Install-wide prices from `promptmetrics prices sync`. A synced period and a catalogue period are both
   * "from this day the price is": at any time the one that started last applies, the synced one on a tie.
   * A synced model the catalogue does not know is priced like a catalogue model (batch discount included).
   */
  synced?: readonly SyncedPrice[];
  /** Defaults to the bundled catalogue.json. */
  catalogue?: Catalogue;
}

export interface PriceRequest {
  /** The span's provider (gen_ai.system); informational, the model name decides the match. */
  provider?: string;
  model: string;
  /** When the call happened; selects the price period in force. */
  at: Date;
  usage: Usage;
  serviceTier?: ServiceTier;
  /** Geography-restricted processing (Anthropic `inference_geo: "us"`, OpenAI regional processing). */
  regionalProcessing?: boolean;
}

export interface ModelMatch {
  modelId: string;
  /** Where the model comes from: the catalogue, the install's synced prices, or a project's custom model. */
  source: "catalogue" | "synced" | "custom";
  /** Absent for custom models. */
  provider?: Provider;
  kind: ModelKind;
}

/** Token totals of many requests in one price bucket (see computeAggregateCost), all made at `at`'s period. */
export interface TotalsPriceRequest extends Omit<PriceRequest, "usage"> {
  totals: UsageTotals;
}

export interface Pricer {
  price(request: PriceRequest): CostResult;
  /** Prices the totals of requests that share a period, a tier and a side of the long-context threshold. */
  priceTotals(request: TotalsPriceRequest): AggregateCostResult | UnknownModelResult;
  match(model: string, provider?: string): ModelMatch | undefined;
  /**
   * Every long-context threshold (input tokens) of any period of the model, ascending; [] when it has none
   * or is unknown. Requests grouped by which side of each they fall on can be priced by their totals.
   */
  longContextThresholds(model: string, provider?: string): number[];
}

/** A catalogue or synced period, with the layer it came from. */
interface SourcedPeriod extends CompiledPeriod {
  source: "catalogue" | "synced";
}

interface PricedModel {
  id: string;
  source: "catalogue" | "synced" | "custom";
  provider?: Provider;
  kind: ModelKind;
  batchDiscountPercent?: number;
  /** Catalogue and synced periods merged, ascending. Empty for custom models. */
  periods: SourcedPeriod[];
  /** Override (or custom) periods, ascending; these win over `periods` from their start. */
  overrides: CompiledPeriod[];
}

function describeDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function createPricer(options: PricerOptions = {}): Pricer {
  const catalogue = options.catalogue ?? bundledCatalogue;
  const overrides = validateOverrides(options.overrides);
  const synced = validateSyncedPrices(options.synced);

  const models = new Map<string, PricedModel>();
  for (const entry of catalogue.models) {
    models.set(entry.id, {
      id: entry.id,
      source: "catalogue",
      provider: entry.provider,
      kind: entry.kind,
      batchDiscountPercent: catalogue.providers[entry.provider].batchDiscountPercent,
      periods: entry.periods.map((p) => ({ ...compilePeriod(p), source: "catalogue" })),
      overrides: [],
    });
  }

  // A synced price names a catalogue model by any name the catalogue matches (a new period for it);
  // any other name is a model of its own.
  const catalogueMatcher = createCatalogueMatcher(catalogue);
  const syncedModels = new Map<string, PricedModel>();
  for (const price of [...synced].sort((a, b) => a.period.from.localeCompare(b.period.from))) {
    const period: SourcedPeriod = { ...compilePeriod(price.period), source: "synced" };
    const entry = catalogueMatcher.match(price.model);
    const key = normalizeName(price.model);
    let model = entry === undefined ? syncedModels.get(key) : models.get(entry.id);
    if (model === undefined) {
      model = { id: price.model, source: "synced", periods: [], overrides: [], kind: price.kind };
      syncedModels.set(key, model);
    }
    if (model.source === "synced") {
      // The latest period's provider and kind describe the model.
      model.provider = price.provider;
      model.kind = price.kind;
      model.batchDiscountPercent = catalogue.providers[price.provider].batchDiscountPercent;
    }
    const same = model.periods.findIndex((p) => p.fromMs === period.fromMs);
    if (same >= 0) model.periods[same] = period;
    else model.periods.push(period);
  }
  for (const model of models.values()) model.periods.sort((a, b) => a.fromMs - b.fromMs);

  // An override names a catalogue or synced model by any name that matches it; anything else is custom.
  const installMatcher = createMatcher(installNames(catalogue, models, syncedModels));
  const customs = new Map<string, PricedModel>();
  for (const override of overrides) {
    const period: CompiledPeriod = { fromMs: override.fromMs, base: compileRates(override.prices), serviceTiers: {} };
    const known = installMatcher.match(override.model);
    if (known !== undefined) {
      known.overrides.push(period);
      continue;
    }
    const key = normalizeName(override.model);
    let custom = customs.get(key);
    if (custom === undefined) {
      custom = { id: override.model, source: "custom", kind: "chat", periods: [], overrides: [] };
      customs.set(key, custom);
    }
    custom.overrides.push(period);
  }
  for (const model of [...models.values(), ...syncedModels.values(), ...customs.values()])
    model.overrides.sort((a, b) => a.fromMs - b.fromMs);

  const names = installNames(catalogue, models, syncedModels);
  for (const [name, model] of customs) names.push([name, model]);
  const matcher = createMatcher(names, { azureDeployments: options.azureDeployments });

  return {
    match(model: string, provider?: string): ModelMatch | undefined {
      const found = matcher.match(model, provider);
      if (found === undefined) return undefined;
      const result: ModelMatch = { modelId: found.id, source: found.source, kind: found.kind };
      if (found.provider) result.provider = found.provider;
      return result;
    },

    price(request: PriceRequest): CostResult {
      const found = resolve(request);
      if (found.status === "unknown_model") return found;
      const result = computeCost({ ...found.cost, usage: request.usage });
      result.warnings.unshift(...found.warnings);
      return result;
    },

    priceTotals(request: TotalsPriceRequest): AggregateCostResult | UnknownModelResult {
      const found = resolve(request);
      if (found.status === "unknown_model") return found;
      const result = computeAggregateCost({ ...found.cost, totals: request.totals });
      result.warnings.unshift(...found.warnings);
      return result;
    },

    longContextThresholds(name: string, provider?: string): number[] {
      const model = matcher.match(name, provider);
      const thresholds = new Set<number>();
      for (const period of [...(model?.periods ?? []), ...(model?.overrides ?? [])])
        if (period.longContext) thresholds.add(period.longContext.aboveInputTokens);
      return [...thresholds].sort((a, b) => a - b);
    },
  };

  /** The model a request names and the period in force at its time, with the layer it came from. */
  function resolve(
    request: Pick<PriceRequest, "model" | "provider" | "at" | "serviceTier" | "regionalProcessing">,
  ): UnknownModelResult | { status: "resolved"; cost: Omit<CostInput, "usage">; warnings: string[] } {
    if (typeof request?.model !== "string") {
      throw new PricingError("invalid_request", "model must be a string", { field: "model" });
    }
    if (!(request.at instanceof Date) || Number.isNaN(request.at.getTime())) {
      throw new PricingError("invalid_request", "at must be a valid Date", { field: "at" });
    }
    const model = matcher.match(request.model, request.provider);
    // Unknown is a status, never a $0 price: dashboards must be able to show what went unpriced.
    if (model === undefined) return { status: "unknown_model", model: request.model };

    const atMs = request.at.getTime();
    const warnings: string[] = [];
    let source: PriceSource = model.source;
    let period: CompiledPeriod | undefined = periodAt(model.overrides, atMs);
    if (period !== undefined) {
      if (model.source !== "custom") source = "override";
    } else {
      const layered = periodAt(model.periods, atMs);
      if (layered !== undefined) source = layered.source;
      period = layered;
    }
    if (period === undefined) {
      // Earlier than any known price (clock skew, or a custom or synced price dated later): the earliest
      // price is a better estimate than nothing, and the warning makes the guess visible.
      // Every model has at least one period: catalogue entries are validated, synced models come from a
      // synced price, customs from an override.
      const earliest = model.periods[0];
      if (earliest !== undefined) source = earliest.source;
      period = (earliest ?? model.overrides[0]) as CompiledPeriod;
      warnings.push(
        `call at ${request.at.toISOString()} is before the first known price (from ${describeDate(period.fromMs)}); used that price`,
      );
    }
    return {
      status: "resolved",
      cost: {
        modelId: model.id,
        source,
        period,
        batchDiscountPercent: source === "custom" ? undefined : model.batchDiscountPercent,
        serviceTier: request.serviceTier,
        regionalProcessing: request.regionalProcessing,
      },
      warnings,
    };
  }
}

/** Every exact name of the catalogue's entries and of the synced models the catalogue does not know. */
function installNames(
  catalogue: Catalogue,
  models: ReadonlyMap<string, PricedModel>,
  synced: ReadonlyMap<string, PricedModel>,
): [string, PricedModel][] {
  const names: [string, PricedModel][] = [];
  for (const entry of catalogue.models) {
    const model = models.get(entry.id);
    if (model) for (const name of namesOf(entry)) names.push([name, model]);
  }
  for (const [name, model] of synced) names.push([name, model]);
  return names;
}
