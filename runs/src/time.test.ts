import assert from "node:assert/strict";
import { test } from "node:test";
import { formatNanos } from "./time.ts";

test("nanosecond times keep all nine digits", () => {
  assert.equal(formatNanos(1_763_632_800_123_456_789n), "2025-11-20 10:00:00.123456789");
  assert.equal(formatNanos(1_000_000_007n), "1970-01-01 00:00:01.000000007");
});
