import assert from "node:assert/strict";
import { test } from "node:test";
import { shareMillionths } from "./savings-schemas.ts";

test("a share is an exact number of millionths, or not a share", () => {
  assert.equal(shareMillionths(0.25), 250_000n);
  assert.equal(shareMillionths(1), 1_000_000n);
  assert.equal(shareMillionths(0), 0n);
  assert.equal(shareMillionths(0.000001), 1n);
  assert.equal(shareMillionths(0.999999), 999_999n);
  // Seven decimals (String gives 1e-7 for the smallest), above 1, below 0.
  for (const bad of [0.0000001, 0.1234567, 1.000001, 1.5, -0.25, Number.NaN]) assert.equal(shareMillionths(bad), undefined, String(bad));
});
