import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../http/errors.ts";
import { normalise } from "./normalise.ts";

const now = new Date("2026-11-25T12:30:00Z");
const fails = (params: Parameters<typeof normalise>[0], field: string) =>
  assert.throws(
    () => normalise(params, now),
    (error: unknown) => error instanceof ValidationError && error.field === field,
  );

test("a plan resolves the range, picks the granularity and lists the buckets", () => {
  const plan = normalise({ projectId: "p1", from: "24h", tz: "America/New_York", model: ["gpt-4o"] }, now);
  assert.equal(plan.range.from.toISOString(), "2026-11-24T12:30:00.000Z");
  assert.equal(plan.range.to.toISOString(), "2026-11-25T12:30:00.000Z");
  assert.equal(plan.granularity, "hour");
  assert.equal(plan.buckets.length, 25, "the first and last hours are partial");
  assert.equal(plan.bucketsOnWholeHours, true);
  assert.deepEqual(plan.timeZone, { display: "America/New_York", canonical: "America/New_York" });
  assert.deepEqual(plan.filters.model, ["gpt-4o"]);
});

test("time zones: case is corrected, aliases work, non-zones are a 400 naming tz", () => {
  assert.equal(normalise({ projectId: "p1", tz: "europe/berlin" }, now).timeZone.canonical, "Europe/Berlin");
  assert.equal(normalise({ projectId: "p1", tz: "Asia/Kolkata" }, now).timeZone.display, "Asia/Kolkata");
  assert.equal(normalise({ projectId: "p1", tz: "Asia/Kolkata", granularity: "day" }, now).bucketsOnWholeHours, false);
  // Day buckets come from whole UTC days only when every boundary is a UTC midnight.
  assert.equal(normalise({ projectId: "p1", tz: "UTC", granularity: "day" }, now).bucketsOnUtcDays, true);
  assert.equal(normalise({ projectId: "p1", tz: "Europe/Berlin", granularity: "day" }, now).bucketsOnUtcDays, false);
  assert.equal(normalise({ projectId: "p1", tz: "UTC", granularity: "hour" }, now).bucketsOnUtcDays, false);
  fails({ projectId: "p1", tz: "Mars/Olympus_Mons" }, "tz");
  fails({ projectId: "p1", tz: "+05:30" }, "tz");
  fails({ projectId: "p1", tz: "../../etc/passwd" }, "tz");
});

test("absurd bucket counts are a 400 naming granularity", () => {
  fails({ projectId: "p1", from: "30d", granularity: "minute" }, "granularity");
  fails({ projectId: "p1", from: "1970-01-01", granularity: "day" }, "granularity");
  assert.equal(normalise({ projectId: "p1", from: "30d", granularity: "hour" }, now).buckets.length, 721);
});
