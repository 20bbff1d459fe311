// Turns validated price strings into integer rate cards (pico-dollars per token) and picks the
// price period in force at a call's time.

import type { PriceSet, PricePeriod } from "./catalogue.ts";
import { parseIsoDate } from "./catalogue.ts";
import { parsePrice } from "./money.ts";

/** Pico-dollars (1e-12 USD) per token for each billed component; every field is filled in. */
export interface RateCard {
  input: bigint;
  cachedInput: bigint;
  cacheWrite5m: bigint;
  cacheWrite1h: bigint;
  output: bigint;
}

export interface CompiledPeriod {
  fromMs: number;
  base: RateCard;
  longContext?: { aboveInputTokens: number; rates: RateCard };
  serviceTiers: { flex?: RateCard; priority?: RateCard };
}

function rate(text: string | undefined): bigint | undefined {
  return text === undefined ? undefined : parsePrice(text);
}

/**
 * Fallbacks when a model publishes no separate price: cache reads and cache writes cost the plain
 * input price (OpenAI bills writes as ordinary input), and a 1-hour write costs what a 5-minute write does.
 */
export function compileRates(prices: PriceSet): RateCard {
  const input = rate(prices.input) ?? 0n;
  const cacheWrite5m = rate(prices.cacheWrite5m) ?? input;
  return {
    input,
    cachedInput: rate(prices.cachedInput) ?? input,
    cacheWrite5m,
    cacheWrite1h: rate(prices.cacheWrite1h) ?? cacheWrite5m,
    output: rate(prices.output) ?? 0n,
  };
}

export function compilePeriod(period: PricePeriod, fromMs: number = parseIsoDate(period.from) ?? Number.NEGATIVE_INFINITY): CompiledPeriod {
  const compiled: CompiledPeriod = { fromMs, base: compileRates(period.prices), serviceTiers: {} };
  if (period.longContext) {
    compiled.longContext = { aboveInputTokens: period.longContext.aboveInputTokens, rates: compileRates(period.longContext.prices) };
  }
  if (period.serviceTiers?.flex) compiled.serviceTiers.flex = compileRates(period.serviceTiers.flex);
  if (period.serviceTiers?.priority) compiled.serviceTiers.priority = compileRates(period.serviceTiers.priority);
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
