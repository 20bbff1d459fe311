import assert from "node:assert/strict";
import { test } from "node:test";
import type { Granularity } from "@promptmetrics/clickhouse/analytics";
import { toFigures } from "./figures.ts";
import { listBuckets, onWholeHours } from "./buckets.ts";
import { normalise } from "./normalise.ts";
import { bucketFigures } from "./series.ts";
import { formatInZone } from "./time-zone.ts";

const iso = (text: string) => Date.parse(text);
function labels(from: string, to: string, granularity: Granularity, timeZone: string): string[] {
  return listBuckets(iso(from), iso(to), granularity, timeZone, 1000)!.map((start) => formatInZone(start, timeZone));
}

test("Berlin days across the end of summer time: the 25th lasts 25 hours", () => {
  assert.deepEqual(labels("2026-10-23T22:00:00Z", "2026-10-26T23:00:00Z", "day", "Europe/Berlin"), [
    "2026-10-24T00:00:00+02:00",
    "2026-10-25T00:00:00+02:00",
    "2026-10-26T00:00:00+01:00",
  ]);
  const starts = listBuckets(iso("2026-10-23T22:00:00Z"), iso("2026-10-26T23:00:00Z"), "day", "Europe/Berlin", 1000)!;
  assert.equal(starts[2]! - starts[1]!, 25 * 3_600_000);
});

test("Berlin hours across the change: 02:00 happens twice", () => {
  assert.deepEqual(labels("2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z", "hour", "Europe/Berlin"), [
    "2026-10-25T02:00:00+02:00",
    "2026-10-25T02:00:00+01:00",
    "2026-10-25T03:00:00+01:00",
  ]);
});

test("weeks start on Monday and months on the 1st, in local time, across the start of summer time", () => {
  assert.deepEqual(labels("2026-03-25T12:00:00Z", "2026-04-02T00:00:00Z", "week", "Europe/Berlin"), [
    "2026-03-23T00:00:00+01:00",
    "2026-03-30T00:00:00+02:00",
  ]);
  assert.deepEqual(labels("2026-02-15T00:00:00Z", "2026-04-02T00:00:00Z", "month", "Europe/Berlin"), [
    "2026-02-01T00:00:00+01:00",
    "2026-03-01T00:00:00+01:00",
    "2026-04-01T00:00:00+02:00",
  ]);
});

test("a day that starts in a gap starts when the gap ends, as in ClickHouse (Santiago, 2026-09-06)", () => {
  assert.deepEqual(labels("2026-09-05T12:00:00Z", "2026-09-07T12:00:00Z", "day", "America/Santiago"), [
    "2026-09-05T00:00:00-04:00",
    "2026-09-06T01:00:00-03:00",
    "2026-09-07T00:00:00-03:00",
  ]);
});

test("half-hour zones bucket by their own hours and days", () => {
  assert.deepEqual(labels("2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", "hour", "Asia/Kolkata"), [
    "2026-11-20T15:00:00+05:30",
    "2026-11-20T16:00:00+05:30",
  ]);
});

test("too many buckets is refused before they are listed", () => {
  assert.equal(listBuckets(0, 365 * 86_400_000, "minute", "UTC", 1000), undefined);
  assert.equal(listBuckets(0, 1000 * 60_000, "minute", "UTC", 1000)?.length, 1000);
  assert.equal(listBuckets(0, 1001 * 60_000, "minute", "UTC", 1000), undefined);
});

test("buckets are on whole UTC hours in whole-hour zones, across DST, and not in Kolkata", () => {
  const check = (timeZone: string, granularity: Granularity, from = "2026-10-20T00:00:00Z", to = "2026-11-03T00:00:00Z") =>
    onWholeHours(listBuckets(iso(from), iso(to), granularity, timeZone, 1000)!, granularity, timeZone);
  assert.equal(check("Europe/Berlin", "day"), true);
  assert.equal(check("America/New_York", "week"), true);
  assert.equal(check("UTC", "hour"), true);
  assert.equal(check("Asia/Kolkata", "day"), false);
  assert.equal(check("Asia/Kolkata", "hour"), false);
  assert.equal(check("Australia/Lord_Howe", "day"), true, "+11:00 all through summer time");
  assert.equal(
    check("Australia/Lord_Howe", "day", "2026-09-28T00:00:00Z", "2026-10-10T00:00:00Z"),
    false,
    "+10:30 before summer time starts on 4 October",
  );
});

test("bucket fill: every day of the range appears, empty ones with zero counts and null rates (Berlin, DST end)", () => {
  const plan = normalise(
    { projectId: "p1", from: "2026-10-24", to: "2026-10-27", tz: "Europe/Berlin", granularity: "day" },
    new Date("2026-11-01T00:00:00Z"),
  );
  assert.equal(plan.range.from.toISOString(), "2026-10-23T22:00:00.000Z");
  assert.equal(plan.range.to.toISOString(), "2026-10-26T23:00:00.000Z");
  const figures = toFigures(
    {
      keys: [],
      inKeep: true,
      requests: 4,
      errors: 1,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.5,
      latencyMsSum: 400,
      p50LatencyMs: 90,
      p95LatencyMs: 150,
      ttftMsSum: 0,
      ttftCount: 0,
      qualityRuns: 4,
      qualityOkRuns: 3,
    },
    undefined,
  );
  const series = bucketFigures(plan, [{ bucket: Date.parse("2026-10-24T22:00:00Z") / 1000, keys: [], inKeep: true, figures }]);
  assert.deepEqual(
    series.map(({ bucket, figures }) => [
      bucket,
      figures.requests,
      figures.costUsd,
      figures.errorRate,
      figures.avgLatencyMs,
      figures.qualityRate,
    ]),
    [
      ["2026-10-24T00:00:00+02:00", 0, 0, null, null, null],
      ["2026-10-25T00:00:00+02:00", 4, 0.5, 0.25, 100, 0.75],
      ["2026-10-26T00:00:00+01:00", 0, 0, null, null, null],
    ],
  );
});
