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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Tokens without the word: 1.2M */
export function formatTokenCount(value: number | null | undefined): string {
  return formatCount(value);
}

/** An analytics bucket label ("2026-11-20T00:00:00+01:00", wall time in the answer's zone) for its granularity. */
export function formatBucket(bucket: string, granularity: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(bucket);
  if (!match) return bucket;
  const [, year, month, day, hour, minute] = match;
  const monthName = MONTHS[Number(month) - 1] ?? month;
  const date = `${monthName} ${Number(day)}`;
  switch (granularity) {
    case "minute":
    case "hour":
      return `${date}, ${hour}:${minute}`;
    case "week":
      return `Week of ${date}`;
    case "month":
      return `${monthName} ${year}`;
    default:
      return date;
  }
}

/** A moment in a time zone: "Nov 20, 2026, 14:05". Unknown zones fall back to UTC. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string, withSeconds = false): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    ...(withSeconds ? { second: "2-digit" } : {}),
  };
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" }).format(date);
  }
}

/** A date in a time zone: "Nov 20, 2026". */
export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", ...(timeZone ? { timeZone } : {}) }).format(
      date,
    );
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** How long ago: "just now", "5 min ago", "3 h ago", "2 days ago"; "never" for null. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "never";
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return "–";
  if (ms < 45_000) return "just now";
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`;
  const days = Math.round(ms / 86_400_000);
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/** A change as a signed percentage: +12.0%, −3.4%. */
export function formatSignedPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = `${(Math.abs(value) * 100).toFixed(digits)}%`;
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A difference of two rates in percentage points: +1.2 pp. */
export function formatPoints(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = `${(Math.abs(value) * 100).toFixed(digits)} pp`;
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** An exact USD decimal string from the API ("0.150000") shown without trailing zeros: $0.15. */
export function formatUsdDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "–";
  const trimmed = value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
  return `$${trimmed}`;
}

/**
 * One run's cost as stored (Decimal(18, 12)) without trailing zeros: $0.01305 where formatUsd's
 * dashboard rounding says $0.01. The API's number is the nearest double to that decimal, so 12
 * places give it back exactly.
 */
export function exactUsd(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "–" : formatUsdDecimal(value.toFixed(12));
}
