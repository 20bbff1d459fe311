import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTwelveHourRetention, normalizeUsage } from "./usage.ts";

const usage = (
  inputTokens: number,
  outputTokens: number,
  cacheReadTokens = 0,
  cacheWriteTokens = 0,
  cacheWrite1hTokens = 0,
  reasoningTokens = 0,
  cacheWrite12hTokens = 0,
) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
  cacheWrite1hTokens,
  cacheWrite12hTokens,
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

  it("12-hour writes: counted by the source, or every write when the request asked for 12-hour retention", () => {
    // OpenAI usage (input includes cache): 10,000 input of which 4,000 written, 1,000 of them for 12 hours.
    assert.deepEqual(
      normalizeUsage({ input: 10_000, output: 50, cacheWrite: 4000, cacheWrite12h: 1000 }, { input: "includes-cache" }),
      usage(10_000, 50, 0, 4000, 0, 0, 1000),
    );
    assert.deepEqual(
      normalizeUsage({ input: 10_000, output: 50, cacheWrite: 4000, retained12h: true }, { input: "includes-cache" }),
      usage(10_000, 50, 0, 4000, 0, 0, 4000),
    );
    // The source's own count wins over the retention rule; a count above the writes raises the writes.
    assert.deepEqual(
      normalizeUsage({ input: 10_000, output: 50, cacheWrite: 4000, cacheWrite12h: 0, retained12h: true }, { input: "includes-cache" }),
      usage(10_000, 50, 0, 4000),
    );
    assert.deepEqual(
      normalizeUsage({ input: 10_000, output: 50, cacheWrite: 100, cacheWrite12h: 300 }, { input: "includes-cache" }),
      usage(10_000, 50, 0, 300, 0, 0, 300),
    );
    // 1-hour and 12-hour writes are disjoint parts of the writes; with retention, the 12-hour part is what the 1-hour one leaves.
    assert.deepEqual(
      normalizeUsage({ input: 1000, output: 10, cacheWrite: 100, cacheWrite1h: 30, cacheWrite12h: 50 }, { input: "includes-cache" }),
      usage(1000, 10, 0, 100, 30, 0, 50),
    );
    assert.deepEqual(
      normalizeUsage({ input: 1000, output: 10, cacheWrite: 100, cacheWrite1h: 30, retained12h: true }, { input: "includes-cache" }),
      usage(1000, 10, 0, 100, 30, 0, 70),
    );
  });

  it("retention 12h and 24h are 12-hour retention; in-memory and anything else are not", () => {
    assert.deepEqual(["12h", "24h", " 24H", "in-memory", "", undefined, 24].map(isTwelveHourRetention), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
