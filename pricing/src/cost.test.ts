// Every expected amount below is worked out by hand from the published per-1M prices
// (prices as of 2026-11-25, see catalogue.json) and written out in the comment above it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PricedResult, ServiceTier, Usage } from "./cost.ts";
import { computeCost } from "./cost.ts";
import { PricingError } from "./errors.ts";
import { createPricer } from "./pricer.ts";
import { compileRates } from "./rates.ts";

const pricer = createPricer();
const NOV_2026 = new Date("2026-11-20T12:00:00Z");

function priced(model: string, usage: Usage, options: { at?: Date; serviceTier?: ServiceTier } = {}): PricedResult {
  const result = pricer.price({ model, usage, at: options.at ?? NOV_2026, serviceTier: options.serviceTier });
  assert.equal(result.status, "priced", `${model} should be priced`);
  return result as PricedResult;
}

describe("cost of a call", () => {
  it("gpt-4o: 1,000 input of which 200 cached, 500 output", () => {
    // gpt-4o: input $2.50, cached $1.25, output $10 per 1M.
    // uncached 800 × 2.50 / 1M = $0.002; cached 200 × 1.25 / 1M = $0.00025; output 500 × 10 / 1M = $0.005
    // total $0.00725
    const r = priced("gpt-4o", { inputTokens: 1000, cacheReadTokens: 200, outputTokens: 500 });
    assert.equal(r.totalUsd, "0.007250000000");
    assert.equal(r.totalUsdNumber, 0.00725);
    assert.deepEqual(r.components, {
      inputUsd: "0.002000000000",
      cacheReadUsd: "0.000250000000",
      cacheWriteUsd: "0.000000000000",
      outputUsd: "0.005000000000",
      reasoningUsd: "0.000000000000",
    });
    assert.equal(r.modelId, "gpt-4o");
    assert.equal(r.source, "catalogue");
    assert.equal(r.tier, "standard");
    assert.equal(r.serviceTier, "standard");
    assert.deepEqual(r.warnings, []);
  });

  it("o3: reasoning tokens are billed at the output price", () => {
    // o3 since 2025-06-10: input $2, output $8 per 1M.
    // input 2,000 × 2 / 1M = $0.004; visible output (1,500 − 1,200) = 300 × 8 / 1M = $0.0024;
    // reasoning 1,200 × 8 / 1M = $0.0096; total $0.016
    const r = priced("o3-2025-04-16", { inputTokens: 2000, outputTokens: 1500, reasoningTokens: 1200 });
    assert.equal(r.components.inputUsd, "0.004000000000");
    assert.equal(r.components.outputUsd, "0.002400000000");
    assert.equal(r.components.reasoningUsd, "0.009600000000");
    assert.equal(r.totalUsd, "0.016000000000");
  });

  it("claude-sonnet-4-5: cache read, 5-minute write and 1-hour write", () => {
    // claude-sonnet-4-5: input $3, cache read $0.30, 5m write $3.75, 1h write $6, output $15 per 1M.
    // 10,000 input = 6,000 read + 3,000 written (1,000 of them 1h) + 1,000 uncached.
    // uncached 1,000 × 3 = $0.003; read 6,000 × 0.30 = $0.0018;
    // writes 2,000 × 3.75 = $0.0075 + 1,000 × 6 = $0.006 → $0.0135; output 400 × 15 = $0.006
    // total $0.0243
    const r = priced("claude-sonnet-4-5-20250929", {
      inputTokens: 10_000,
      cacheReadTokens: 6000,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 1000,
      outputTokens: 400,
    });
    assert.deepEqual(r.components, {
      inputUsd: "0.003000000000",
      cacheReadUsd: "0.001800000000",
      cacheWriteUsd: "0.013500000000",
      outputUsd: "0.006000000000",
      reasoningUsd: "0.000000000000",
    });
    assert.equal(r.totalUsd, "0.024300000000");
  });

  it("claude-sonnet-4-5 at 250k input bills the whole request at long-context rates", () => {
    // Above 200,000 input tokens: input $6, output $22.50 per 1M, for every token of the request.
    // 250,000 × 6 / 1M = $1.50; 1,000 × 22.50 / 1M = $0.0225; total $1.5225
    const r = priced("claude-sonnet-4-5", { inputTokens: 250_000, outputTokens: 1000 });
    assert.equal(r.tier, "long_context");
    assert.equal(r.components.inputUsd, "1.500000000000");
    assert.equal(r.components.outputUsd, "0.022500000000");
    assert.equal(r.totalUsd, "1.522500000000");
  });

  it("long-context rates also cover cache reads and both write durations", () => {
    // 250,000 input = 200,000 read + 10,000 5m writes + 5,000 1h writes + 35,000 uncached; 1,000 output.
    // Long-context: input $6, read $0.60, 5m write $7.50, 1h write $12, output $22.50 per 1M.
    // 35,000 × 6 = $0.21; 200,000 × 0.60 = $0.12; 10,000 × 7.50 = $0.075 + 5,000 × 12 = $0.06 → $0.135;
    // 1,000 × 22.50 = $0.0225; total $0.4875
    const r = priced("claude-sonnet-4-5", {
      inputTokens: 250_000,
      cacheReadTokens: 200_000,
      cacheWriteTokens: 15_000,
      cacheWrite1hTokens: 5000,
      outputTokens: 1000,
    });
    assert.equal(r.tier, "long_context");
    assert.equal(r.components.inputUsd, "0.210000000000");
    assert.equal(r.components.cacheReadUsd, "0.120000000000");
    assert.equal(r.components.cacheWriteUsd, "0.135000000000");
    assert.equal(r.totalUsd, "0.487500000000");
  });

  it("exactly 200,000 input tokens is still the standard tier", () => {
    // 200,000 × 3 / 1M = $0.60; 1,000 × 15 / 1M = $0.015; total $0.615
    const r = priced("claude-sonnet-4", { inputTokens: 200_000, outputTokens: 1000 });
    assert.equal(r.tier, "standard");
    assert.equal(r.totalUsd, "0.615000000000");
  });

  it("batch takes 50% off every component", () => {
    // claude-sonnet-4-5 standard: 1,000 × 3 / 1M = $0.003 + 500 × 15 / 1M = $0.0075 = $0.0105; batch half: $0.00525
    const sonnet = priced("claude-sonnet-4-5", { inputTokens: 1000, outputTokens: 500 }, { serviceTier: "batch" });
    assert.equal(sonnet.serviceTier, "batch");
    assert.equal(sonnet.totalUsd, "0.005250000000");

    // gpt-4o-mini standard: 6,000 × 0.15 = $0.0009; 4,000 cached × 0.075 = $0.0003; 2,000 × 0.60 = $0.0012
    // = $0.0024; batch: $0.00045 + $0.00015 + $0.0006 = $0.0012
    const mini = priced("gpt-4o-mini", { inputTokens: 10_000, cacheReadTokens: 4000, outputTokens: 2000 }, { serviceTier: "batch" });
    assert.equal(mini.components.inputUsd, "0.000450000000");
    assert.equal(mini.components.cacheReadUsd, "0.000150000000");
    assert.equal(mini.components.outputUsd, "0.000600000000");
    assert.equal(mini.totalUsd, "0.001200000000");
  });

  it("embeddings bill input only", () => {
    // text-embedding-3-small $0.02 per 1M: 12,345 × 0.02 / 1M = $0.0002469
    assert.equal(priced("text-embedding-3-small", { inputTokens: 12_345, outputTokens: 0 }).totalUsd, "0.000246900000");
    // text-embedding-3-large $0.13 per 1M: 12,345 × 0.13 / 1M = $0.00160485
    assert.equal(priced("text-embedding-3-large", { inputTokens: 12_345, outputTokens: 0 }).totalUsd, "0.001604850000");
    // batch halves it: $0.00012345
    const batch = priced("text-embedding-3-small", { inputTokens: 12_345, outputTokens: 0 }, { serviceTier: "batch" });
    assert.equal(batch.totalUsd, "0.000123450000");
  });

  it("a fine-tuned gpt-4o-mini costs the fine-tune price, not the base price", () => {
    // ft:gpt-4o-mini: input $0.30, cached $0.15, output $1.20 per 1M.
    // 8,000 × 0.30 = $0.0024; 2,000 × 0.15 = $0.0003; 1,000 × 1.20 = $0.0012; total $0.0039
    const usage = { inputTokens: 10_000, cacheReadTokens: 2000, outputTokens: 1000 };
    const ft = priced("ft:gpt-4o-mini-2024-07-18:acme::abc123", usage);
    assert.equal(ft.modelId, "ft:gpt-4o-mini");
    assert.equal(ft.totalUsd, "0.003900000000");
    // The base model for comparison: 8,000 × 0.15 + 2,000 × 0.075 + 1,000 × 0.60 = $0.00195
    assert.equal(priced("gpt-4o-mini-2024-07-18", usage).totalUsd, "0.001950000000");
  });

  it("gpt-4o-2024-05-13 keeps its own price; gpt-4o-2024-08-06 is priced as gpt-4o", () => {
    const usage = { inputTokens: 1000, cacheReadTokens: 200, outputTokens: 1000 };
    // 2024-05-13: $5 in / $15 out, no cached price so cached tokens cost input:
    // 1,000 × 5 / 1M = $0.005; 1,000 × 15 / 1M = $0.015; total $0.02
    const may = priced("gpt-4o-2024-05-13", usage);
    assert.equal(may.modelId, "gpt-4o-2024-05-13");
    assert.equal(may.components.cacheReadUsd, "0.001000000000");
    assert.equal(may.totalUsd, "0.020000000000");
    // 2024-08-06 → gpt-4o: 800 × 2.50 = $0.002; 200 × 1.25 = $0.00025; 1,000 × 10 = $0.01; total $0.01225
    const august = priced("gpt-4o-2024-08-06", usage);
    assert.equal(august.modelId, "gpt-4o");
    assert.equal(august.totalUsd, "0.012250000000");
  });

  it("uses the price period in force at the call's time", () => {
    const usage = { inputTokens: 2000, outputTokens: 1500, reasoningTokens: 1200 };
    // o3 before the 2025-06-10 cut: input $10, output $40 per 1M.
    // 2,000 × 10 = $0.02; 300 × 40 = $0.012; 1,200 × 40 = $0.048; total $0.08
    assert.equal(priced("o3", usage, { at: new Date("2025-05-01T00:00:00Z") }).totalUsd, "0.080000000000");
    // Same call after the cut: $0.016 (see the o3 test above).
    assert.equal(priced("o3", usage, { at: new Date("2025-06-10T00:00:00Z") }).totalUsd, "0.016000000000");

    // claude-opus-4-6: 300,000 input before the 1M window went GA (2026-03-13) paid the long-context
    // $10 per 1M → $3.00; afterwards the flat $5 per 1M → $1.50.
    const opusUsage = { inputTokens: 300_000, outputTokens: 0 };
    const beta = priced("claude-opus-4-6", opusUsage, { at: new Date("2026-03-01T00:00:00Z") });
    assert.equal(beta.tier, "long_context");
    assert.equal(beta.totalUsd, "3.000000000000");
    const ga = priced("claude-opus-4-6", opusUsage, { at: new Date("2026-04-01T00:00:00Z") });
    assert.equal(ga.tier, "standard");
    assert.equal(ga.totalUsd, "1.500000000000");
  });

  it("gpt-5 flex and priority use their own prices", () => {
    const usage = { inputTokens: 10_000, outputTokens: 1000 };
    // standard: 10,000 × 1.25 = $0.0125 + 1,000 × 10 = $0.01 → $0.0225
    assert.equal(priced("gpt-5", usage).totalUsd, "0.022500000000");
    // flex: 10,000 × 0.625 = $0.00625 + 1,000 × 5 = $0.005 → $0.01125
    const flex = priced("gpt-5", usage, { serviceTier: "flex" });
    assert.equal(flex.serviceTier, "flex");
    assert.equal(flex.totalUsd, "0.011250000000");
    // priority: 10,000 × 2.50 = $0.025 + 1,000 × 20 = $0.02 → $0.045
    assert.equal(priced("gpt-5", usage, { serviceTier: "priority" }).totalUsd, "0.045000000000");
  });

  it("a service tier the model has no price for is priced as standard, with a warning", () => {
    // gpt-4o standard: 1,000 × 2.50 = $0.0025 + 1,000 × 10 = $0.01 → $0.0125
    const r = priced("gpt-4o", { inputTokens: 1000, outputTokens: 1000 }, { serviceTier: "flex" });
    assert.equal(r.serviceTier, "standard");
    assert.equal(r.totalUsd, "0.012500000000");
    assert.deepEqual(r.warnings, ["no flex price for gpt-4o; priced as standard"]);
  });
});

