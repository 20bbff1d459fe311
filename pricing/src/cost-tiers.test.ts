// Hand-worked costs for the pricing rules added in the 2026-12-04 audit: service tiers on more models,
// OpenAI's 30-minute and 12-hour cache writes, long context above 272K on OpenAI models (also inside a
// tier), Fast and Ultrafast, Anthropic fast mode, regional uplift, Haiku 5.5's 100K tier and dated cuts.
// Every expected amount is worked out in the comment above it from the per-1M prices in catalogue.json.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PricedResult, ServiceTier, Usage } from "./cost.ts";
import { createPricer } from "./pricer.ts";

const pricer = createPricer();
const DEC_2026 = new Date("2026-12-01T12:00:00Z");

function priced(
  model: string,
  usage: Usage,
  options: { at?: Date; serviceTier?: ServiceTier; regionalProcessing?: boolean } = {},
): PricedResult {
  const result = pricer.price({
    model,
    usage,
    at: options.at ?? DEC_2026,
    serviceTier: options.serviceTier,
    regionalProcessing: options.regionalProcessing,
  });
  assert.equal(result.status, "priced", `${model} should be priced`);
  return result as PricedResult;
}

describe("flex and priority on the models that publish them", () => {
  const usage = { inputTokens: 10_000, outputTokens: 1000 };

  it("gpt-5-mini flex and priority", () => {
    // flex: 10,000 × 0.125 = $0.00125 + 1,000 × 1 = $0.001 → $0.00225 (standard would be $0.0045)
    const flex = priced("gpt-5-mini", usage, { serviceTier: "flex" });
    assert.equal(flex.serviceTier, "flex");
    assert.equal(flex.totalUsd, "0.002250000000");
    // priority: 10,000 × 0.45 = $0.0045 + 1,000 × 3.60 = $0.0036 → $0.0081
    assert.equal(priced("gpt-5-mini", usage, { serviceTier: "priority" }).totalUsd, "0.008100000000");
  });

  it("gpt-4o priority, and o4-mini flex with cached input", () => {
    // gpt-4o priority: 10,000 × 4.25 = $0.0425 + 1,000 × 17 = $0.017 → $0.0595
    assert.equal(priced("gpt-4o", usage, { serviceTier: "priority" }).totalUsd, "0.059500000000");
    // o4-mini flex: uncached 6,000 × 0.55 = $0.0033; cached 4,000 × 0.138 = $0.000552; 1,000 × 2.20 = $0.0022 → $0.006052
    const r = priced("o4-mini", { inputTokens: 10_000, cacheReadTokens: 4000, outputTokens: 1000 }, { serviceTier: "flex" });
    assert.equal(r.components.cacheReadUsd, "0.000552000000");
    assert.equal(r.totalUsd, "0.006052000000");
  });

  it("OpenAI's Fast mode is its former priority tier: service tier fast uses the priority prices", () => {
    // gpt-5.2 fast = priority: 10,000 × 3.50 = $0.035 + 1,000 × 28 = $0.028 → $0.063
    const fast = priced("gpt-5.2", usage, { serviceTier: "fast" });
    assert.equal(fast.serviceTier, "fast");
    assert.equal(fast.totalUsd, "0.063000000000");
    assert.equal(priced("gpt-5.2", usage, { serviceTier: "priority" }).totalUsd, "0.063000000000");
  });
});

