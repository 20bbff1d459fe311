// The time buckets of a range in the caller's time zone, generated here so that buckets without runs
// still appear (zero-filled). They match ClickHouse's toStartOfX(t, tz) and toMonday: weeks start on Monday.
import type { Granularity } from "@promptmetrics/clickhouse/analytics";
import { instantOf, offsetAt, wallTime } from "./time-zone.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The first instant of the bucket holding `instant`. */
export function bucketStart(instant: number, granularity: Granularity, timeZone: string): number {
  switch (granularity) {
    case "minute":
      // Every offset in use is a whole number of minutes.
      return Math.floor(instant / MINUTE) * MINUTE;
    case "hour": {
      const local = instant + offsetAt(instant, timeZone);
      return instant - (((local % HOUR) + HOUR) % HOUR);
    }
    case "day":
    case "week":
    case "month": {
      const wall = wallTime(instant, timeZone);
      let date = Date.UTC(wall.year, wall.month - 1, granularity === "month" ? 1 : wall.day);
      if (granularity === "week") date -= ((new Date(date).getUTCDay() + 6) % 7) * DAY;
      return startOfLocalDate(date, timeZone);
    }
  }
}

/** The first instant of the bucket after the one starting at `start`. */
export function nextBucketStart(start: number, granularity: Granularity, timeZone: string): number {
  switch (granularity) {
    case "minute":
      return start + MINUTE;
    case "hour":
      return bucketStart(start + HOUR, "hour", timeZone);
    case "day":
    case "week":
    case "month": {
      const wall = wallTime(start, timeZone);
      const date =
        granularity === "month"
          ? Date.UTC(wall.year, wall.month, 1)
          : Date.UTC(wall.year, wall.month - 1, wall.day + (granularity === "week" ? 7 : 1));
      return startOfLocalDate(date, timeZone);
    }
  }
}

/** A local calendar date (as a UTC midnight) to the instant that day starts in the zone. */
function startOfLocalDate(date: number, timeZone: string): number {
  const day = new Date(date);
  return instantOf(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 0, minute: 0, second: 0 },
    timeZone,
  );
}

const NOMINAL_LENGTH: Record<Granularity, number> = { minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY, month: 28 * DAY };

/**
 * The starts of every bucket that overlaps [from, to), or undefined when there would be more than
 * `max` (counted cheaply first, so an absurd request never loops over millions of buckets).
 */
export function listBuckets(from: number, to: number, granularity: Granularity, timeZone: string, max: number): number[] | undefined {
  if ((to - from) / NOMINAL_LENGTH[granularity] > max + 2) return undefined;
  const starts: number[] = [];
  for (let start = bucketStart(from, granularity, timeZone); start < to; start = nextBucketStart(start, granularity, timeZone)) {
    if (starts.length === max) return undefined;
    starts.push(start);
  }
  return starts;
}

/** Whether every bucket boundary is a whole UTC hour, so hourly rollup rows fall wholly inside one bucket. */
export function onWholeHours(starts: readonly number[], granularity: Granularity, timeZone: string): boolean {
  return boundaries(starts, granularity, timeZone).every((boundary) => boundary % HOUR === 0);
}

/**
 * Whether every bucket boundary (each start and the last bucket's end) is a UTC midnight, so that the
 * buckets can be built from whole UTC days of a rollup: UTC itself, or a zone at offset 0 over the range.
 */
export function onUtcDays(starts: readonly number[], granularity: Granularity, timeZone: string): boolean {
  return boundaries(starts, granularity, timeZone).every((boundary) => boundary % DAY === 0);
}

function boundaries(starts: readonly number[], granularity: Granularity, timeZone: string): number[] {
  const last = starts.at(-1);
  return last === undefined ? [] : [...starts, nextBucketStart(last, granularity, timeZone)];
}

/** One value per bucket, in order: the row for that bucket's start (epoch seconds), or an empty one. */
export function fillBuckets<Row, Value>(
  starts: readonly number[],
  rows: ReadonlyMap<number, Row>,
  toValue: (row: Row | undefined, start: number) => Value,
): Value[] {
  return starts.map((start) => toValue(rows.get(start / 1000), start));
}
