// Turns validated price strings into integer rate cards (pico-dollars per token) and picks the
// price period in force at a call's time.

import type { PriceSet, PricePeriod } from "./catalogue.ts";
import { parseIsoDate, SERVICE_TIER_KEYS } from "./catalogue.ts";
import { parsePrice } from "./money.ts";

/** Pico-dollars (1e-12 USD) per token for each billed component. */
export interface RateCard {
  input: bigint;
  cachedInput: bigint;
  /** A cache write of the model's default lifetime: 5 minutes (Anthropic) or 30 minutes (OpenAI). */
  cacheWrite: bigint;
  /** Anthropic's 1-hour write. */
  cacheWrite1h: bigint;
  /** OpenAI's 12-hour write; undefined when the model publishes no price for it. */
  cacheWrite12h: bigint | undefined;
  output: bigint;
}

export type TierKey = (typeof SERVICE_TIER_KEYS)[number];

export interface CompiledTier {
  rates: RateCard;
  /** The tier's rates once the request crosses the period's long-context threshold. */
  longContext?: RateCard;
}

export interface CompiledPeriod {
  fromMs: number;
  base: RateCard;
  longContext?: { aboveInputTokens: number; rates: RateCard };
  serviceTiers: Partial<Record<TierKey, CompiledTier>>;
  regionalUpliftPercent?: number;
}

function rate(text: string | undefined): bigint | undefined {
  return text === undefined ? undefined : parsePrice(text);
}

/**
 * Fallbacks when a model publishes no separate price: cache reads and cache writes cost the plain
 * input price (OpenAI billed writes as ordinary input before it priced them), and a 1-hour write costs
 * what a 5-minute write does. A 12-hour write has no fallback here: the cost function warns instead.
 */
export function compileRates(prices: PriceSet): RateCard {
  const input = rate(prices.input) ?? 0n;
  const cacheWrite = rate(prices.cacheWrite5m) ?? rate(prices.cacheWrite30m) ?? input;
  return {
    input,
    cachedInput: rate(prices.cachedInput) ?? input,
    cacheWrite,
    cacheWrite1h: rate(prices.cacheWrite1h) ?? cacheWrite,
    cacheWrite12h: rate(prices.cacheWrite12h),
    output: rate(prices.output) ?? 0n,
  };
}

export function compilePeriod(period: PricePeriod, fromMs: number = parseIsoDate(period.from) ?? Number.NEGATIVE_INFINITY): CompiledPeriod {
  const compiled: CompiledPeriod = { fromMs, base: compileRates(period.prices), serviceTiers: {} };
  if (period.longContext) {
    compiled.longContext = { aboveInputTokens: period.longContext.aboveInputTokens, rates: compileRates(period.longContext.prices) };
  }
  for (const key of SERVICE_TIER_KEYS) {
    const tier = period.serviceTiers?.[key];
    if (tier === undefined) continue;
    const compiledTier: CompiledTier = { rates: compileRates(tier) };
    if (tier.longContext) compiledTier.longContext = compileRates(tier.longContext);
    compiled.serviceTiers[key] = compiledTier;
  }
  if (period.regionalUpliftPercent !== undefined) compiled.regionalUpliftPercent = period.regionalUpliftPercent;
  return compiled;
}

/** The last period whose start is at or before `atMs`; periods must be sorted ascending. */
export function periodAt<P extends { fromMs: number }>(periods: readonly P[], atMs: number): P | undefined {
  let found: P | undefined;
  for (const p of periods) {
    if (p.fromMs > atMs) break;
    found = p;
  }
  return found;
}