describe("OpenAI cache writes with their own prices and lifetimes (gpt-6.2-sol)", () => {
  it("prices 30-minute and 12-hour writes apart", () => {
    // gpt-6.2-sol: input $2, cached $0.10, 30-minute write $2.50, 12-hour write $5, output $10.
    // 100,000 input = 40,000 read + 20,000 written (5,000 of them for 12 hours) + 40,000 uncached.
    // uncached 40,000 × 2 = $0.08; read 40,000 × 0.10 = $0.004;
    // writes 15,000 × 2.50 = $0.0375 + 5,000 × 5 = $0.025 → $0.0625;
    // output (2,000 − 500 reasoning) 1,500 × 10 = $0.015; reasoning 500 × 10 = $0.005; total $0.1665
    const r = priced("gpt-6.2-sol", {
      inputTokens: 100_000,
      cacheReadTokens: 40_000,
      cacheWriteTokens: 20_000,
      cacheWrite12hTokens: 5000,
      outputTokens: 2000,
      reasoningTokens: 500,
    });
    assert.deepEqual(r.components, {
      inputUsd: "0.080000000000",
      cacheReadUsd: "0.004000000000",
      cacheWriteUsd: "0.062500000000",
      outputUsd: "0.015000000000",
      reasoningUsd: "0.005000000000",
    });
    assert.equal(r.totalUsd, "0.166500000000");
    assert.deepEqual(r.warnings, []);
  });

  it("prices 12-hour writes at the default write price, with a warning, where no 12-hour price is published", () => {
    // gpt-6-sol publishes only a 30-minute write ($2.50): uncached 6,000 × 2 = $0.012; 4,000 × 2.50 = $0.01 → $0.022
    const r = priced("gpt-6-sol", { inputTokens: 10_000, cacheWriteTokens: 4000, cacheWrite12hTokens: 4000, outputTokens: 0 });
    assert.equal(r.totalUsd, "0.022000000000");
    assert.deepEqual(r.warnings, ["no 12-hour cache-write price for gpt-6-sol; those writes priced as default-lifetime writes"]);
  });
});

describe("long context above 272K input tokens on OpenAI models", () => {
  it("bills the whole gpt-6.2-sol request at 2× input and cache, 1.5× output", () => {
    // 300,000 input (100,000 of them cached) > 272,000: input $4, cached $0.20, output $15.
    // 200,000 × 4 = $0.80; 100,000 × 0.20 = $0.02; 1,000 × 15 = $0.015 → $0.835
    const r = priced("gpt-6.2-sol", { inputTokens: 300_000, cacheReadTokens: 100_000, outputTokens: 1000 });
    assert.equal(r.tier, "long_context");
    assert.equal(r.totalUsd, "0.835000000000");
    // Exactly 272,000 is still short context: 272,000 × 2 = $0.544 + 1,000 × 10 = $0.01 → $0.554
    const edge = priced("gpt-6.2-sol", { inputTokens: 272_000, outputTokens: 1000 });
    assert.equal(edge.tier, "standard");
    assert.equal(edge.totalUsd, "0.554000000000");
  });

  it("applies inside a service tier: gpt-6-sol flex above 272K", () => {
    // flex short context: 10,000 × 1 = $0.01 + 2,000 × 5 = $0.01 → $0.02
    assert.equal(priced("gpt-6-sol", { inputTokens: 10_000, outputTokens: 2000 }, { serviceTier: "flex" }).totalUsd, "0.020000000000");
    // flex long context (input $2, output $7.50): 300,000 × 2 = $0.60 + 2,000 × 7.50 = $0.015 → $0.615
    const r = priced("gpt-6-sol", { inputTokens: 300_000, outputTokens: 2000 }, { serviceTier: "flex" });
    assert.equal(r.serviceTier, "flex");
    assert.equal(r.tier, "long_context");
    assert.equal(r.totalUsd, "0.615000000000");
  });

  it("falls back to a tier's short-context prices, with a warning, where no long-context tier price is published", () => {
    // gpt-5.5 Fast has no long-context price (Langfuse): 300,000 × 12.50 = $3.75 + 1,000 × 75 = $0.075 → $3.825
    const r = priced("gpt-5.5", { inputTokens: 300_000, outputTokens: 1000 }, { serviceTier: "fast" });
    assert.equal(r.tier, "standard");
    assert.equal(r.totalUsd, "3.825000000000");
    assert.deepEqual(r.warnings, ["no long-context fast price for gpt-5.5; its short-context fast price used"]);
  });
});

