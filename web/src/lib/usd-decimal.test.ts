import assert from "node:assert/strict";
import { test } from "node:test";
import { formatUsdCents, formatUsdExact, formatUsdPerRun, isZeroUsd, usdNumber } from "./usd-decimal.ts";

test("formatUsdCents rounds decimal text half away from zero to the cent, without float error", () => {
  assert.equal(formatUsdCents("3.144418000"), "$3.14");
  assert.equal(formatUsdCents("0.704822500"), "$0.70");
  // 1.005 and 0.005 are not doubles: (1.005).toFixed(2) is "1.00", the decimal says 1.01.
  assert.equal(formatUsdCents("1.005000000"), "$1.01");
  assert.equal(formatUsdCents("0.005000000"), "$0.01");
  assert.equal(formatUsdCents("0.004999999"), "$0.00");
  assert.equal(formatUsdCents("0.995"), "$1.00");
  assert.equal(formatUsdCents("1234567.891"), "$1,234,567.89");
  assert.equal(formatUsdCents("999.999"), "$1,000.00");
  assert.equal(formatUsdCents("12"), "$12.00");
  assert.equal(formatUsdCents("0.000000000"), "$0.00");
});

test("formatUsdCents: negatives with a minus sign, a negative that rounds to zero without one", () => {
  assert.equal(formatUsdCents("-0.125000000"), "\u2212$0.13");
  assert.equal(formatUsdCents("-2500.5"), "\u2212$2,500.50");
  assert.equal(formatUsdCents("-0.001"), "$0.00");
});

test("formatUsdCents and formatUsdExact: anything else is a dash", () => {
  for (const value of [null, undefined, "", "abc", "1e-9", "$1", "1.2.3", " "]) {
    assert.equal(formatUsdCents(value), "–", String(value));
    assert.equal(formatUsdExact(value), "–", String(value));
  }
});

test("formatUsdExact keeps every digit but the trailing zeros", () => {
  assert.equal(formatUsdExact("3.144418000"), "$3.144418");
  assert.equal(formatUsdExact("0.000000001"), "$0.000000001");
  assert.equal(formatUsdExact("1234.500000000"), "$1,234.5");
  assert.equal(formatUsdExact("0.000000000"), "$0");
  assert.equal(formatUsdExact("-0.000000000"), "$0");
  assert.equal(formatUsdExact("-12.30"), "\u2212$12.3");
});

test("usdNumber and isZeroUsd", () => {
  assert.equal(usdNumber("0.704822500"), 0.7048225);
  assert.equal(usdNumber("x"), null);
  assert.equal(isZeroUsd("0.000000000"), true);
  assert.equal(isZeroUsd("0"), true);
  assert.equal(isZeroUsd("0.000000001"), false);
  assert.equal(isZeroUsd(null), false);
});

test("formatUsdPerRun: three significant digits below a dollar, cents above", () => {
  assert.equal(formatUsdPerRun(0.013592233), "$0.0136");
  assert.equal(formatUsdPerRun(0.002662968), "$0.00266");
  assert.equal(formatUsdPerRun(0.0001), "$0.0001");
  assert.equal(formatUsdPerRun(0.05), "$0.05");
  assert.equal(formatUsdPerRun(0.125), "$0.125");
  assert.equal(formatUsdPerRun(0.999), "$0.999");
  assert.equal(formatUsdPerRun(0.0000004567), "$0.000000457");
  assert.equal(formatUsdPerRun(12.3456), "$12.35");
  assert.equal(formatUsdPerRun(-0.0136), "\u2212$0.0136");
  assert.equal(formatUsdPerRun(0), "$0.00");
  assert.equal(formatUsdPerRun(null), "–");
});
