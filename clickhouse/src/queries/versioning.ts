// Shared by the versioned (ReplacingMergeTree) metadata tables: a strictly increasing version, so that
// two updates of one row in the same millisecond still order correctly, and time conversions.
import { formatUtcDateTime } from "../params.ts";

let lastVersion = 0;

/** Microseconds since the epoch, bumped by one when the clock has not moved since the last call. */
export function nextVersion(now: number = Date.now()): number {
  lastVersion = Math.max(lastVersion + 1, now * 1000);
  return lastVersion;
}

export const toDbTime = formatUtcDateTime;

/** Parses ClickHouse's `YYYY-MM-DD hh:mm:ss[.fff...]` UTC output. */
export function fromDbTime(text: string): Date {
  const date = new Date(`${text.replace(" ", "T").slice(0, 23)}Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a ClickHouse DateTime: ${text}`);
  return date;
}