describe("usage that breaks the subset rules", () => {
  it("clamps uncached input to zero when cache reads exceed input, and warns", () => {
    // Anthropic-style source: input 100 excluding 5,000 cache reads. Uncached → 0 (not −4,900).
    // read 5,000 × 0.30 / 1M = $0.0015; output 200 × 15 / 1M = $0.003; total $0.0045
    const r = priced("claude-sonnet-4-5", { inputTokens: 100, cacheReadTokens: 5000, outputTokens: 200 });
    assert.equal(r.components.inputUsd, "0.000000000000");
    assert.equal(r.totalUsd, "0.004500000000");
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? "", /exceed inputTokens \(100\); uncached input counted as 0/);
  });

  it("still applies the long-context tier when cache alone crosses the threshold", () => {
    // input 5,000 reported without 210,000 cache reads: effective input 210,000 > 200,000.
    // read 210,000 × 0.60 (long-context) / 1M = $0.126
    const r = priced("claude-sonnet-4-5", { inputTokens: 5000, cacheReadTokens: 210_000, outputTokens: 0 });
    assert.equal(r.tier, "long_context");
    assert.equal(r.totalUsd, "0.126000000000");
    assert.equal(r.warnings.length, 1);
  });

  it("clamps visible output when reasoning exceeds output", () => {
    // o3: reasoning 150 × 8 / 1M = $0.0012, visible output 0; input 0
    const r = priced("o3", { inputTokens: 0, outputTokens: 100, reasoningTokens: 150 });
    assert.equal(r.components.outputUsd, "0.000000000000");
    assert.equal(r.totalUsd, "0.001200000000");
    assert.match(r.warnings[0] ?? "", /reasoningTokens \(150\) exceed outputTokens \(100\)/);
  });

  it("clamps 5-minute writes when 1-hour writes exceed all writes", () => {
    // 1h writes 300 (> 100 writes reported): 5m → 0; uncached 1,000 − 300 = 700.
    // 700 × 3 = $0.0021; 300 × 6 = $0.0018; total $0.0039
    const r = priced("claude-sonnet-4-5", { inputTokens: 1000, cacheWriteTokens: 100, cacheWrite1hTokens: 300, outputTokens: 0 });
    assert.equal(r.components.cacheWriteUsd, "0.001800000000");
    assert.equal(r.totalUsd, "0.003900000000");
    assert.match(r.warnings[0] ?? "", /cacheWrite1hTokens \(300\) exceed cacheWriteTokens \(100\)/);
  });
});

