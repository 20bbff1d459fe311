import assert from "node:assert/strict";
import { test } from "node:test";
import type { PromptVersionRow } from "../../api/types.ts";
import { compareVersions, comparisonVerdict, sampleWarnings } from "./version-deltas.ts";

function version(name: string, change: Partial<PromptVersionRow>): PromptVersionRow {
  return {
    prompt: "summarize",
    version: name,
    requests: 1000,
    errors: 0,
    errorRate: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    avgLatencyMs: null,
    p50LatencyMs: null,
    p95LatencyMs: null,
    avgTtftMs: null,
    successRate: null,
    avgRating: null,
    ratedRuns: 0,
    qualityRate: null,
    qualityRuns: 0,
    costPerRun: null,
    tokensPerRun: null,
    ...change,
  };
}

const v1 = version("v1", {
  costUsd: 5,
  costPerRun: 0.005,
  tokensPerRun: 1200,
  avgLatencyMs: 1000,
  p95LatencyMs: 2500,
  errorRate: 0.03,
  successRate: 0.95,
  avgRating: 3.9,
  ratedRuns: 100,
  qualityRate: 0.9,
  qualityRuns: 1000,
});
const v2 = version("v2", {
  costUsd: 4,
  costPerRun: 0.004,
  tokensPerRun: 900,
  avgLatencyMs: 1100,
  p95LatencyMs: 2500,
  errorRate: 0.01,
  successRate: 0.97,
  avgRating: 4.15,
  ratedRuns: 120,
  qualityRate: 0.96,
  qualityRuns: 1000,
});

test("each figure of B against A, coloured by what is good for it", () => {
  const rows = compareVersions(v1, v2).map((delta) => [delta.label, delta.a, delta.b, delta.change.text, delta.change.tone]);
  assert.deepEqual(rows, [
    ["Runs", "1,000", "1,000", "0.0%", "neutral"],
    ["Cost per 1k runs", "$5.00", "$4.00", "−20.0%", "good"],
    ["Tokens per run", "1,200", "900", "−25.0%", "good"],
    ["Average latency", "1,000 ms", "1,100 ms", "+10.0%", "bad"],
    ["p95 latency", "2,500 ms", "2,500 ms", "0.0%", "neutral"],
    ["Error rate", "3.0%", "1.0%", "−2.0 pp", "good"],
    ["Success rate", "95.0%", "97.0%", "+2.0 pp", "good"],
    ["Quality", "90.0%", "96.0%", "+6.0 pp", "good"],
    ["Average rating", "3.90 ★", "4.15 ★", "+0.25 ★", "good"],
    ["Total cost", "$5.00", "$4.00", "−20.0%", "neutral"],
  ]);
});

test("quality reads 'Not known' on a side whose runs were rolled up before quality was counted, with no change shown", () => {
  const quality = compareVersions(version("v1", { requests: 800, qualityRate: null, qualityRuns: 0 }), v2).find(
    (delta) => delta.key === "qualityRate",
  )!;
  assert.deepEqual([quality.a, quality.b, quality.change.text], ["Not known", "96.0%", null]);
  assert.match(quality.description!, /^Share of runs that no free heuristic flags/);
});

test("a verdict in one sentence, and nothing to say about a side without runs", () => {
  assert.equal(comparisonVerdict(v1, v2), "v2 costs 20.0% less per run than v1, with success rate +2.0 pp and rating +0.25 ★.");
  assert.equal(comparisonVerdict(v2, v1), "v1 costs 25.0% more per run than v2, with success rate −2.0 pp and rating −0.25 ★.");
  assert.equal(comparisonVerdict(v1, version("v3", { requests: 0 })), null);
});

test("warnings when a side has too few runs or ratings", () => {
  assert.deepEqual(sampleWarnings(v1, v2), []);
  assert.deepEqual(sampleWarnings(version("v1", { requests: 12 }), version("v2", { requests: 0 })), [
    "v1 has only 12 runs: differences may be noise.",
    "v2 has no runs in this range.",
  ]);
  assert.deepEqual(sampleWarnings(v1, version("v2", { ratedRuns: 4 })), ["v2 has 4 rated runs: its average rating is rough."]);
});
