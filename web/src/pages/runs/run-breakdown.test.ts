import assert from "node:assert/strict";
import { test } from "node:test";
import { describeInferenceGeo, describePriceSource, runBreakdown } from "./run-breakdown.ts";

const cost = {
  totalUsd: 0.0125,
  inputUsd: 0.005,
  cacheReadUsd: 0.0005,
  cacheWriteUsd: 0.001,
  outputUsd: 0.004,
  reasoningUsd: 0.002,
  reportedUsd: null,
  priceSource: "catalogue",
  pricedModel: "o4-mini",
};

test("the parts are disjoint: cache out of input, reasoning out of output", () => {
  const breakdown = runBreakdown({
    inputTokens: 1000,
    outputTokens: 500,
    cacheReadTokens: 600,
    cacheWriteTokens: 100,
    cacheWrite1hTokens: 40,
    cacheWrite12hTokens: 0,
    reasoningTokens: 200,
    cost,
  });
  assert.deepEqual(
    breakdown.lines.map((line) => [line.key, line.tokens, line.costUsd, line.note]),
    [
      ["input", 300, 0.005, undefined],
      ["cacheRead", 600, 0.0005, undefined],
      ["cacheWrite", 100, 0.001, "40 with a 1-hour TTL"],
      ["output", 300, 0.004, undefined],
      ["reasoning", 200, 0.002, undefined],
    ],
  );
  assert.equal(breakdown.totalTokens, 1500);
  assert.equal(breakdown.totalUsd, 0.0125);
});

test("lines a run did not use are left out, and inconsistent counts never go negative", () => {
  const plain = runBreakdown({
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 20,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheWrite12hTokens: 0,
    reasoningTokens: 0,
    cost: { ...cost, totalUsd: null, inputUsd: 0, cacheReadUsd: 0, cacheWriteUsd: 0, outputUsd: 0, reasoningUsd: 0 },
  });
  assert.deepEqual(
    plain.lines.map((line) => [line.key, line.tokens]),
    [
      ["input", 0],
      ["cacheRead", 20],
      ["output", 5],
    ],
  );
  assert.equal(plain.totalUsd, null);
});

test("the cache write line notes the 12-hour writes, and the geography reads with its uplift", () => {
  const breakdown = runBreakdown({
    inputTokens: 100_000,
    outputTokens: 2000,
    cacheReadTokens: 40_000,
    cacheWriteTokens: 20_000,
    cacheWrite1hTokens: 0,
    cacheWrite12hTokens: 5000,
    reasoningTokens: 500,
    cost,
  });
  assert.equal(breakdown.lines.find((line) => line.key === "cacheWrite")?.note, "5,000 with 12-hour retention");
  assert.deepEqual(["us", "global", ""].map(describeInferenceGeo), ["us (regional processing price)", "global", ""]);
});

test("the price source reads as a sentence", () => {
  assert.equal(
    describePriceSource({ priceSource: "catalogue", pricedModel: "gpt-4o-2024-08-06" }),
    "Catalogue price for gpt-4o-2024-08-06",
  );
  assert.equal(describePriceSource({ priceSource: "override", pricedModel: "my-model" }), "This project's price override for my-model");
  assert.equal(describePriceSource({ priceSource: "unknown", pricedModel: "" }), "No price is known for this model");
  assert.equal(describePriceSource({ priceSource: "", pricedModel: "" }), "Cost given when the run was logged");
});
