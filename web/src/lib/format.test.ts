import assert from "node:assert/strict";
import { test } from "node:test";
import { change, formatCount, formatMs, formatPercent, formatUsd } from "./format.ts";

test("dollars keep small amounts readable", () => {
  assert.equal(formatUsd(1234.5), "$1,234.50");
  assert.equal(formatUsd(0.42), "$0.42");
  assert.equal(formatUsd(0.0042), "$0.0042");
  assert.equal(formatUsd(0.000012), "$0.000012");
  assert.equal(formatUsd(0), "$0.00");
  assert.equal(formatUsd(null), "–");
});

test("counts, percentages, durations and changes", () => {
  assert.equal(formatCount(950), "950");
  assert.equal(formatCount(1_234_567), "1.2M");
  assert.equal(formatPercent(0.034), "3.4%");
  assert.equal(formatMs(820), "820 ms");
  assert.equal(formatMs(12_500), "12.5 s");
  assert.equal(change(120, 100), 0.2);
  assert.equal(change(5, 0), null);
});
