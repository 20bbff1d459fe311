// Wall-clock arithmetic in IANA time zones with Intl only: validating a zone name, reading an
// instant's local date and time, and finding the instant a local time means.

export interface ZoneNames {
  /** The name to show back: the caller's, with its case corrected where Intl lists it. */
  display: string;
  /** The name to compute with: Intl's canonical id, which ClickHouse's tz database also knows (it is case-sensitive; Intl is not). */
  canonical: string;
}

const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
let listed: Map<string, string> | undefined;

/** The zone's names, or undefined when it is not an IANA zone (offsets such as "+05:30" are refused: ClickHouse does not take them). */
export function resolveTimeZone(name: string): ZoneNames | undefined {
  if (!IANA_SHAPE.test(name)) return undefined;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  listed ??= new Map(Intl.supportedValuesOf("timeZone").map((zone) => [zone.toLowerCase(), zone]));
  return { display: listed.get(name.toLowerCase()) ?? name, canonical };
}

export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local date and time of an instant (milliseconds since the epoch). */
export function wallTime(instant: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Local time minus UTC at an instant, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
  const wall = wallTime(instant, timeZone);
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - wholeSeconds;
}

/**
 * The instant a local time means. A local time that occurs twice (clocks going back) or never (a gap
 * when clocks go forward) is read with the offset in force before the change, as ClickHouse's time
 * zone library does, so a day that starts in a gap starts at the end of the gap.
 */
export function instantOf(wall: WallTime, timeZone: string): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const before = local - offsetAt(local - 86_400_000, timeZone);
  const after = local - offsetAt(local + 86_400_000, timeZone);
  const valid = [...new Set([before, after])].filter((instant) => instant + offsetAt(instant, timeZone) === local);
  return valid.length === 1 ? valid[0]! : before;
}

/** ISO 8601 with the zone's offset at that instant: 2026-03-29T00:00:00+01:00. */
export function formatInZone(instant: number, timeZone: string): string {
  const wall = wallTime(instant, timeZone);
  const offsetMinutes = Math.round(offsetAt(instant, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
