import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelRow } from "../../api/types.ts";
import { pickSavingsHint } from "./savings-hint.ts";

function model(name: string, requests: number, costUsd: number, successRate: number | null): ModelRow {
  return {
    provider: name.startsWith("claude") ? "anthropic" : "openai",
    model: name,
    requests,
    errors: 0,
    errorRate: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd,
    avgLatencyMs: null,
    p50LatencyMs: null,
    p95LatencyMs: null,
    avgTtftMs: null,
    successRate,
    avgRating: null,
    ratedRuns: 0,
    qualityRate: null,
    qualityRuns: 0,
    costPer1kRequests: requests > 0 ? (costUsd / requests) * 1000 : null,
    costPer1MTokens: null,
    tokensPerRequest: null,
  };
}

test("the cheapest model within 2 points of the best success rate", () => {
  const hint = pickSavingsHint([
    model("gpt-4o", 1000, 10, 0.98),
    model("claude-sonnet-4-5", 800, 12, 0.985),
    model("gpt-4o-mini", 2000, 1, 0.97),
    model("o4-mini", 500, 2, 0.94),
  ]);
  assert.equal(hint?.kind, "cheaper");
  if (hint?.kind !== "cheaper") return;
  assert.equal(hint.cheaper.model, "gpt-4o-mini");
  assert.equal(hint.best.model, "claude-sonnet-4-5");
  assert.equal(Math.round(hint.successGap * 1000) / 1000, 0.015);
  assert.equal(hint.costRatio, 15 / 0.5);
});

test("exactly 2 points below the best still counts; more does not", () => {
  const atEdge = pickSavingsHint([model("gpt-4o", 100, 10, 0.99), model("gpt-4o-mini", 100, 1, 0.97)]);
  assert.equal(atEdge?.kind === "cheaper" && atEdge.cheaper.model, "gpt-4o-mini");
  assert.equal(pickSavingsHint([model("gpt-4o", 100, 10, 0.99), model("gpt-4o-mini", 100, 1, 0.969)]), null);
});

test("models with few runs or no known price never count as the cheapest", () => {
  assert.equal(pickSavingsHint([model("gpt-4o", 1000, 10, 0.98), model("tiny", 10, 0.001, 1)]), null);
  assert.equal(pickSavingsHint([model("gpt-4o", 1000, 10, 0.98), model("unpriced", 1000, 0, 0.99)]), null);
  assert.equal(pickSavingsHint([model("gpt-4o", 1000, 10, 0.98), model("no-feedback", 1000, 1, null)]), null);
  assert.equal(pickSavingsHint([model("gpt-4o", 1000, 10, 0.98)]), null);
});

test("when the best is also the cheapest, say so", () => {
  const hint = pickSavingsHint([model("gpt-4o", 1000, 10, 0.96), model("gpt-4o-mini", 1000, 1, 0.99), model("o4-mini", 1000, 2, 0.95)]);
  assert.equal(hint?.kind, "best-is-cheapest");
  if (hint?.kind !== "best-is-cheapest") return;
  assert.equal(hint.best.model, "gpt-4o-mini");
  assert.equal(hint.runnerUp.model, "o4-mini");
});

test("nothing to say when the best is cheapest among the near-best but a worse model is cheaper", () => {
  assert.equal(
    pickSavingsHint([model("gpt-4o", 1000, 10, 0.99), model("gpt-4.1", 1000, 12, 0.985), model("gpt-4o-mini", 1000, 1, 0.9)]),
    null,
  );
});
