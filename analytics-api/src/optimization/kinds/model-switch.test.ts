import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PromptModelFigures } from "@promptmetrics/clickhouse";
import { modelSwitchCandidates, modelSwitchFindings } from "./model-switch.ts";

function figures(
  model: string,
  runs: number,
  errors: number,
  costUsd: string,
  extra: Partial<PromptModelFigures> = {},
): PromptModelFigures {
  return {
    prompt: "chat",
    promptVersion: "1",
    provider: "openai",
    model,
    runs,
    errors,
    qualityOkRuns: runs - errors,
    costUsd,
    unpricedRuns: 0,
    errorCostUsd: "0",
    truncatedRuns: 0,
    truncatedCostUsd: "0",
    offlineRuns: 0,
    offlineCostUsd: "0",
    batchRuns: 0,
    tokens: { input: runs * 1000, cacheRead: 0, cacheWrite: 0, output: runs * 100, reasoning: 0 },
    p95LatencyMs: 1000,
    p95TtftMs: null,
    ratedRuns: 0,
    meanRating: null,
    ratingSd: null,
    judgedRuns: 0,
    judgedSuccesses: 0,
    ...extra,
  };
}

const priced = () => true;

describe("modelSwitchCandidates", () => {
  it("measures a cheaper model that succeeds as often, and not one that fails more", () => {
    const a = figures("big", 400, 8, "40");
    const table: Array<[string, PromptModelFigures, boolean]> = [
      ["as good and cheaper", figures("small", 400, 8, "10"), true],
      ["cheaper but fails 6% more", figures("small", 400, 32, "10"), false],
      ["as good but dearer", figures("small", 400, 8, "50"), false],
      ["too few runs", figures("small", 49, 0, "1"), false],
    ];
    for (const [why, b, expected] of table) {
      const found = modelSwitchCandidates([a, b], priced).filter((c) => c.measured && c.from.model === "big");
      assert.equal(found.length, expected ? 1 : 0, why);
    }
  });

  it("compares mean ratings when both sides have 20, and refuses a model rated clearly lower", () => {
    const a = figures("big", 400, 8, "40", { ratedRuns: 100, meanRating: 4.5, ratingSd: 0.5 });
    const lower = figures("small", 400, 8, "10", { ratedRuns: 100, meanRating: 4.0, ratingSd: 0.5 });
    const same = figures("small", 400, 8, "10", { ratedRuns: 100, meanRating: 4.5, ratingSd: 0.5 });
    assert.equal(modelSwitchCandidates([a, lower], priced).filter((c) => c.measured).length, 0);
    const [candidate] = modelSwitchCandidates([a, same], priced).filter((c) => c.from.model === "big");
    assert.ok(candidate?.measured?.rating && candidate.measured.rating.low > -0.25);
  });

  it("proposes an experiment with a model the project uses elsewhere, same provider only", () => {
    const a = figures("big", 100, 2, "10");
    const elsewhere = figures("small", 300, 3, "3", { prompt: "other" });
    const otherProvider = figures("claude-x", 300, 0, "3", { prompt: "other", provider: "anthropic" });
    const found = modelSwitchCandidates([a, elsewhere, otherProvider], priced).filter((c) => c.from.model === "big");
    assert.deepEqual(
      found.map((c) => [c.toModel, c.measured === undefined]),
      [["small", true]],
    );
  });
});

describe("modelSwitchFindings", () => {
  it("keeps the best positive saving per prompt and model, preferring a measured one", () => {
    const a = figures("big", 400, 8, "40");
    const measured = { to: figures("small", 400, 8, "10"), success: { low: 0, high: 0.01 }, quality: { low: 0, high: 0.01 }, rating: null };
    const entries = [
      {
        candidate: { prompt: "chat", promptVersion: "1", provider: "openai", from: a, toModel: "small", measured },
        windowSavingsPico: 5n * 10n ** 12n,
      },
      {
        candidate: { prompt: "chat", promptVersion: "1", provider: "openai", from: a, toModel: "tiny", elsewhere: { runs: 60, errors: 0 } },
        windowSavingsPico: 9n * 10n ** 12n,
      },
      { candidate: { prompt: "chat", promptVersion: "1", provider: "openai", from: a, toModel: "dear", measured }, windowSavingsPico: -1n },
    ].map((e) => ({ ...e, currentCostUsd: "40", projectedCostUsd: "35", matchedRuns: 400 }));
    const findings = modelSwitchFindings(entries, 15, 100);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.subject.toModel, "small");
    assert.equal(findings[0]?.monthlySavingsUsd, "10.000000000", "$5 over 15 days is $10 a month");
  });
});