describe("Fast and Ultrafast on gpt-6.2-sol", () => {
  it("Fast costs 2× Standard for the same context length", () => {
    // short: 10,000 × 4 = $0.04 + 1,000 × 20 = $0.02 → $0.06
    assert.equal(priced("gpt-6.2-sol", { inputTokens: 10_000, outputTokens: 1000 }, { serviceTier: "fast" }).totalUsd, "0.060000000000");
    // long: 300,000 × 8 = $2.40 + 1,000 × 30 = $0.03 → $2.43
    const long = priced("gpt-6.2-sol", { inputTokens: 300_000, outputTokens: 1000 }, { serviceTier: "fast" });
    assert.equal(long.tier, "long_context");
    assert.equal(long.totalUsd, "2.430000000000");
  });

  it("Ultrafast is 3× through 2027-02-28 and 6× from 2027-03-01", () => {
    const usage = { inputTokens: 10_000, outputTokens: 1000 };
    // 3×: 10,000 × 6 = $0.06 + 1,000 × 30 = $0.03 → $0.09
    assert.equal(
      priced("gpt-6.2-sol", usage, { serviceTier: "ultrafast", at: new Date("2027-02-28T23:59:59Z") }).totalUsd,
      "0.090000000000",
    );
    // 6×: 10,000 × 12 = $0.12 + 1,000 × 60 = $0.06 → $0.18
    assert.equal(
      priced("gpt-6.2-sol", usage, { serviceTier: "ultrafast", at: new Date("2027-03-01T00:00:00Z") }).totalUsd,
      "0.180000000000",
    );
  });
});

describe("Anthropic fast mode and regional uplift", () => {
  const usage = { inputTokens: 10_000, cacheReadTokens: 2000, cacheWriteTokens: 1000, outputTokens: 500 };

  it("claude-opus-5 fast mode costs 2× every rate", () => {
    // standard: uncached 7,000 × 5 = $0.035; read 2,000 × 0.50 = $0.001; write 1,000 × 6.25 = $0.00625;
    // output 500 × 25 = $0.0125 → $0.05475
    assert.equal(priced("claude-opus-5", usage).totalUsd, "0.054750000000");
    // fast: 7,000 × 10 = $0.07; 2,000 × 1 = $0.002; 1,000 × 12.50 = $0.0125; 500 × 50 = $0.025 → $0.1095
    const fast = priced("claude-opus-5", usage, { serviceTier: "fast" });
    assert.equal(fast.serviceTier, "fast");
    assert.equal(fast.totalUsd, "0.109500000000");
    // Anthropic's priority tier is not a fast-mode price: standard, with a warning.
    const priority = priced("claude-opus-5", usage, { serviceTier: "priority" });
    assert.equal(priority.totalUsd, "0.054750000000");
    assert.deepEqual(priority.warnings, ["no priority price for claude-opus-5; priced as standard"]);
  });

  it("US-only inference adds 10% to every component", () => {
    // $0.05475 × 1.1: 0.035 → 0.0385; 0.001 → 0.0011; 0.00625 → 0.006875; 0.0125 → 0.01375; total $0.060225
    const r = priced("claude-opus-5", usage, { regionalProcessing: true });
    assert.equal(r.regionalUplift, true);
    assert.deepEqual(r.components, {
      inputUsd: "0.038500000000",
      cacheReadUsd: "0.001100000000",
      cacheWriteUsd: "0.006875000000",
      outputUsd: "0.013750000000",
      reasoningUsd: "0.000000000000",
    });
    assert.equal(r.totalUsd, "0.060225000000");
  });

  it("batch and regional uplift multiply: gpt-6-sol at 50% × 110%", () => {
    // standard 10,000 × 2 = $0.02 + 1,000 × 10 = $0.01; × 0.5 × 1.1 = × 0.55 → $0.011 + $0.0055 = $0.0165
    const r = priced("gpt-6-sol", { inputTokens: 10_000, outputTokens: 1000 }, { serviceTier: "batch", regionalProcessing: true });
    assert.equal(r.components.inputUsd, "0.011000000000");
    assert.equal(r.components.outputUsd, "0.005500000000");
    assert.equal(r.totalUsd, "0.016500000000");
  });

  it("a model with no known uplift is priced without one, with a warning", () => {
    // gpt-4o: 10,000 × 2.50 = $0.025 + 1,000 × 10 = $0.01 → $0.035
    const r = priced("gpt-4o", { inputTokens: 10_000, outputTokens: 1000 }, { regionalProcessing: true });
    assert.equal(r.totalUsd, "0.035000000000");
    assert.equal(r.regionalUplift, undefined);
    assert.deepEqual(r.warnings, ["no regional-processing uplift known for gpt-4o; priced without one"]);
  });
});

