import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunMetricsRow } from "@promptmetrics/clickhouse/analytics";
import { toFigures } from "./figures.ts";

function runs(change: Partial<RunMetricsRow>): RunMetricsRow {
  return {
    keys: [],
    inKeep: true,
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    latencyMsSum: 0,
    p50LatencyMs: null,
    p95LatencyMs: null,
    ttftMsSum: 0,
    ttftCount: 0,
    qualityRuns: 0,
    qualityOkRuns: 0,
    ...change,
  };
}

const quality = (row: RunMetricsRow | undefined) => {
  const { requests, qualityRate, qualityRuns } = toFigures(row, undefined);
  return { requests, qualityRate, qualityRuns };
};

test("quality: the share of runs with no failing heuristic, over the runs whose quality is known", () => {
  assert.deepEqual(quality(runs({ requests: 200, qualityRuns: 200, qualityOkRuns: 188 })), {
    requests: 200,
    qualityRate: 0.94,
    qualityRuns: 200,
  });
  // 150 of the runs were rolled up before migration 0017: the rate rests on the 50 counted, not on 200.
  assert.deepEqual(quality(runs({ requests: 200, qualityRuns: 50, qualityOkRuns: 40 })), {
    requests: 200,
    qualityRate: 0.8,
    qualityRuns: 50,
  });
});

test("quality is null, not 100% or 0%, when no run's quality is known or there are no runs", () => {
  assert.deepEqual(quality(runs({ requests: 200 })), { requests: 200, qualityRate: null, qualityRuns: 0 });
  assert.deepEqual(quality(undefined), { requests: 0, qualityRate: null, qualityRuns: 0 });
});
