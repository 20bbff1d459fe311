// Reads the run routes' `from` and `to`: "now", a relative time counted back from now (15m, 24h, 7d,
// 2w), or an ISO 8601 date or timestamp (UTC unless it carries an offset).
import { ValidationError } from "../errors.ts";

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d{1,6})(m|h|d|w)$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseTimeBound(text: string, { now, field }: { now: Date; field: string }): Date {
  if (text === "now") return new Date(now);
  const relative = RELATIVE.exec(text);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  const iso = ISO.exec(text);
  if (iso && isCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    // Date reads a date-time without an offset as local time; here it is UTC.
    const date = new Date(text.length > 10 && iso[4] === undefined ? `${text}Z` : text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new ValidationError(`${field} must be "now", a relative time such as 24h, 7d or 30d, or an ISO 8601 date or timestamp`, field);
}

/** Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Both bounds, checked to be in order; absent bounds stay open. */
export function parseTimeRange({ from, to }: { from?: string | undefined; to?: string | undefined }, now: Date): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (from !== undefined) range.from = parseTimeBound(from, { now, field: "from" });
  if (to !== undefined) range.to = parseTimeBound(to, { now, field: "to" });
  if (range.from && range.to && range.from >= range.to) throw new ValidationError("from must be before to", "from");
  return range;
}