describe("claude-haiku-5-5 prices by prompt length", () => {
  it("up to 100,000 prompt tokens at the low band, above it every token at the high band", () => {
    // 100,000 × 0.10 = $0.01 + 1,000 × 0.50 = $0.0005 → $0.0105
    const low = priced("claude-haiku-5-5", { inputTokens: 100_000, outputTokens: 1000 });
    assert.equal(low.tier, "standard");
    assert.equal(low.totalUsd, "0.010500000000");
    // 150,000 = 120,000 read + 10,000 1-hour writes + 20,000 uncached > 100,000: high band.
    // 20,000 × 0.50 = $0.01; 120,000 × 0.05 = $0.006; 10,000 × 1 = $0.01; 1,000 × 2.50 = $0.0025 → $0.0285
    const high = priced("claude-haiku-5-5", {
      inputTokens: 150_000,
      cacheReadTokens: 120_000,
      cacheWriteTokens: 10_000,
      cacheWrite1hTokens: 10_000,
      outputTokens: 1000,
    });
    assert.equal(high.tier, "long_context");
    assert.equal(high.totalUsd, "0.028500000000");
  });
});

describe("dated price changes of the new models", () => {
  it("gpt-5.6-terra before and after the 2026-07-30 cut, and its flex price from the cut on", () => {
    const usage = { inputTokens: 10_000, outputTokens: 1000 };
    const july = new Date("2026-07-20T00:00:00Z");
    const august = new Date("2026-08-01T00:00:00Z");
    // launch: 10,000 × 2.50 = $0.025 + 1,000 × 15 = $0.015 → $0.04
    assert.equal(priced("gpt-5.6-terra", usage, { at: july }).totalUsd, "0.040000000000");
    // after the cut: 10,000 × 2 = $0.02 + 1,000 × 12 = $0.012 → $0.032
    assert.equal(priced("gpt-5.6-terra", usage, { at: august }).totalUsd, "0.032000000000");
    // no flex price before the cut: standard with a warning
    const early = priced("gpt-5.6-terra", usage, { at: july, serviceTier: "flex" });
    assert.equal(early.serviceTier, "standard");
    assert.equal(early.totalUsd, "0.040000000000");
    // flex after the cut: 10,000 × 1 = $0.01 + 1,000 × 6 = $0.006 → $0.016
    assert.equal(priced("gpt-5.6-terra", usage, { at: august, serviceTier: "flex" }).totalUsd, "0.016000000000");
  });

  it("claude-sonnet-5-5 cache reads before and after the 2026-10-07 cut", () => {
    const usage = { inputTokens: 100_000, cacheReadTokens: 90_000, outputTokens: 0 };
    // uncached 10,000 × 2 = $0.02; read 90,000 × 0.20 = $0.018 → $0.038
    assert.equal(priced("claude-sonnet-5-5", usage, { at: new Date("2026-10-01T00:00:00Z") }).totalUsd, "0.038000000000");
    // read 90,000 × 0.10 = $0.009 → $0.029
    assert.equal(priced("claude-sonnet-5-5", usage, { at: new Date("2026-10-08T00:00:00Z") }).totalUsd, "0.029000000000");
  });

  it("gpt-5.6-sol's promotional price from 2026-08-21", () => {
    const usage = { inputTokens: 10_000, cacheReadTokens: 2000, outputTokens: 1000 };
    // launch: uncached 8,000 × 5 = $0.04; read 2,000 × 0.50 = $0.001; 1,000 × 30 = $0.03 → $0.071
    assert.equal(priced("gpt-5.6-sol", usage, { at: new Date("2026-08-20T00:00:00Z") }).totalUsd, "0.071000000000");
    // promotion: 8,000 × 4 = $0.032; 2,000 × 0.40 = $0.0008; 1,000 × 20 = $0.02 → $0.0528
    assert.equal(priced("gpt-5.6", usage, { at: new Date("2026-08-21T00:00:00Z") }).totalUsd, "0.052800000000");
  });
});
