// Exact USD amounts for the engine: ClickHouse's decimal sums parsed into pico-dollars (1e-12 USD),
// scaled from the window to 30 days, and written back out with 9 decimal places (rounded half up).
import { formatUsd } from "@promptmetrics/pricing";

const PICO_DIGITS = 12;

/** 12 decimals, as costs are stored (Decimal(18, 12)): the savings calculator's money format (pricing's). */
export const formatUsd12 = formatUsd;
const USD_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "12.5" → 12_500_000_000_000n. Digits beyond the 12th decimal are dropped (ClickHouse's sums have 12). */
export function toPico(usd: string): bigint {
  const match = USD_TEXT.exec(usd.trim());
  if (!match) throw new RangeError(`not a USD amount: ${JSON.stringify(usd)}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const pico = BigInt(whole) * 10n ** BigInt(PICO_DIGITS) + BigInt(fraction.slice(0, PICO_DIGITS).padEnd(PICO_DIGITS, "0"));
  return sign === "-" ? -pico : pico;
}

/** `pico × numerator / denominator`, rounded half away from zero. */
export function scalePico(pico: bigint, numerator: bigint, denominator: bigint): bigint {
  const negative = pico < 0n !== numerator < 0n;
  const product = (pico < 0n ? -pico : pico) * (numerator < 0n ? -numerator : numerator);
  const rounded = (product + denominator / 2n) / denominator;
  return negative ? -rounded : rounded;
}

/** What a window's amount comes to over 30 days. */
export function monthly(pico: bigint, windowDays: number): bigint {
  return scalePico(pico, 30n, BigInt(windowDays));
}

/** 9 decimal places, rounded half away from zero: the suggestions' money format. */
export function formatUsd9(pico: bigint): string {
  const nano = scalePico(pico, 1n, 1000n);
  const sign = nano < 0n ? "-" : "";
  const abs = nano < 0n ? -nano : nano;
  return `${sign}${abs / 1_000_000_000n}.${(abs % 1_000_000_000n).toString().padStart(9, "0")}`;
}

/** For display and ordering only; money is never summed as a float. */
export function picoToNumber(pico: bigint): number {
  return Number(pico) / 1e12;
}
