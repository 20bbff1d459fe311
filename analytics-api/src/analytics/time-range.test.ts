import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../http/errors.ts";
import { defaultGranularity, parseInstant, previousPeriod, resolveRange } from "./time-range.ts";

const now = new Date("2026-11-25T12:34:56.789Z");
const at = (text: string, timeZone = "UTC", field: "from" | "to" = "from") => parseInstant(text, { now, timeZone, field }).toISOString();

test("relative times count back from the injected now", () => {
  assert.equal(at("now"), "2026-11-25T12:34:56.789Z");
  assert.equal(at("15m"), "2026-11-25T12:19:56.789Z");
  assert.equal(at("24h"), "2026-11-24T12:34:56.789Z");
  assert.equal(at("7d"), "2026-11-18T12:34:56.789Z");
  assert.equal(at("30d"), "2026-10-26T12:34:56.789Z");
  assert.equal(at("2w"), "2026-11-11T12:34:56.789Z");
});

test("ISO timestamps with an offset are instants; without one they are local time in the zone", () => {
  assert.equal(at("2026-11-20T10:00:00Z"), "2026-11-20T10:00:00.000Z");
  assert.equal(at("2026-11-20T10:00:00.5+05:30"), "2026-11-20T04:30:00.500Z");
  assert.equal(at("2026-11-20", "America/New_York"), "2026-11-20T05:00:00.000Z");
  assert.equal(at("2026-07-20T09:30", "Europe/Berlin"), "2026-07-20T07:30:00.000Z");
  assert.equal(at("2026-11-20", "Asia/Kolkata"), "2026-11-19T18:30:00.000Z");
});

test("anything else is a 400 naming the field", () => {
  for (const text of ["yesterday", "7 days", "2026-02-30", "2026-11-20T25:00", "2026-11-20T10:00:00+24:00", "-7d", "1969-12-31"]) {
    assert.throws(
      () => at(text, "UTC", "to"),
      (error: unknown) => error instanceof ValidationError && error.field === "to",
      text,
    );
  }
});

test("a range defaults to the 7 days before now, and must not be empty", () => {
  assert.deepEqual(resolveRange({}, { now, timeZone: "UTC" }), { from: new Date("2026-11-18T12:34:56.789Z"), to: now });
  assert.deepEqual(resolveRange({ to: "2026-11-01" }, { now, timeZone: "UTC" }), {
    from: new Date("2026-10-25T00:00:00Z"),
    to: new Date("2026-11-01T00:00:00Z"),
  });
  assert.throws(
    () => resolveRange({ from: "2026-11-20", to: "2026-11-20" }, { now, timeZone: "UTC" }),
    (error: unknown) => error instanceof ValidationError && error.field === "from",
  );
});

test("the previous period has the same length and ends where the range starts", () => {
  const range = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") };
  assert.deepEqual(previousPeriod(range), { from: new Date("2026-11-18T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") });
});

test("the default granularity follows the range length", () => {
  const back = (hours: number) => ({ from: new Date(now.getTime() - hours * 3_600_000), to: now });
  assert.equal(defaultGranularity(back(1)), "minute");
  assert.equal(defaultGranularity(back(3)), "minute");
  assert.equal(defaultGranularity(back(24)), "hour");
  assert.equal(defaultGranularity(back(7 * 24)), "day");
  assert.equal(defaultGranularity(back(30 * 24)), "day");
  assert.equal(defaultGranularity(back(180 * 24)), "week");
  assert.equal(defaultGranularity(back(3 * 365 * 24)), "month");
});
