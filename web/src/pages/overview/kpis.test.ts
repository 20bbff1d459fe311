import assert from "node:assert/strict";
import { test } from "node:test";
import type { Figures } from "../../api/types.ts";
import { kpiDelta } from "../../lib/kpi.ts";
import { buildKpis, describePrevious } from "./kpis.ts";

function figures(change: Partial<Figures> = {}): Figures {
  return {
    requests: 0,
    errors: 0,
    errorRate: null,
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
    ...change,
  };
}

const totals = figures({
  requests: 2000,
  errors: 40,
  errorRate: 0.02,
  inputTokens: 1_500_000,
  outputTokens: 250_000,
  costUsd: 8.4,
  p50LatencyMs: 640,
  p95LatencyMs: 2100,
  successRate: 0.97,
  avgRating: 4.2,
  ratedRuns: 180,
  qualityRate: 0.94,
  qualityRuns: 2000,
});
const previous = figures({
  requests: 1600,
  errors: 16,
  errorRate: 0.01,
  inputTokens: 1_000_000,
  outputTokens: 200_000,
  costUsd: 6,
  p95LatencyMs: 2400,
  successRate: 0.98,
  avgRating: 4,
  ratedRuns: 150,
  qualityRate: 0.92,
  qualityRuns: 1600,
});

test("nine cards with the figures a person reads first", () => {
  const kpis = buildKpis({ totals, previous });
  assert.deepEqual(
    kpis.map((kpi) => `${kpi.title}: ${kpi.format(kpi.value)}`),
    [
      "Cost: $8.40",
      "Requests: 2,000",
      "Tokens: 1.8M",
      "Cost per request: $0.0042",
      "Error rate: 2.0%",
      "p95 latency: 2,100 ms",
      "Success rate: 97.0%",
      "Quality: 94.0%",
      "Average rating: 4.20 ★",
    ],
  );
  assert.deepEqual(
    kpis.map((kpi) => kpi.hint ?? null),
    [
      null,
      null,
      "1.5M in · 250K out",
      "$4.20 per 1k requests",
      "40 errors",
      "p50 640 ms",
      "From feedback, else run status",
      "Runs no heuristic flagged",
      "From 180 rated runs",
    ],
  );
});

test("changes read as good or bad for each metric", () => {
  const tone = (key: string) => {
    const kpi = buildKpis({ totals, previous }).find((candidate) => candidate.key === key)!;
    const delta = kpiDelta(kpi.value, kpi.previous, { goodWhen: kpi.goodWhen, kind: kpi.changeKind });
    return `${delta.text} ${delta.tone}`;
  };
  assert.equal(tone("cost"), "+40.0% bad");
  assert.equal(tone("requests"), "+25.0% neutral");
  assert.equal(tone("errorRate"), "+1.0 pp bad");
  assert.equal(tone("p95Latency"), "−12.5% good");
  assert.equal(tone("successRate"), "−1.0 pp bad");
  assert.equal(tone("qualityRate"), "+2.0 pp good");
  assert.equal(tone("avgRating"), "+5.0% good");
});

test("an empty range has no per-request cost and says there are no ratings", () => {
  const kpis = buildKpis({ totals: figures(), previous: figures() });
  const byKey = Object.fromEntries(kpis.map((kpi) => [kpi.key, kpi]));
  assert.equal(byKey["costPerRequest"]!.value, null);
  assert.equal(byKey["costPerRequest"]!.hint, undefined);
  assert.equal(byKey["avgRating"]!.format(byKey["avgRating"]!.value), "–");
  assert.equal(byKey["avgRating"]!.hint, "No rated runs in this range");
  assert.equal(byKey["errorRate"]!.hint, "0 errors");
});

test("quality says what the heuristics are, and 'Not known' (not 100%) for runs rolled up before it was counted", () => {
  const card = (totals: Figures) => buildKpis({ totals, previous: figures() }).find((kpi) => kpi.key === "qualityRate")!;
  const counted = card(totals);
  assert.match(counted.description!, /^Share of runs that no free heuristic flags: the answer is not empty, not a refusal, valid JSON/);
  const unknown = card(figures({ requests: 40, qualityRate: null, qualityRuns: 0 }));
  assert.deepEqual([unknown.format(unknown.value), unknown.hint], ["Not known", "Not counted for these runs yet"]);
  assert.match(unknown.description!, /promptmetrics rebuild-rollups/);
  const partial = card(figures({ requests: 40, qualityRate: 0.75, qualityRuns: 12 }));
  assert.deepEqual([partial.format(partial.value), partial.hint], ["75.0%", "Over 12 of 40 runs"]);
  const empty = card(figures());
  assert.deepEqual([empty.format(empty.value), empty.hint], ["–", "No runs in this range"]);
});

test("the previous period reads as the days it covers, in the view's zone", () => {
  assert.equal(describePrevious({ from: "2026-10-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }, "UTC"), "Oct 2 – Oct 31, 2026");
  assert.equal(describePrevious({ from: "2025-12-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "UTC"), "Dec 2 – Dec 31, 2025");
  assert.equal(describePrevious({ from: "2025-12-15T00:00:00Z", to: "2026-01-10T00:00:00Z" }, "UTC"), "Dec 15, 2025 – Jan 9, 2026");
  assert.equal(describePrevious({ from: "2026-10-01T23:00:00Z", to: "2026-10-31T23:00:00Z" }, "Europe/Berlin"), "Oct 2 – Oct 31, 2026");
  assert.equal(
    describePrevious({ from: "2026-11-18T10:00:00Z", to: "2026-11-19T10:00:00Z" }, "UTC"),
    "Nov 18, 2026, 10:00 – Nov 19, 2026, 10:00",
  );
});
