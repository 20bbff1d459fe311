import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTimeBound, parseTimeRange } from "./time-bound.ts";

const now = new Date("2026-11-25T10:00:00.000Z");
const at = (text: string) => parseTimeBound(text, { now, field: "from" }).toISOString();

test("relative times count back from now", () => {
  assert.equal(at("now"), "2026-11-25T10:00:00.000Z");
  assert.equal(at("15m"), "2026-11-25T09:45:00.000Z");
  assert.equal(at("24h"), "2026-11-24T10:00:00.000Z");
  assert.equal(at("7d"), "2026-11-18T10:00:00.000Z");
  assert.equal(at("2w"), "2026-11-11T10:00:00.000Z");
});

test("ISO dates and timestamps are UTC unless they carry an offset", () => {
  assert.equal(at("2026-11-20"), "2026-11-20T00:00:00.000Z");
  assert.equal(at("2026-11-20T08:30"), "2026-11-20T08:30:00.000Z");
  assert.equal(at("2026-11-20T08:30:15.250Z"), "2026-11-20T08:30:15.250Z");
  assert.equal(at("2026-11-20T08:30:00+02:00"), "2026-11-20T06:30:00.000Z");
});

test("anything else is a 400 naming the field", () => {
  for (const bad of ["yesterday", "7days", "2026-02-30", "2026-11-20T25:00", "", "' OR 1=1 --"]) {
    assert.throws(
      () => parseTimeBound(bad, { now, field: "to" }),
      (error: any) => error.status === 400 && error.field === "to",
      bad,
    );
  }
});

test("a range must run forwards; an open end stays open", () => {
  assert.deepEqual(parseTimeRange({ from: "7d" }, now), { from: new Date("2026-11-18T10:00:00.000Z") });
  assert.throws(
    () => parseTimeRange({ from: "1h", to: "2h" }, now),
    (error: any) => error.field === "from",
  );
});
