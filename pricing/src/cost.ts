// The pure cost function: one usage record and one price period in, an exact itemised cost out.
// All arithmetic is BigInt pico-dollars, so the components always add up to the total to the last digit.

import { PricingError } from "./errors.ts";
import { formatUsd, scaleAmount } from "./money.ts";
import type { CompiledPeriod, CompiledTier, RateCard } from "./rates.ts";

/**
 * Token counts for one call, in OpenTelemetry GenAI semantics:
 * - `inputTokens` is ALL input, including cache reads and cache writes.
 * - `cacheReadTokens` and `cacheWriteTokens` are subsets of `inputTokens`.
 * - `cacheWrite1hTokens` is the subset of `cacheWriteTokens` written with Anthropic's 1-hour TTL, and
 *   `cacheWrite12hTokens` the subset written with OpenAI's 12-hour retention; the rest used the model's
 *   default lifetime (5 minutes on Anthropic, 30 minutes on OpenAI).
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
  cacheWrite12hTokens?: number;
  reasoningTokens?: number;
}

/**
 * The processing tier a call ran on. OpenAI renamed "priority" to "Fast mode" and accepts both names,
 * so "fast" prices with a model's fast prices or, failing those, its priority prices. "fast" is also
 * Anthropic's fast mode (`speed: "fast"`); "ultrafast" is OpenAI's Ultrafast.
 */
export type ServiceTier = "standard" | "batch" | "flex" | "priority" | "fast" | "ultrafast";
/** Which layer priced the call: the catalogue, the install's synced prices, a project's override of either, or its custom model. */
export type PriceSource = "catalogue" | "synced" | "override" | "custom";
/** Which rate table priced the call: long_context when the input crossed the model's threshold. */
export type PriceTier = "standard" | "long_context";

/** USD amounts as strings with exactly 12 fractional digits (ClickHouse Decimal(18,12)). Disjoint; they sum to the total. */
export interface CostComponents {
  /** Uncached input: inputTokens − cache reads − cache writes. */
  inputUsd: string;
  cacheReadUsd: string;
  /** Writes at the price of their lifetime (5 min / 1 h on Anthropic, 30 min / 12 h on OpenAI). */
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
  /** Present (true) when the regional-processing uplift was added. */
  regionalUplift?: true;
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
  /**
   * The call ran with geography-restricted processing (Anthropic `inference_geo: "us"`, OpenAI regional
   * processing / data residency), which some models bill with an uplift on every component.
   */
  regionalProcessing?: boolean;
}

const SERVICE_TIERS: readonly ServiceTier[] = ["standard", "batch", "flex", "priority", "fast", "ultrafast"];

/** The tier prices a requested tier uses: "fast" falls back to OpenAI's priority (its former name). */
function tierPrices(period: CompiledPeriod, requested: ServiceTier): CompiledTier | undefined {
  switch (requested) {
    case "flex":
    case "priority":
    case "ultrafast":
      return period.serviceTiers[requested];
    case "fast":
      return period.serviceTiers.fast ?? period.serviceTiers.priority;
    default:
      return undefined;
  }
}

function requestedTier(tier: ServiceTier | undefined): ServiceTier {
  const requested = tier ?? "standard";
  if (!SERVICE_TIERS.includes(requested)) {
    throw new PricingError("invalid_request", `serviceTier must be one of ${SERVICE_TIERS.join(", ")}, got ${String(requested)}`, {
      field: "serviceTier",
    });
  }
  return requested;
}

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
 * The billed token counts of one call (or the sums of many): each component is what its rate multiplies.
 * Per call they come out of `billableTokens`, which clamps what a source over-reported; sums of them stay
 * exact because the clamping is done call by call before anything is added.
 */
export interface BillableTokens {
  /** inputTokens − cache reads − cache writes, at least 0. */
  uncachedInput: bigint;
  cacheRead: bigint;
  /** Writes of the model's default lifetime: cacheWriteTokens − 1h − 12h writes, at least 0. */
  cacheWriteDefault: bigint;
  cacheWrite1h: bigint;
  cacheWrite12h: bigint;
  /** outputTokens − reasoningTokens, at least 0. */
  visibleOutput: bigint;
  reasoning: bigint;
}

