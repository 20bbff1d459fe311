// Prices the token totals of many requests at once, when they all fall in one price bucket: one model's
// period, one service tier, one side of its long-context threshold, with or without the regional uplift.
// Within a bucket the cost function is linear in tokens, so the totals cost what the requests add up to.

import { PricingError } from "./errors.ts";
import {
  billableTokens,
  componentAmounts,
  formatComponents,
  priceScale,
  requestInputTokens,
  selectRates,
  totalOf,
  type BillableTokens,
  type CostComponents,
  type CostInput,
  type PriceSource,
  type PriceTier,
  type ServiceTier,
  type Usage,
} from "./cost.ts";
import { formatPrice, formatUsd } from "./money.ts";

/** What many requests add up to: the sums of their billed components (clamped request by request). */
export interface UsageTotals {
  requests: bigint;
  tokens: BillableTokens;
  /**
   * The smallest and largest whole input of one request among them (`requestInputTokens`): long context
   * is decided per request, so the requests must all lie on one side of the period's threshold.
   */
  minRequestInputTokens: bigint;
  maxRequestInputTokens: bigint;
}

export interface AggregateCostInput extends Omit<CostInput, "usage"> {
  totals: UsageTotals;
}

/** A rate card as USD per 1M tokens, as the catalogue writes prices. */
export interface PricesPerMillion {
  input: string;
  cachedInput: string;
  /** The model's default-lifetime write (5 minutes on Anthropic, 30 minutes on OpenAI). */
  cacheWrite: string;
  cacheWrite1h: string;
  /** The default-lifetime write's price when the model publishes none. */
  cacheWrite12h: string;
  output: string;
}

export interface AggregateCostResult {
  status: "priced";
  modelId: string;
  source: PriceSource;
  /** long_context when the requests are above the period's threshold. */
  tier: PriceTier;
  serviceTier: ServiceTier;
  /** The start (UTC day, YYYY-MM-DD) of the price period applied; null for an override that applies to every call. */
  periodFrom: string | null;
  /** The rates applied, before the batch discount and the regional uplift. */
  prices: PricesPerMillion;
  /** The period's long-context threshold, when it has one (whether or not these requests crossed it). */
  longContextAboveInputTokens?: number;
  /** Present when the batch discount was taken off. */
  batchDiscountPercent?: number;
  /** Present when the regional uplift was added. */
  regionalUpliftPercent?: number;
  totalUsd: string;
  /** `totalUsd` in pico-dollars, for exact sums. */
  totalPico: bigint;
  components: CostComponents;
  warnings: string[];
}

/** Totals of nothing: add requests to it with `addUsage`. */
export function emptyTotals(): UsageTotals {
  return {
    requests: 0n,
    tokens: {
      uncachedInput: 0n,
      cacheRead: 0n,
      cacheWriteDefault: 0n,
      cacheWrite1h: 0n,
      cacheWrite12h: 0n,
      visibleOutput: 0n,
      reasoning: 0n,
    },
    minRequestInputTokens: 0n,
    maxRequestInputTokens: 0n,
  };
}

/** The totals with one more request in them (what a query's sums do, one request at a time). */
export function addUsage(totals: UsageTotals, usage: Usage): UsageTotals {
  const { tokens } = billableTokens(usage);
  const input = requestInputTokens(tokens);
  const first = totals.requests === 0n;
  const sum = { ...totals.tokens };
  for (const key of Object.keys(sum) as (keyof BillableTokens)[]) sum[key] += tokens[key];
  return {
    requests: totals.requests + 1n,
    tokens: sum,
    minRequestInputTokens: first || input < totals.minRequestInputTokens ? input : totals.minRequestInputTokens,
    maxRequestInputTokens: first || input > totals.maxRequestInputTokens ? input : totals.maxRequestInputTokens,
  };
}

/**
 * Prices the totals with the rates `computeCost` would pick for each of the requests. The batch discount
 * and the regional uplift scale each component sum and round it once (half up), where pricing request by
 * request rounds every request: the two agree to the pico-dollar whenever each rate times the scale is a
 * whole pico-dollar per token (every catalogue price; a warning says when it is not, and then they differ
 * by at most half a pico-dollar per request and component).
 */
export function computeAggregateCost(input: AggregateCostInput): AggregateCostResult {
  const { totals, period } = input;
  const warnings: string[] = [];
  let longContext = false;
  if (period.longContext !== undefined && totals.requests > 0n) {
    const threshold = BigInt(period.longContext.aboveInputTokens);
    longContext = totals.minRequestInputTokens > threshold;
    if (longContext !== totals.maxRequestInputTokens > threshold) {
      throw new PricingError(
        "invalid_request",
        `the requests' input (${totals.minRequestInputTokens} to ${totals.maxRequestInputTokens} tokens) straddles ` +
          `${input.modelId}'s long-context threshold of ${threshold}: total them on each side apart`,
        { field: "totals", model: input.modelId },
      );
    }
  }
  const selected = selectRates(input, longContext, totals.tokens.cacheWrite12h > 0n, warnings);
  const scale = priceScale(input, selected.serviceTier, warnings);
  const parts = componentAmounts(totals.tokens, selected, scale);
  if (scale.denominator !== 1n && totals.requests > 1n && !scalesExactly(totals.tokens, selected, scale)) {
    warnings.push(
      "a rate times the batch discount or regional uplift leaves a fraction of a pico-dollar per token: the totals are " +
        "rounded once, each request alone would be rounded on its own",
    );
  }
  const total = totalOf(parts);
  const { rates } = selected;
  const result: AggregateCostResult = {
    status: "priced",
    modelId: input.modelId,
    source: input.source,
    tier: selected.tier,
    serviceTier: selected.serviceTier,
    periodFrom: Number.isFinite(period.fromMs) ? new Date(period.fromMs).toISOString().slice(0, 10) : null,
    prices: {
      input: formatPrice(rates.input),
      cachedInput: formatPrice(rates.cachedInput),
      cacheWrite: formatPrice(rates.cacheWrite),
      cacheWrite1h: formatPrice(rates.cacheWrite1h),
      cacheWrite12h: formatPrice(selected.cacheWrite12h),
      output: formatPrice(rates.output),
    },
    totalUsd: formatUsd(total),
    totalPico: total,
    components: formatComponents(parts),
    warnings,
  };
  if (period.longContext !== undefined) result.longContextAboveInputTokens = period.longContext.aboveInputTokens;
  if (selected.serviceTier === "batch" && input.batchDiscountPercent !== undefined)
    result.batchDiscountPercent = input.batchDiscountPercent;
  if (scale.regionalUplift && period.regionalUpliftPercent !== undefined) result.regionalUpliftPercent = period.regionalUpliftPercent;
  return result;
}

/** Whether every rate the tokens are billed at stays a whole number of pico-dollars once scaled. */
function scalesExactly(
  tokens: BillableTokens,
  selected: ReturnType<typeof selectRates>,
  scale: { numerator: bigint; denominator: bigint },
): boolean {
  const { rates } = selected;
  const used: [bigint, bigint][] = [
    [tokens.uncachedInput, rates.input],
    [tokens.cacheRead, rates.cachedInput],
    [tokens.cacheWriteDefault, rates.cacheWrite],
    [tokens.cacheWrite1h, rates.cacheWrite1h],
    [tokens.cacheWrite12h, selected.cacheWrite12h],
    [tokens.visibleOutput + tokens.reasoning, rates.output],
  ];
  return used.every(([count, rate]) => count === 0n || (rate * scale.numerator) % scale.denominator === 0n);
}
