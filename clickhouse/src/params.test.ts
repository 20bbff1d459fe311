import assert from "node:assert/strict";
import { test } from "node:test";
import { formatUtcDateTime, toClickHouseParams } from "./params.ts";

test("Dates become UTC DateTime text, nested in arrays too; booleans and bigints become numbers and strings", () => {
  const date = new Date("2026-11-25T23:59:59.123+02:00");
  assert.deepEqual(toClickHouseParams({ at: date, list: [date], ok: true, no: false, big: 2n ** 70n, s: "x", n: 3 }), {
    at: "2026-11-25 21:59:59.123",
    list: ["2026-11-25 21:59:59.123"],
    ok: 1,
    no: 0,
    big: "1180591620717411303424",
    s: "x",
    n: 3,
  });
  assert.deepEqual(toClickHouseParams(undefined), {});
});

test("an invalid Date is refused rather than sent", () => {
  assert.throws(() => formatUtcDateTime(new Date("nope")), RangeError);
});
