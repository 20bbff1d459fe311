// Time buckets in the caller's time zone, as SQL over a UTC timestamp column. Week buckets start on
// Monday. Each expression yields the bucket's first instant, so the API can match rows to the
// buckets it generates by epoch second.
import type { Granularity } from "./types.ts";

/** The first instant of the bucket holding `column`, in the zone bound to the `tz` parameter. */
export function bucketStartExpression(granularity: Granularity, column: string): string {
  switch (granularity) {
    case "minute":
      return `toStartOfMinute(${column}, {tz:String})`;
    case "hour":
      return `toStartOfHour(${column}, {tz:String})`;
    case "day":
      return `toStartOfDay(${column}, {tz:String})`;
    // toMonday and toStartOfMonth give a Date; toDateTime(date, tz) is its local midnight.
    case "week":
      return `toDateTime(toMonday(${column}, {tz:String}), {tz:String})`;
    case "month":
      return `toDateTime(toStartOfMonth(${column}, {tz:String}), {tz:String})`;
  }
}
