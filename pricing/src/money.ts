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

const ZERO_USD = "0.000000000000";

/** "0.000002500000" for 2,500,000 pico-dollars. */
export function formatUsd(pico: bigint): string {
  // Most components of most calls are zero (no cache writes, no reasoning): skip the division.
  if (pico === 0n) return ZERO_USD;
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

/** The shortest "USD per 1M tokens" decimal string for a parsePrice value: 2_500_000n → "2.5". */
export function formatPrice(units: bigint): string {
  const scale = 10n ** BigInt(PRICE_DECIMALS);
  const whole = units / scale;
  const fraction = (units % scale).toString().padStart(PRICE_DECIMALS, "0").replace(/0+$/, "");
  return fraction === "" ? String(whole) : `${whole}.${fraction}`;
}

const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/**
 * A JSON number written as a power of ten times digits ("2.5e-06", "0.0000025", "1") as exact
 * `10^-scale`-unit integer, or undefined when it is negative, not finite or finer than that unit.
 * Works on the number's shortest decimal form, which is the text price lists write, so 1.1e-06 is
 * exactly 1.1e-06 and not the binary float nearest to it.
 */
export function decimalUnits(value: number, scale: number): bigint | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const m = NUMBER_TEXT.exec(String(value));
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  const digits = BigInt(`${m[1]}${fraction}`);
  const exponent = Number(m[3] ?? "0") - fraction.length + scale;
  if (exponent >= 0) return digits * 10n ** BigInt(exponent);
  const divisor = 10n ** BigInt(-exponent);
  return digits % divisor === 0n ? digits / divisor : undefined;
}

/** A per-token USD price (a price list's 2.5e-06) as parsePrice units of USD per 1M tokens, if it has at most 6 decimals there. */
export function perTokenToPriceUnits(usdPerToken: number): bigint | undefined {
  // USD per token × 10^6 = USD per 1M tokens, × 10^6 again for parsePrice's units.
  return decimalUnits(usdPerToken, 12);
}
