// Reads the run routes' `from` and `to` the way the analytics routes read theirs (parseInstant), in UTC,
// except that either end may be left open.
import { parseInstant } from "../analytics/time-range.ts";
import { ValidationError } from "../http/errors.ts";

export function parseTimeBound(text: string, { now, field }: { now: Date; field: string }): Date {
  return parseInstant(text, { now, timeZone: "UTC", field });
}

/** Both bounds, checked to be in order; absent bounds stay open. */
export function parseTimeRange(
  { from, to }: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (from !== undefined) range.from = parseTimeBound(from, { now, field: "from" });
  if (to !== undefined) range.to = parseTimeBound(to, { now, field: "to" });
  if (range.from && range.to && range.from >= range.to) throw new ValidationError("from must be before to", "from");
  return range;
}
