// Turns the request's from/to into instants: relative ("24h", "7d"), ISO with an offset, or a local
// date or time in the caller's zone; plus the default bucket size and the period before.
import type { Granularity } from "@promptmetrics/clickhouse/analytics";
import { ValidationError } from "../http/errors.ts";
import { instantOf } from "./time-zone.ts";

export interface TimeRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d{1,6})(m|h|d|w)$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** The default length of a range: 7 days before `to`. */
export const DEFAULT_FROM = "7d";

/**
 * One end of a range. "now"; "<n>m|h|d|w" for that long before `now`; an ISO timestamp with Z or an
 * offset; or a date or date-time without one, read as local time in `timeZone` ("2026-11-20" is
 * that day's local midnight).
 */
export function parseInstant(text: string, { now, timeZone, field }: { now: Date; timeZone: string; field: string }): Date {
  const invalid = () =>
    new ValidationError(`${field} must be "now", a relative time such as 24h, 7d or 30d, or an ISO 8601 date or timestamp`, field);
  if (text === "now") return new Date(now);
  const relative = RELATIVE.exec(text);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  const iso = ISO.exec(text);
  if (!iso) throw invalid();
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone] = iso;
  const wall = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  if (
    check.getUTCMonth() !== wall.month - 1 ||
    check.getUTCDate() !== wall.day ||
    check.getUTCHours() !== wall.hour ||
    check.getUTCMinutes() !== wall.minute
  ) {
    throw invalid();
  }
  const millis = Math.floor(Number(`0.${fraction || "0"}`) * 1000);
  const instant = (zone === undefined ? instantOf(wall, timeZone) : check.getTime() - zoneOffset(zone)) + millis;
  if (instant < EARLIEST || instant >= LATEST) throw new ValidationError(`${field} must be between 1970 and 2099`, field);
  return new Date(instant);
}

/** "Z" or "+05:30" in milliseconds. */
function zoneOffset(zone: string): number {
  if (zone === "Z") return 0;
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  return (zone.startsWith("-") ? -1 : 1) * minutes * 60_000;
}

export function resolveRange(
  { from, to }: { from?: string | undefined; to?: string | undefined },
  { now, timeZone }: { now: Date; timeZone: string },
): TimeRange {
  const end = parseInstant(to ?? "now", { now, timeZone, field: "to" });
  // Without a `from`, the week before `to` (which may be in the past).
  const start = parseInstant(from ?? DEFAULT_FROM, { now: from === undefined ? end : now, timeZone, field: "from" });
  if (start >= end) throw new ValidationError("from must be before to", "from");
  return { from: start, to: end };
}

/** The period of equal length just before, for deltas. */
export function previousPeriod(range: TimeRange): TimeRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from) };
}

/** Up to 3 hours by minute, 3 days by hour, 92 days by day, two years by week, then by month. */
export function defaultGranularity(range: TimeRange): Granularity {
  const hours = (range.to.getTime() - range.from.getTime()) / UNIT_MS.h!;
  if (hours <= 3) return "minute";
  if (hours <= 72) return "hour";
  if (hours <= 92 * 24) return "day";
  if (hours <= 731 * 24) return "week";
  return "month";
}
