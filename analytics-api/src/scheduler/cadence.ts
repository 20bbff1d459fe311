// When a job is due: a cadence names its scheduled times ("slots"), and latestSlot finds the last one
// at or before an instant. Intervals count from the Unix epoch, so every process agrees on the slots
// whatever its start time. Local times are wall-clock times in an IANA zone: a time the clocks skip
// (spring forward) runs at the end of the gap, a time they pass twice (fall back) runs once, the first
// time (the zone rules of ../analytics/time-zone.ts).
import { instantOf, wallTime, type WallTime } from "../analytics/time-zone.ts";

export type Cadence =
  /** Every `everyMs`, on the multiples of it since the epoch (1 h: on the hour, UTC). */
  | { kind: "interval"; everyMs: number }
  /** Every day at `time` (HH:MM) local time. */
  | { kind: "daily"; time: string; timeZone: string }
  /** Every week on `weekday` (0 Sunday … 6 Saturday) at `time` local time. */
  | { kind: "weekly"; weekday: number; time: string; timeZone: string }
  /** Every month on `day` (1-31; a shorter month runs on its last day) at `time` local time. */
  | { kind: "monthly"; day: number; time: string; timeZone: string };

const DAY_MS = 86_400_000;

/** The last slot at or before `now`. */
export function latestSlot(cadence: Cadence, now: Date): Date {
  const at = now.getTime();
  if (cadence.kind === "interval") return new Date(Math.floor(at / cadence.everyMs) * cadence.everyMs);
  const { hour, minute } = parseTime(cadence.time);
  const today = wallTime(at, cadence.timeZone);
  // Walk back over local dates from today until a slot falls at or before now: at most 62 days back,
  // which covers a monthly slot on the 31st.
  for (let back = 0; back <= 62; back++) {
    const date = localDateMinus(today, back);
    if (!isSlotDate(cadence, date)) continue;
    const slot = instantOf({ ...date, hour, minute, second: 0 }, cadence.timeZone);
    if (slot <= at) return new Date(slot);
  }
  throw new RangeError(`no slot of ${describeCadence(cadence)} within 62 days before ${now.toISOString()}`);
}

/** The first slot after `after`: the next one a job waits for. */
export function nextSlot(cadence: Cadence, after: Date): Date {
  const at = after.getTime();
  if (cadence.kind === "interval") return new Date((Math.floor(at / cadence.everyMs) + 1) * cadence.everyMs);
  const { hour, minute } = parseTime(cadence.time);
  const today = wallTime(at, cadence.timeZone);
  for (let ahead = 0; ahead <= 62; ahead++) {
    const date = localDateMinus(today, -ahead);
    if (!isSlotDate(cadence, date)) continue;
    const slot = instantOf({ ...date, hour, minute, second: 0 }, cadence.timeZone);
    if (slot > at) return new Date(slot);
  }
  throw new RangeError(`no slot of ${describeCadence(cadence)} within 62 days after ${after.toISOString()}`);
}

/** "every 1 h", "daily at 09:00 Europe/Berlin", … for logs and listings. */
export function describeCadence(cadence: Cadence): string {
  switch (cadence.kind) {
    case "interval":
      return `every ${formatDuration(cadence.everyMs)}`;
    case "daily":
      return `daily at ${cadence.time} ${cadence.timeZone}`;
    case "weekly":
      return `weekly on ${WEEKDAYS[cadence.weekday] ?? "?"} at ${cadence.time} ${cadence.timeZone}`;
    case "monthly":
      return `monthly on day ${cadence.day} at ${cadence.time} ${cadence.timeZone}`;
  }
}

/** Why a cadence cannot be used, or undefined when it can. */
export function cadenceProblem(cadence: Cadence): string | undefined {
  if (cadence.kind === "interval") {
    return Number.isInteger(cadence.everyMs) && cadence.everyMs >= 1000
      ? undefined
      : "the interval must be whole milliseconds, at least 1 s";
  }
  if (!TIME.test(cadence.time)) return `time must be HH:MM (24-hour), got ${JSON.stringify(cadence.time)}`;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: cadence.timeZone });
  } catch {
    return `unknown time zone ${JSON.stringify(cadence.timeZone)}`;
  }
  if (cadence.kind === "weekly" && !(Number.isInteger(cadence.weekday) && cadence.weekday >= 0 && cadence.weekday <= 6)) {
    return "weekday must be 0 (Sunday) to 6 (Saturday)";
  }
  if (cadence.kind === "monthly" && !(Number.isInteger(cadence.day) && cadence.day >= 1 && cadence.day <= 31)) {
    return "day must be 1 to 31";
  }
  return undefined;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function parseTime(time: string): { hour: number; minute: number } {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`time must be HH:MM (24-hour), got ${JSON.stringify(time)}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

type LocalDate = Pick<WallTime, "year" | "month" | "day">;

function localDateMinus(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) - days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function isSlotDate(cadence: Exclude<Cadence, { kind: "interval" }>, date: LocalDate): boolean {
  if (cadence.kind === "daily") return true;
  if (cadence.kind === "weekly") return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() === cadence.weekday;
  const lastDay = new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
  return date.day === Math.min(cadence.day, lastDay);
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
