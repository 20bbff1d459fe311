import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cadenceProblem, describeCadence, latestSlot, nextSlot, type Cadence } from "./cadence.ts";

const iso = (date: Date) => date.toISOString();

describe("latestSlot and nextSlot", () => {
  it("intervals count from the epoch: hourly slots fall on the hour", () => {
    const hourly: Cadence = { kind: "interval", everyMs: 3_600_000 };
    assert.equal(iso(latestSlot(hourly, new Date("2026-12-04T17:42:10Z"))), "2026-12-04T17:00:00.000Z");
    assert.equal(iso(latestSlot(hourly, new Date("2026-12-04T17:00:00Z"))), "2026-12-04T17:00:00.000Z");
    assert.equal(iso(nextSlot(hourly, new Date("2026-12-04T17:00:00Z"))), "2026-12-04T18:00:00.000Z");
  });

  it("daily at a local time: before today's time the slot is yesterday's", () => {
    const daily: Cadence = { kind: "daily", time: "09:00", timeZone: "Europe/Berlin" };
    // Berlin is UTC+1 in December.
    assert.equal(iso(latestSlot(daily, new Date("2026-12-04T07:59:59Z"))), "2026-12-03T08:00:00.000Z");
    assert.equal(iso(latestSlot(daily, new Date("2026-12-04T08:00:00Z"))), "2026-12-04T08:00:00.000Z");
    assert.equal(iso(nextSlot(daily, new Date("2026-12-04T08:00:00Z"))), "2026-12-05T08:00:00.000Z");
  });

  it("keeps the local hour across DST changes (Berlin, March and October 2026)", () => {
    const daily: Cadence = { kind: "daily", time: "09:00", timeZone: "Europe/Berlin" };
    // Clocks go forward on 2026-03-29: 09:00 is 08:00Z the day before and 07:00Z that day.
    assert.equal(iso(nextSlot(daily, new Date("2026-03-28T08:00:00Z"))), "2026-03-29T07:00:00.000Z");
    // And back on 2026-10-25: 07:00Z the day before, 08:00Z that day (23 h and 25 h apart).
    assert.equal(iso(nextSlot(daily, new Date("2026-10-24T07:00:00Z"))), "2026-10-25T08:00:00.000Z");
    assert.equal(iso(latestSlot(daily, new Date("2026-10-25T07:59:00Z"))), "2026-10-24T07:00:00.000Z");
  });

  it("a local time the clocks skip runs at the end of the gap; one they pass twice runs once, the first time", () => {
    const skipped: Cadence = { kind: "daily", time: "02:30", timeZone: "Europe/Berlin" };
    // 02:30 does not exist on 2026-03-29 (02:00 → 03:00 CEST): it runs at 03:30 CEST = 01:30Z.
    assert.equal(iso(nextSlot(skipped, new Date("2026-03-28T12:00:00Z"))), "2026-03-29T01:30:00.000Z");
    const twice: Cadence = { kind: "daily", time: "02:30", timeZone: "Europe/Berlin" };
    // 02:30 happens twice on 2026-10-25 (00:30Z in CEST, 01:30Z in CET): the first.
    const first = nextSlot(twice, new Date("2026-10-24T12:00:00Z"));
    assert.equal(iso(first), "2026-10-25T00:30:00.000Z");
    assert.equal(iso(nextSlot(twice, first)), "2026-10-26T01:30:00.000Z", "not again an hour later");
  });

  it("weekly on a weekday and monthly on a day, a short month running on its last day", () => {
    const mondays: Cadence = { kind: "weekly", weekday: 1, time: "08:00", timeZone: "UTC" };
    // 2026-12-04 is a Friday.
    assert.equal(iso(latestSlot(mondays, new Date("2026-12-04T12:00:00Z"))), "2026-11-30T08:00:00.000Z");
    assert.equal(iso(nextSlot(mondays, new Date("2026-12-04T12:00:00Z"))), "2026-12-07T08:00:00.000Z");
    const monthEnd: Cadence = { kind: "monthly", day: 31, time: "06:00", timeZone: "America/New_York" };
    assert.equal(iso(nextSlot(monthEnd, new Date("2027-01-31T11:00:00Z"))), "2027-02-28T11:00:00.000Z");
    assert.equal(iso(nextSlot(monthEnd, new Date("2027-02-28T11:00:00Z"))), "2027-03-31T10:00:00.000Z", "EDT from 14 March");
  });

  it("explains a cadence it cannot use", () => {
    assert.equal(cadenceProblem({ kind: "daily", time: "9:00", timeZone: "UTC" }), 'time must be HH:MM (24-hour), got "9:00"');
    assert.equal(cadenceProblem({ kind: "daily", time: "09:00", timeZone: "Mars/Olympus" }), 'unknown time zone "Mars/Olympus"');
    assert.equal(cadenceProblem({ kind: "interval", everyMs: 10 }), "the interval must be whole milliseconds, at least 1 s");
    assert.equal(
      cadenceProblem({ kind: "weekly", weekday: 7, time: "09:00", timeZone: "UTC" }),
      "weekday must be 0 (Sunday) to 6 (Saturday)",
    );
    assert.equal(cadenceProblem({ kind: "monthly", day: 15, time: "23:59", timeZone: "Asia/Tokyo" }), undefined);
    assert.equal(describeCadence({ kind: "interval", everyMs: 3_600_000 }), "every 1 h");
    assert.equal(
      describeCadence({ kind: "weekly", weekday: 1, time: "09:00", timeZone: "Europe/Berlin" }),
      "weekly on Monday at 09:00 Europe/Berlin",
    );
  });
});