/**
 * One call's billed components. Where a subset exceeds its total (a source that did not follow the
 * semantics of `Usage`), the remainder is clamped to zero rather than going negative and a warning says
 * so; the subset itself is still billed in full, since those tokens were really read, written or generated.
 */
export function billableTokens(usage: Usage): { tokens: BillableTokens; warnings: string[] } {
  if (typeof usage !== "object" || usage === null) {
    throw new PricingError("invalid_usage", "usage must be an object of token counts", { field: "usage" });
  }
  const warnings: string[] = [];
  const inputTokens = count(usage, "inputTokens", true);
  const outputTokens = count(usage, "outputTokens", true);
  const cacheRead = count(usage, "cacheReadTokens", false);
  const cacheWrite = count(usage, "cacheWriteTokens", false);
  const write1h = count(usage, "cacheWrite1hTokens", false);
  const write12h = count(usage, "cacheWrite12hTokens", false);
  const reasoning = count(usage, "reasoningTokens", false);

  let writeDefault = cacheWrite - write1h - write12h;
  if (writeDefault < 0n) {
    const longer = write12h > 0n ? `cacheWrite1hTokens + cacheWrite12hTokens (${write1h + write12h})` : `cacheWrite1hTokens (${write1h})`;
    warnings.push(`${longer} exceed cacheWriteTokens (${cacheWrite}); default-lifetime writes counted as 0`);
    writeDefault = 0n;
  }
  const written = writeDefault + write1h + write12h;
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
  return {
    tokens: {
      uncachedInput: uncached,
      cacheRead,
      cacheWriteDefault: writeDefault,
      cacheWrite1h: write1h,
      cacheWrite12h: write12h,
      visibleOutput,
      reasoning,
    },
    warnings,
  };
}

/**
 * The whole input of one call as the long-context threshold sees it: uncached + read + written, so
 * Anthropic-style usage whose cache reads were left out of `inputTokens` still crosses it.
 */
export function requestInputTokens(tokens: BillableTokens): bigint {
  return tokens.uncachedInput + tokens.cacheRead + tokens.cacheWriteDefault + tokens.cacheWrite1h + tokens.cacheWrite12h;
}

/** What a period charges a call of a service tier, with or without long context. */
export interface SelectedRates {
  rates: RateCard;
  tier: PriceTier;
  /** The service tier actually applied (a tier the model has no price for falls back to standard). */
  serviceTier: ServiceTier;
  /** The rate of 12-hour writes: the default-lifetime write's when the model publishes none (only then warned). */
  cacheWrite12h: bigint;
}

/**
 * The one rate selection of the cost function: long context (decided by the caller on the request's whole
 * input) applies to every token of the request, in whichever service tier it ran; a tier the model has no
 * price for, or batch without a known discount, falls back to standard with a warning.
 */
export function selectRates(
  input: Pick<CostInput, "modelId" | "period" | "batchDiscountPercent" | "serviceTier">,
  longContext: boolean,
  writes12h: boolean,
  warnings: string[],
): SelectedRates {
  const { period } = input;
  const requested = requestedTier(input.serviceTier);
  let tier: PriceTier = "standard";
  let rates: RateCard = period.base;
  if (longContext && period.longContext) {
    tier = "long_context";
    rates = period.longContext.rates;
  }

  let applied: ServiceTier = requested;
  if (requested !== "standard" && requested !== "batch") {
    const prices = tierPrices(period, requested);
    if (prices === undefined) {
      warnings.push(`no ${requested} price for ${input.modelId}; priced as standard`);
      applied = "standard";
    } else if (longContext && prices.longContext === undefined) {
      warnings.push(`no long-context ${requested} price for ${input.modelId}; its short-context ${requested} price used`);
      rates = prices.rates;
      tier = "standard";
    } else {
      rates = longContext && prices.longContext ? prices.longContext : prices.rates;
    }
  }
  if (requested === "batch" && input.batchDiscountPercent === undefined) {
    warnings.push(`no batch discount known for ${input.modelId}; priced as standard`);
    applied = "standard";
  }

  let write12hRate = rates.cacheWrite12h;
  if (writes12h && write12hRate === undefined) {
    warnings.push(`no 12-hour cache-write price for ${input.modelId}; those writes priced as default-lifetime writes`);
  }
  write12hRate ??= rates.cacheWrite;
  return { rates, tier, serviceTier: applied, cacheWrite12h: write12hRate };
}

