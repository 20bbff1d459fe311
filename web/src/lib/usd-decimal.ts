// Money the API sends as exact decimal text ("3.144418000", 9 decimals for suggestions and savings):
// rounded to cents without passing through a float (0.005 is not a double, so toFixed would round it
// down), and the exact figure for a tooltip.

const USD_TEXT = /^([+-]?)(\d+)(?:\.(\d*))?$/;
const MINUS = "\u2212";

interface Parsed {
  negative: boolean;
  whole: string;
  fraction: string;
}

function parse(value: string | null | undefined): Parsed | undefined {
  const match = USD_TEXT.exec(value?.trim() ?? "");
  if (!match) return undefined;
  return { negative: match[1] === "-", whole: match[2]!, fraction: match[3] ?? "" };
}

const grouped = (digits: string) => digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * "$3.14", "$1,234.57", "−$0.12": rounded half away from zero to the cent, as the API rounds its own
 * figures. "–" for null or text that is no decimal.
 */
export function formatUsdCents(value: string | null | undefined): string {
  const parsed = parse(value);
  if (!parsed) return "–";
  let cents = BigInt(parsed.whole) * 100n + BigInt(parsed.fraction.slice(0, 2).padEnd(2, "0"));
  if ((parsed.fraction[2] ?? "0") >= "5") cents += 1n;
  const text = cents.toString().padStart(3, "0");
  const amount = `$${grouped(text.slice(0, -2))}.${text.slice(-2)}`;
  return parsed.negative && cents !== 0n ? `${MINUS}${amount}` : amount;
}

/** The exact amount without trailing zeros: "3.144418000" → "$3.144418", "0.000000000" → "$0". */
export function formatUsdExact(value: string | null | undefined): string {
  const parsed = parse(value);
  if (!parsed) return "–";
  const fraction = parsed.fraction.replace(/0+$/, "");
  const amount = `$${grouped(parsed.whole)}${fraction ? `.${fraction}` : ""}`;
  const zero = /^0*$/.test(parsed.whole) && fraction === "";
  return parsed.negative && !zero ? `${MINUS}${amount}` : amount;
}

/** The amount as a number, for charts and comparisons only (never for what is shown as money). */
export function usdNumber(value: string | null | undefined): number | null {
  return parse(value) ? Number(value) : null;
}

/** Whether the amount is exactly zero ("0", "0.000000000"). */
export function isZeroUsd(value: string | null | undefined): boolean {
  const parsed = parse(value);
  return parsed !== undefined && /^0*$/.test(parsed.whole) && /^0*$/.test(parsed.fraction);
}

/**
 * A small amount (a cost per run) to three significant digits below a dollar, where the dashboard's
 * formatUsd rounds anything from a cent to two decimals: $0.0136 and $0.00266 side by side, not $0.01.
 */
export function formatUsdPerRun(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs === 0) return "$0.00";
  const sign = value < 0 ? MINUS : "";
  if (abs >= 1) return `${sign}$${abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  // toPrecision(3) of 0.0136 is "0.0136"; drop the trailing zeros of 0.0500 but keep two decimals.
  const text = Number(abs.toPrecision(3)).toFixed(Math.max(2, 2 - Math.floor(Math.log10(abs))));
  return `${sign}$${text.replace(/(\.\d\d\d*?)0+$/, "$1")}`;
}
