import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeUsage } from "./usage.ts";

const usage = (
  inputTokens: number,
  outputTokens: number,
  cacheReadTokens = 0,
  cacheWriteTokens = 0,
  cacheWrite1hTokens = 0,
  reasoningTokens = 0,
) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
  cacheWrite1hTokens,
  reasoningTokens,
});

describe("normalizeUsage", () => {
  it("keeps OTel-semantics counts as they are", () => {
    assert.deepEqual(
      normalizeUsage({ input: 1200, output: 50, total: 1250, cacheRead: 1024 }, { input: "includes-cache" }),
      usage(1200, 50, 1024),
    );
  });

  it("adds cache reads and writes to an input that excludes them (Anthropic's own numbers)", () => {
    assert.deepEqual(
      normalizeUsage({ input: 5000, output: 80, cacheRead: 300, cacheWrite: 200, cacheWrite1h: 50 }, { input: "excludes-cache" }),
      usage(5500, 80, 300, 200, 50),
    );
  });

  it("treats an input smaller than its own cache subsets as excluding them", () => {
    assert.deepEqual(
      normalizeUsage({ input: 12, output: 80, cacheRead: 30000, cacheWrite: 1500 }, { input: "includes-cache" }),
      usage(31512, 80, 30000, 1500),
    );
  });

  it("treats an input as excluding cache when the total says input + output + cache", () => {
    assert.deepEqual(
      normalizeUsage({ input: 5000, output: 100, total: 5400, cacheRead: 300 }, { input: "includes-cache" }),
      usage(5300, 100, 300),
    );
    // A total of input + output says nothing either way: kept as inclusive.
    assert.deepEqual(
      normalizeUsage({ input: 5000, output: 100, total: 5100, cacheRead: 300 }, { input: "includes-cache" }),
      usage(5000, 100, 300),
    );
  });

  it("adds reasoning to an output that excludes it (by declaration, subset larger than total, or total)", () => {
    assert.deepEqual(
      normalizeUsage({ input: 10, output: 100, reasoning: 500 }, { input: "includes-cache", output: "excludes-reasoning" }),
      usage(10, 600, 0, 0, 0, 500),
    );
    assert.deepEqual(normalizeUsage({ input: 10, output: 100, reasoning: 500 }, { input: "includes-cache" }), usage(10, 600, 0, 0, 0, 500));
    assert.deepEqual(
      normalizeUsage({ input: 100, output: 600, total: 1200, reasoning: 500 }, { input: "includes-cache" }),
      usage(100, 1100, 0, 0, 0, 500),
    );
    assert.deepEqual(
      normalizeUsage({ input: 100, output: 600, total: 700, reasoning: 500 }, { input: "includes-cache" }),
      usage(100, 600, 0, 0, 0, 500),
    );
  });

  it("fills a missing output from the total, never below zero", () => {
    assert.deepEqual(normalizeUsage({ input: 5, total: 12 }, { input: "includes-cache" }), usage(5, 7));
    assert.deepEqual(normalizeUsage({ input: 20, total: 12 }, { input: "includes-cache" }), usage(20, 0));
    // An exclusive input whose total did not count the cache: subtract the source's own input.
    assert.deepEqual(normalizeUsage({ input: 12, total: 92, cacheRead: 30000 }, { input: "excludes-cache" }), usage(30012, 80, 30000));
    assert.deepEqual(normalizeUsage({}, { input: "includes-cache" }), usage(0, 0));
  });

  it("never produces negatives or fractions, and clamps subsets to their totals", () => {
    assert.deepEqual(normalizeUsage({ input: -5, output: -1, cacheRead: -3, reasoning: -2 }, { input: "includes-cache" }), usage(0, 0));
    assert.deepEqual(normalizeUsage({ input: 10.6, output: 2.2 }, { input: "includes-cache" }), usage(11, 2));
    assert.deepEqual(
      normalizeUsage({ input: 100, output: 10, cacheRead: 80, cacheWrite: 50 }, { input: "includes-cache" }),
      usage(230, 10, 80, 50),
    );
    assert.deepEqual(
      normalizeUsage({ input: 100, output: 10, cacheWrite: 20, cacheWrite1h: 30 }, { input: "includes-cache" }),
      usage(100, 10, 0, 30, 30),
    );
    assert.deepEqual(normalizeUsage({ input: 100, output: 10, reasoning: Number.NaN }, { input: "includes-cache" }), usage(100, 10));
  });
});
