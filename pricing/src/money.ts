// Exact money arithmetic: decimal price strings become integer pico-dollars (1e-12 USD) per token,
// and amounts go back out as strings with exactly 12 fractional digits (ClickHouse Decimal(18,12)).

// A price of P USD per 1M tokens is P × 10^12 / 10^6 = P × 10^6 pico-dollars per token,
// which is a whole number for any price written with at most 6 decimals.
const PRICE_DECIMALS = 6;
const PICO_PER_USD = 10n ** 12n;
const PRICE_PATTERN = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,6}))?$/;

/** Pico-dollars per token for a "USD per 1M tokens" decimal string, or undefined if it is not one. */
export function parsePrice(text: string): bigint | undefined {
  const m = PRICE_PATTERN.exec(text);
  if (!m) return undefined;
  const whole = BigInt(m[1] ?? "0");
  const fraction = BigInt((m[2] ?? "").padEnd(PRICE_DECIMALS, "0"));
  return whole * 10n ** BigInt(PRICE_DECIMALS) + fraction;
}

/** "0.000002500000" for 2,500,000 pico-dollars. */
export function formatUsd(pico: bigint): string {
  const sign = pico < 0n ? "-" : "";
  const abs = pico < 0n ? -pico : pico;
  const whole = abs / PICO_PER_USD;
  const fraction = (abs % PICO_PER_USD).toString().padStart(12, "0");
  return `${sign}${whole}.${fraction}`;
}

/**
 * Takes `percent` off a non-negative amount. Rounds half up to the next pico-dollar, which only
 * matters when the discount leaves a fraction of a pico-dollar (e.g. half of an odd amount).
 */
export function applyDiscount(pico: bigint, percent: number): bigint {
  const kept = BigInt(100 - percent);
  return (pico * kept + 50n) / 100n;
}

/**
 * `pico × numerator / denominator` for a non-negative amount, rounded half up to a whole pico-dollar.
 * Batch discounts and regional uplifts multiply together before this single rounding, so a call that
 * has both is rounded once, not twice.
 */
export function scaleAmount(pico: bigint, numerator: bigint, denominator: bigint): bigint {
  return (pico * numerator * 2n + denominator) / (2n * denominator);
}