/**
 * The factor every component is multiplied by: the batch discount and the regional uplift, together,
 * so that a call with both is rounded once.
 */
export function priceScale(
  input: Pick<CostInput, "modelId" | "period" | "batchDiscountPercent" | "regionalProcessing">,
  applied: ServiceTier,
  warnings: string[],
): { numerator: bigint; denominator: bigint; regionalUplift: boolean } {
  let numerator = 1n;
  let denominator = 1n;
  if (applied === "batch" && input.batchDiscountPercent !== undefined) {
    numerator *= BigInt(100 - input.batchDiscountPercent);
    denominator *= 100n;
  }
  let regionalUplift = false;
  if (input.regionalProcessing === true) {
    if (input.period.regionalUpliftPercent === undefined) {
      warnings.push(`no regional-processing uplift known for ${input.modelId}; priced without one`);
    } else {
      numerator *= BigInt(100 + input.period.regionalUpliftPercent);
      denominator *= 100n;
      regionalUplift = true;
    }
  }
  return { numerator, denominator, regionalUplift };
}

/** Pico-dollar amounts of each component, before any batch discount or uplift. */
export interface ComponentAmounts {
  input: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  output: bigint;
  reasoning: bigint;
}

/** Tokens times rates, then each component scaled and rounded half up once. */
export function componentAmounts(
  tokens: BillableTokens,
  selected: SelectedRates,
  scale: { numerator: bigint; denominator: bigint },
): ComponentAmounts {
  const { rates } = selected;
  const parts: ComponentAmounts = {
    input: tokens.uncachedInput * rates.input,
    cacheRead: tokens.cacheRead * rates.cachedInput,
    cacheWrite:
      tokens.cacheWriteDefault * rates.cacheWrite +
      tokens.cacheWrite1h * rates.cacheWrite1h +
      tokens.cacheWrite12h * selected.cacheWrite12h,
    output: tokens.visibleOutput * rates.output,
    reasoning: tokens.reasoning * rates.output,
  };
  if (scale.denominator !== 1n) {
    for (const key of Object.keys(parts) as (keyof ComponentAmounts)[])
      parts[key] = scaleAmount(parts[key], scale.numerator, scale.denominator);
  }
  return parts;
}

export function formatComponents(parts: ComponentAmounts): CostComponents {
  return {
    inputUsd: formatUsd(parts.input),
    cacheReadUsd: formatUsd(parts.cacheRead),
    cacheWriteUsd: formatUsd(parts.cacheWrite),
    outputUsd: formatUsd(parts.output),
    reasoningUsd: formatUsd(parts.reasoning),
  };
}

export function totalOf(parts: ComponentAmounts): bigint {
  return parts.input + parts.cacheRead + parts.cacheWrite + parts.output + parts.reasoning;
}

/**
 * Prices one call: its billed tokens (`billableTokens`), the period's rates for its tier and input size
 * (`selectRates`), then the batch discount and regional uplift (`priceScale`), each component rounded once.
 */
export function computeCost(input: CostInput): PricedResult {
  // The tier is checked before the usage.
  requestedTier(input.serviceTier);
  const { tokens, warnings } = billableTokens(input.usage);
  const period = input.period;
  const longContext = period.longContext !== undefined && requestInputTokens(tokens) > BigInt(period.longContext.aboveInputTokens);
  const selected = selectRates(input, longContext, tokens.cacheWrite12h > 0n, warnings);
  const scale = priceScale(input, selected.serviceTier, warnings);
  const parts = componentAmounts(tokens, selected, scale);
  const totalUsd = formatUsd(totalOf(parts));

  const result: PricedResult = {
    status: "priced",
    modelId: input.modelId,
    source: input.source,
    tier: selected.tier,
    serviceTier: selected.serviceTier,
    totalUsd,
    totalUsdNumber: Number(totalUsd),
    components: formatComponents(parts),
    warnings,
  };
  if (scale.regionalUplift) result.regionalUplift = true;
  return result;
}
