// The package's entry point: the catalogue plus a project's overrides and custom models, behind
// one `price()` that ingest calls per span and one `match()` for showing what a name resolves to.

import type { Catalogue, ModelKind, Provider } from "./catalogue.ts";
import { catalogue as bundledCatalogue, namesOf } from "./catalogue.ts";
import type { CostResult, PriceSource, ServiceTier, Usage } from "./cost.ts";
import { computeCost } from "./cost.ts";
import { PricingError } from "./errors.ts";
import { createCatalogueMatcher, createMatcher } from "./match.ts";
import { normalizeName } from "./names.ts";
import type { PriceOverride } from "./overrides.ts";
import { validateOverrides } from "./overrides.ts";
import type { CompiledPeriod } from "./rates.ts";
import { compilePeriod, compileRates, periodAt } from "./rates.ts";

export interface PricerOptions {
  /** Azure deployment name → model name or catalogue id (or a custom model's name). */
  azureDeployments?: Record<string, string>;
  /** Per-project prices layered on the catalogue; see PriceOverride. */
  overrides?: PriceOverride[];
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
  source: "catalogue" | "custom";
  /** Absent for custom models. */
  provider?: Provider;
  kind: ModelKind;
}

export interface Pricer {
  price(request: PriceRequest): CostResult;
  match(model: string, provider?: string): ModelMatch | undefined;
}

interface PricedModel {
  id: string;
  source: "catalogue" | "custom";
  provider?: Provider;
  kind: ModelKind;
  batchDiscountPercent?: number;
  /** Catalogue periods, ascending. Empty for custom models. */
  periods: CompiledPeriod[];
  /** Override (or custom) periods, ascending; these win over `periods` from their start. */
  overrides: CompiledPeriod[];
}

function describeDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function createPricer(options: PricerOptions = {}): Pricer {
  const catalogue = options.catalogue ?? bundledCatalogue;
  const overrides = validateOverrides(options.overrides);

  const models = new Map<string, PricedModel>();
  for (const entry of catalogue.models) {
    models.set(entry.id, {
      id: entry.id,
      source: "catalogue",
      provider: entry.provider,
      kind: entry.kind,
      batchDiscountPercent: catalogue.providers[entry.provider].batchDiscountPercent,
      periods: entry.periods.map((p) => compilePeriod(p)),
      overrides: [],
    });
  }

  // An override names a catalogue model by any name the catalogue matches; anything else is custom.
  const catalogueMatcher = createCatalogueMatcher(catalogue);
  const customs = new Map<string, PricedModel>();
  for (const override of overrides) {
    const period: CompiledPeriod = { fromMs: override.fromMs, base: compileRates(override.prices), serviceTiers: {} };
    const entry = catalogueMatcher.match(override.model);
    if (entry !== undefined) {
      models.get(entry.id)?.overrides.push(period);
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
  for (const model of [...models.values(), ...customs.values()]) model.overrides.sort((a, b) => a.fromMs - b.fromMs);

  const names: [string, PricedModel][] = [];
  for (const entry of catalogue.models) {
    const model = models.get(entry.id);
    if (model) for (const name of namesOf(entry)) names.push([name, model]);
  }
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
      let period = periodAt(model.overrides, atMs);
      if (period !== undefined) {
        if (model.source === "catalogue") source = "override";
      } else {
        period = periodAt(model.periods, atMs);
      }
      if (period === undefined) {
        // Earlier than any known price (clock skew, or a custom price dated later): the earliest
        // price is a better estimate than nothing, and the warning makes the guess visible.
        // Every model has at least one period: catalogue entries are validated, customs come from an override.
        period = (model.periods[0] ?? model.overrides[0]) as CompiledPeriod;
        warnings.push(`call at ${request.at.toISOString()} is before the first known price (from ${describeDate(period.fromMs)}); used that price`);
      }

      const result = computeCost({
        modelId: model.id,
        source,
        period,
        batchDiscountPercent: source === "custom" ? undefined : model.batchDiscountPercent,
        usage: request.usage,
        serviceTier: request.serviceTier,
        regionalProcessing: request.regionalProcessing,
      });
      result.warnings.unshift(...warnings);
      return result;
    },
  };
}