describe("computeCost input checks", () => {
  const period = { fromMs: 0, base: compileRates({ input: "1", output: "2" }), serviceTiers: {} };
  const call = (usage: unknown, serviceTier?: unknown) =>
    computeCost({
      modelId: "test",
      source: "custom",
      period,
      batchDiscountPercent: 50,
      usage: usage as Usage,
      serviceTier: serviceTier as ServiceTier,
    });
  const failsOn = (field: string, code: string) => (err: unknown) =>
    err instanceof PricingError && err.code === code && err.field === field;

  it("rejects negative, fractional, missing and non-numeric token counts, naming the field", () => {
    assert.throws(() => call({ inputTokens: -1, outputTokens: 0 }), failsOn("usage.inputTokens", "invalid_usage"));
    assert.throws(() => call({ inputTokens: 1.5, outputTokens: 0 }), failsOn("usage.inputTokens", "invalid_usage"));
    assert.throws(() => call({ inputTokens: 10 }), failsOn("usage.outputTokens", "invalid_usage"));
    assert.throws(
      () => call({ inputTokens: 10, outputTokens: 0, cacheReadTokens: "5" }),
      failsOn("usage.cacheReadTokens", "invalid_usage"),
    );
    assert.throws(() => call(null), failsOn("usage", "invalid_usage"));
  });

  it("rejects an unknown service tier", () => {
    assert.throws(() => call({ inputTokens: 1, outputTokens: 1 }, "turbo"), failsOn("serviceTier", "invalid_request"));
  });

  it("prices zero tokens at exactly zero", () => {
    assert.equal(call({ inputTokens: 0, outputTokens: 0 }).totalUsd, "0.000000000000");
  });
});
