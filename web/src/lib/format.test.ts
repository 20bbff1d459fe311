import assert from "node:assert/strict";
import { test } from "node:test";
import { change, exactUsd, formatCount, formatMs, formatPercent, formatUsd } from "./format.ts";

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

test("bucket labels, dates in a zone, relative times and signed changes", async () => {
  const { formatBucket, formatDateTime, formatPoints, formatRelative, formatSignedPercent, formatUsdDecimal } = await import("./format.ts");
  assert.equal(formatBucket("2026-11-20T00:00:00+01:00", "day"), "Nov 20");
  assert.equal(formatBucket("2026-11-20T14:00:00+01:00", "hour"), "Nov 20, 14:00");
  assert.equal(formatBucket("2026-11-16T00:00:00+01:00", "week"), "Week of Nov 16");
  assert.equal(formatBucket("2026-11-01T00:00:00+01:00", "month"), "Nov 2026");
  assert.equal(formatDateTime("2026-11-20T13:05:00Z", "Europe/Berlin"), "Nov 20, 2026, 14:05");
  assert.equal(formatDateTime("2026-11-20T13:05:00Z", "Not/AZone"), "Nov 20, 2026, 13:05");
  const now = Date.parse("2026-11-20T12:00:00Z");
  assert.equal(formatRelative("2026-11-20T11:55:00Z", now), "5 min ago");
  assert.equal(formatRelative("2026-11-18T12:00:00Z", now), "2 days ago");
  assert.equal(formatRelative(null, now), "never");
  assert.equal(formatSignedPercent(-0.034), "−3.4%");
  assert.equal(formatPoints(0.012), "+1.2 pp");
  assert.equal(formatUsdDecimal("2.500000000"), "$2.5");
});

test("a run's cost reads exactly as stored", () => {
  assert.equal(exactUsd(0.01305), "$0.01305");
  assert.equal(exactUsd(0.000000123456), "$0.000000123456");
  assert.equal(exactUsd(1.5), "$1.5");
  assert.equal(exactUsd(0), "$0");
  assert.equal(exactUsd(null), "–");
});
