// The pure cost function: one usage record and one price period in, an exact itemised cost out.
// All arithmetic is BigInt pico-dollars, so the components always add up to the total to the last digit.

import { PricingError } from "./errors.ts";
import { applyDiscount, formatUsd } from "./money.ts";
import type { CompiledPeriod, RateCard } from "./rates.ts";

/**
 * Token counts for one call, in OpenTelemetry GenAI semantics:
 * - `inputTokens` is ALL input, including cache reads and cache writes.
 * - `cacheReadTokens` and `cacheWriteTokens` are subsets of `inputTokens`.
 * - `cacheWrite1hTokens` is the subset of `cacheWriteTokens` written with the 1-hour TTL; the rest used 5 minutes.
 * - `outputTokens` is ALL output, including reasoning.
 * - `reasoningTokens` is a subset of `outputTokens`.
 * Sources that report Anthropic-style input (cache excluded) break the subset rule; see `computeCost`.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
}

export type ServiceTier = "standard" | "batch" | "flex" | "priority";
export type PriceSource = "catalogue" | "override" | "custom";
/** Which rate table priced the call: long_context when the input crossed the model's threshold. */
export type PriceTier = "standard" | "long_context";

/** USD amounts as strings with exactly 12 fractional digits (ClickHouse Decimal(18,12)). Disjoint; they sum to the total. */
export interface CostComponents {
  /** Uncached input: inputTokens − cache reads − cache writes. */
  inputUsd: string;
  cacheReadUsd: string;
  /** 5-minute writes at the 5-minute price plus 1-hour writes at the 1-hour price. */
  cacheWriteUsd: string;
  /** Visible output: outputTokens − reasoningTokens. */
  outputUsd: string;
  /** Reasoning tokens, billed at the output price. */
  reasoningUsd: string;
}

export interface PricedResult {
  status: "priced";
  modelId: string;
  source: PriceSource;
  tier: PriceTier;
  /** The service tier actually applied (a tier the model has no price for falls back to standard). */
  serviceTier: ServiceTier;
  totalUsd: string;
  /** `totalUsd` as a JS number, for display and sorting only; it is not exact. */
  totalUsdNumber: number;
  components: CostComponents;
  warnings: string[];
}

export interface UnknownModelResult {
  status: "unknown_model";
  /** The model name exactly as given. */
  model: string;
}

export type CostResult = PricedResult | UnknownModelResult;

export interface CostInput {
  modelId: string;
  source: PriceSource;
  period: CompiledPeriod;
  /** The provider's batch discount; undefined when none is known (custom models). */
  batchDiscountPercent: number | undefined;
  usage: Usage;
  serviceTier?: ServiceTier;
}

const SERVICE_TIERS: readonly ServiceTier[] = ["standard", "batch", "flex", "priority"];

function count(usage: Usage, field: keyof Usage, required: boolean): bigint {
  const value: unknown = usage[field];
  if (value === undefined && !required) return 0n;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new PricingError("invalid_usage", `usage.${field} must be a non-negative whole number, got ${String(value)}`, {
      field: `usage.${field}`,
    });
  }
  return BigInt(value);
}

/**
 * Prices one call. Where a subset exceeds its total (a source that did not follow the semantics
 * above), the remainder is clamped to zero rather than going negative and a warning says so; the
 * subset itself is still billed in full, since those tokens were really read, written or generated.
 * The long-context threshold is tested against the effective total input, so Anthropic-style
 * usage whose cache reads were left out of `inputTokens` still crosses it.
 */
export function computeCost(input: CostInput): PricedResult {
  const { usage, period } = input;
  const requested = input.serviceTier ?? "standard";
  if (!SERVICE_TIERS.includes(requested)) {
    throw new PricingError("invalid_request", `serviceTier must be one of ${SERVICE_TIERS.join(", ")}, got ${String(requested)}`, {
      field: "serviceTier",
    });
  }
  if (typeof usage !== "object" || usage === null) {
    throw new PricingError("invalid_usage", "usage must be an object of token counts", { field: "usage" });
  }
  const warnings: string[] = [];

  const inputTokens = count(usage, "inputTokens", true);
  const outputTokens = count(usage, "outputTokens", true);
  const cacheRead = count(usage, "cacheReadTokens", false);
  const cacheWrite = count(usage, "cacheWriteTokens", false);
  const write1h = count(usage, "cacheWrite1hTokens", false);
  const reasoning = count(usage, "reasoningTokens", false);

  let write5m = cacheWrite - write1h;
  if (write5m < 0n) {
    warnings.push(`cacheWrite1hTokens (${write1h}) exceed cacheWriteTokens (${cacheWrite}); 5-minute writes counted as 0`);
    write5m = 0n;
  }
  const written = write5m + write1h;
  let uncached = inputTokens - cacheRead - written;
  if (uncached < 0n) {
    warnings.push(
      `cache reads and writes (${cacheRead + written}) exceed inputTokens (${inputTokens}); uncached input counted as 0 ` +
        "(the source may report input without cache tokens)",
    );
    uncached = 0n;
  }
  let visibleOutput = outputTokens - reasoning;
  if (visibleOutput < 0n) {
    warnings.push(`reasoningTokens (${reasoning}) exceed outputTokens (${outputTokens}); visible output counted as 0`);
    visibleOutput = 0n;
  }

  let tier: PriceTier = "standard";
  let rates: RateCard = period.base;
  const totalInput = uncached + cacheRead + written;
  if (period.longContext && totalInput > BigInt(period.longContext.aboveInputTokens)) {
    tier = "long_context";
    rates = period.longContext.rates;
  }

  let applied: ServiceTier = requested;
  if (requested === "flex" || requested === "priority") {
    const tierRates = period.serviceTiers[requested];
    if (tierRates) {
      rates = tierRates;
      tier = "standard";
    } else {
      warnings.push(`no ${requested} price for ${input.modelId}; priced as standard`);
      applied = "standard";
    }
  }
  if (requested === "batch" && input.batchDiscountPercent === undefined) {
    warnings.push(`no batch discount known for ${input.modelId}; priced as standard`);
    applied = "standard";
  }

  const parts = {
    input: uncached * rates.input,
    cacheRead: cacheRead * rates.cachedInput,
    cacheWrite: write5m * rates.cacheWrite5m + write1h * rates.cacheWrite1h,
    output: visibleOutput * rates.output,
    reasoning: reasoning * rates.output,
  };
  if (applied === "batch" && input.batchDiscountPercent !== undefined) {
    // Discount each component on its own so the rounded components still add up to the total.
    const pct = input.batchDiscountPercent;
    for (const key of Object.keys(parts) as (keyof typeof parts)[]) parts[key] = applyDiscount(parts[key], pct);
  }
  const total = parts.input + parts.cacheRead + parts.cacheWrite + parts.output + parts.reasoning;
  const totalUsd = formatUsd(total);

  return {
    status: "priced",
    modelId: input.modelId,
    source: input.source,
    tier,
    serviceTier: applied,
    totalUsd,
    totalUsdNumber: Number(totalUsd),
    components: {
      inputUsd: formatUsd(parts.input),
      cacheReadUsd: formatUsd(parts.cacheRead),
      cacheWriteUsd: formatUsd(parts.cacheWrite),
      outputUsd: formatUsd(parts.output),
      reasoningUsd: formatUsd(parts.reasoning),
    },
    warnings,
  };
}
