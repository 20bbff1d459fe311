// How numbers read everywhere in the dashboard: $0.0042, 1.2M tokens, 3.4%, 820 ms.

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Dollars with enough digits to see small amounts: $1,234.56, $0.42, $0.0042, $0.000012. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs === 0) return "$0.00";
  if (abs >= 1) return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (abs >= 0.01) return `$${value.toFixed(2)}`;
  // Two significant digits below a cent.
  const digits = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(abs)) + 1));
  return `$${value.toFixed(digits).replace(/0+$/, "").replace(/\.$/, ".00")}`;
}

/** 950, 12.3K, 1.2M */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return Math.abs(value) < 10_000 ? integer.format(value) : compact.format(value);
}

export function formatTokens(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${formatCount(value)} tokens`;
}

/** A fraction (0..1) as a percentage: 0.034 → 3.4% */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${integer.format(value)} ms`;
}

export function formatRating(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : `${value.toFixed(2)} ★`;
}

/** Change against the previous period, as a signed percentage; null when there is nothing to compare. */
export function change(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}
