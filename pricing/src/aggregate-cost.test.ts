// Pricing token totals against pricing the same requests one at a time and adding the costs: equal to the
// last of the 12 decimals, component by component, across tiers, long context, cache lifetimes, batch,
// the regional uplift, dated periods, synced prices, overrides and usage that needs clamping.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addUsage, emptyTotals, type AggregateCostResult, type UsageTotals } from "./aggregate-cost.ts";
import type { CostComponents, PricedResult, ServiceTier, Usage } from "./cost.ts";
import { PricingError } from "./errors.ts";
import { createPricer, type Pricer } from "./pricer.ts";

const DEC_2026 = new Date("2026-12-01T12:00:00Z");

function pico(usd: string): bigint {
  const [whole = "0", fraction = ""] = usd.split(".");
  return BigInt(whole) * 10n ** 12n + BigInt(fraction.padEnd(12, "0"));
}

function usd(amount: bigint): string {
  return `${amount / 10n ** 12n}.${(amount % 10n ** 12n).toString().padStart(12, "0")}`;
}

const COMPONENTS: (keyof CostComponents)[] = ["inputUsd", "cacheReadUsd", "cacheWriteUsd", "outputUsd", "reasoningUsd"];

interface Case {
  name: string;
  model: string;
  at?: Date;
  serviceTier?: ServiceTier;
  regionalProcessing?: boolean;
  pricer?: Pricer;
  usages: Usage[];
  /** What the totals are priced at (checked besides the sum). */
  expect?: Partial<
    Pick<AggregateCostResult, "tier" | "serviceTier" | "source" | "periodFrom" | "batchDiscountPercent" | "regionalUpliftPercent">
  >;
}

const catalogue = createPricer();

const CASES: Case[] = [
  {
    name: "gpt-5.4 standard: cache reads, reasoning, odd counts",
    model: "gpt-5.4",
    usages: [
      { inputTokens: 1234, cacheReadTokens: 1000, outputTokens: 777, reasoningTokens: 333 },
      { inputTokens: 9, outputTokens: 1 },
      { inputTokens: 272_000, outputTokens: 5, reasoningTokens: 5 },
    ],
    expect: { tier: "standard", serviceTier: "standard", source: "catalogue" },
  },
  {
    name: "gpt-5.4 above 272K input: every token at the long-context rates",
    model: "gpt-5.4",
    usages: [
      { inputTokens: 272_001, cacheReadTokens: 200_000, outputTokens: 3001 },
      { inputTokens: 500_000, outputTokens: 10, reasoningTokens: 7 },
    ],
    expect: { tier: "long_context", serviceTier: "standard" },
  },
  {
    name: "gpt-5.4 flex above 272K: the flex tier's long-context rates",
    model: "gpt-5.4",
    serviceTier: "flex",
    usages: [
      { inputTokens: 300_001, cacheReadTokens: 123_457, outputTokens: 99 },
      { inputTokens: 280_000, outputTokens: 1 },
    ],
    expect: { tier: "long_context", serviceTier: "flex" },
  },
  {
    name: "gpt-5.4 priority above 272K: no long-context priority price, the short one used",
    model: "gpt-5.4",
    serviceTier: "priority",
    usages: [
      { inputTokens: 400_000, outputTokens: 1 },
      { inputTokens: 300_000, cacheReadTokens: 3, outputTokens: 2 },
    ],
    expect: { tier: "standard", serviceTier: "priority" },
  },
  {
    name: "gpt-5.6-terra batch: half off, odd token counts",
    model: "gpt-5.6-terra",
    serviceTier: "batch",
    usages: [
      { inputTokens: 1001, cacheReadTokens: 3, cacheWriteTokens: 7, outputTokens: 333, reasoningTokens: 111 },
      { inputTokens: 17, outputTokens: 19 },
      { inputTokens: 99_999, cacheWriteTokens: 1, outputTokens: 1 },
    ],
    expect: { serviceTier: "batch", batchDiscountPercent: 50 },
  },
  {
    name: "gpt-5.6-terra before and after its 2026-07-30 cut (each at its own period)",
    model: "gpt-5.6-terra",
    at: new Date("2026-07-29T23:59:59.999Z"),
    usages: [{ inputTokens: 12_345, cacheReadTokens: 2345, outputTokens: 678 }],
  },
  {
    name: "gpt-5.6-terra after its cut",
    model: "gpt-5.6-terra",
    at: new Date("2026-07-30T00:00:00Z"),
    usages: [{ inputTokens: 12_345, cacheReadTokens: 2345, outputTokens: 678 }],
  },
  {
    name: "claude-haiku-5-5 above 100K, batch and US-only processing: 5-minute and 1-hour writes",
    model: "claude-haiku-5-5",
    serviceTier: "batch",
    regionalProcessing: true,
    usages: [
      { inputTokens: 150_001, cacheReadTokens: 100_000, cacheWriteTokens: 30_001, cacheWrite1hTokens: 10_001, outputTokens: 2001 },
      { inputTokens: 100_001, cacheWriteTokens: 3, cacheWrite1hTokens: 3, outputTokens: 1 },
    ],
    expect: { tier: "long_context", serviceTier: "batch", batchDiscountPercent: 50, regionalUpliftPercent: 10 },
  },
  {
    name: "claude-haiku-5-5 regional only, below 100K",
    model: "claude-haiku-5-5",
    regionalProcessing: true,
    usages: [
      { inputTokens: 7, outputTokens: 3 },
      { inputTokens: 99_999, cacheReadTokens: 11, cacheWriteTokens: 13, cacheWrite1hTokens: 5, outputTokens: 17 },
    ],
    expect: { tier: "standard", regionalUpliftPercent: 10 },
  },
  {
    name: "gpt-6.2-sol ultrafast with 12-hour writes, after its 2027-03-01 change",
    model: "gpt-6.2-sol",
    at: new Date("2027-03-02T00:00:00Z"),
    serviceTier: "ultrafast",
    usages: [
      {
        inputTokens: 50_000,
        cacheReadTokens: 10_000,
        cacheWriteTokens: 20_000,
        cacheWrite12hTokens: 15_000,
        outputTokens: 5000,
        reasoningTokens: 4000,
      },
      { inputTokens: 3, cacheWriteTokens: 1, cacheWrite12hTokens: 1, outputTokens: 1 },
    ],
    expect: { serviceTier: "ultrafast" },
  },
  {
    name: "gpt-5.6-sol: 12-hour writes it has no price for, priced as 30-minute writes",
    model: "gpt-5.6-sol",
    usages: [{ inputTokens: 10_000, cacheWriteTokens: 4000, cacheWrite12hTokens: 4000, outputTokens: 10 }],
  },
  {
    name: "claude-sonnet-4-6 before 2026-03-13 still had a 200K tier",
    model: "claude-sonnet-4-6",
    at: new Date("2026-03-12T12:00:00Z"),
    usages: [{ inputTokens: 250_000, cacheReadTokens: 50_000, outputTokens: 1000 }],
    expect: { tier: "long_context" },
  },
  {
    name: "claude-sonnet-4-6 from 2026-03-13 has none",
    model: "claude-sonnet-4-6",
    at: new Date("2026-03-13T00:00:00Z"),
    usages: [{ inputTokens: 250_000, cacheReadTokens: 50_000, outputTokens: 1000 }],
    expect: { tier: "standard" },
  },
  {
    name: "usage that breaks the subset rules is clamped request by request",
    model: "claude-sonnet-4-5",
    usages: [
      // Anthropic-style input without the cache reads: uncached counted as 0, the reads still billed.
      { inputTokens: 100, cacheReadTokens: 5000, outputTokens: 10 },
      // More 1-hour writes than writes; more reasoning than output.
      { inputTokens: 9000, cacheWriteTokens: 100, cacheWrite1hTokens: 300, outputTokens: 5, reasoningTokens: 50 },
      { inputTokens: 9000, cacheWriteTokens: 300, cacheWrite1hTokens: 100, outputTokens: 50, reasoningTokens: 5 },
    ],
  },
  {
    name: "a project's override of the model, batch discount kept",
    model: "gpt-5.6-terra",
    serviceTier: "batch",
    pricer: createPricer({ overrides: [{ model: "gpt-5.6-terra", from: "2026-11-01", prices: { input: "1.5", output: "9" } }] }),
    usages: [
      { inputTokens: 300_001, cacheReadTokens: 1, outputTokens: 11 },
      { inputTokens: 5, outputTokens: 7 },
    ],
    expect: { source: "override", tier: "standard", periodFrom: "2026-11-01", batchDiscountPercent: 50 },
  },
  {
    name: "a custom model: no batch discount, priced as standard",
    model: "acme-large",
    serviceTier: "batch",
    pricer: createPricer({ overrides: [{ model: "acme-large", prices: { input: "0.75", cachedInput: "0.075", output: "3" } }] }),
    usages: [{ inputTokens: 1111, cacheReadTokens: 111, outputTokens: 11 }],
    expect: { source: "custom", serviceTier: "standard", periodFrom: null },
  },
  {
    name: "a synced model the catalogue does not know, with its own long-context rule",
    model: "nova-ultra-7",
    pricer: createPricer({
      synced: [
        {
          model: "nova-ultra-7",
          provider: "openai",
          kind: "chat",
          period: {
            from: "2026-01-01",
            prices: { input: "3", cachedInput: "0.3", cacheWrite12h: "6", output: "15" },
            longContext: { aboveInputTokens: 272_000, prices: { input: "6", output: "22.5" } },
          },
          source: "fixture",
          sourceModel: "openai/nova-ultra-7",
        },
      ],
    }),
    usages: [
      { inputTokens: 272_001, cacheWriteTokens: 5, cacheWrite12hTokens: 5, outputTokens: 1 },
      { inputTokens: 400_000, cacheReadTokens: 100, outputTokens: 3 },
    ],
    expect: { source: "synced", tier: "long_context" },
  },
];

describe("token totals priced in one go cost what their requests add up to", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const pricer = c.pricer ?? catalogue;
      const request = { model: c.model, at: c.at ?? DEC_2026, serviceTier: c.serviceTier, regionalProcessing: c.regionalProcessing };
      const sums = Object.fromEntries(COMPONENTS.map((key) => [key, 0n])) as Record<keyof CostComponents, bigint>;
      let total = 0n;
      let totals: UsageTotals = emptyTotals();
      for (const usage of c.usages) {
        const one = pricer.price({ ...request, usage }) as PricedResult;
        assert.equal(one.status, "priced");
        for (const key of COMPONENTS) sums[key] += pico(one.components[key]);
        total += pico(one.totalUsd);
        totals = addUsage(totals, usage);
      }
      const all = pricer.priceTotals({ ...request, totals });
      assert.equal(all.status, "priced");
      const priced = all as AggregateCostResult;
      assert.equal(priced.totalUsd, usd(total));
      assert.equal(priced.totalPico, total);
      assert.deepEqual(priced.components, Object.fromEntries(COMPONENTS.map((key) => [key, usd(sums[key])])));
      for (const [key, value] of Object.entries(c.expect ?? {})) assert.equal(priced[key as keyof AggregateCostResult], value, key);
    });
  }
});

describe("what the totals' price says about itself", () => {
  it("names the rates applied per 1M tokens, the threshold and the rules", () => {
    // claude-haiku-5-5 above 100K: input 0.5, read 0.05, 5m write 0.625, 1h write 1, output 2.5; batch 50%, uplift 10%.
    const totals = addUsage(emptyTotals(), { inputTokens: 150_000, outputTokens: 10 });
    const priced = catalogue.priceTotals({
      model: "claude-haiku-5-5",
      at: DEC_2026,
      totals,
      serviceTier: "batch",
      regionalProcessing: true,
    });
    assert.equal(priced.status, "priced");
    const result = priced as AggregateCostResult;
    assert.deepEqual(result.prices, {
      input: "0.5",
      cachedInput: "0.05",
      cacheWrite: "0.625",
      cacheWrite1h: "1",
      cacheWrite12h: "0.625",
      output: "2.5",
    });
    assert.equal(result.longContextAboveInputTokens, 100_000);
    assert.equal(result.periodFrom, "2026-10-07");
    // 150,000 × 0.5 / 1M = $0.075 + 10 × 2.5 / 1M = $0.000025 → $0.075025; × 0.5 × 1.1 = $0.04126375
    assert.equal(result.totalUsd, "0.041263750000");
    assert.deepEqual(result.warnings, []);
  });

  it("refuses requests on both sides of a long-context threshold", () => {
    const totals = addUsage(addUsage(emptyTotals(), { inputTokens: 272_000, outputTokens: 1 }), { inputTokens: 272_001, outputTokens: 1 });
    assert.throws(
      () => catalogue.priceTotals({ model: "gpt-5.4", at: DEC_2026, totals }),
      (error: unknown) =>
        error instanceof PricingError && error.field === "totals" && /272000 to 272001/.test(error.message) && /272000/.test(error.message),
    );
  });

  it("prices no requests at $0 and an unknown model as unknown", () => {
    const zero = catalogue.priceTotals({ model: "gpt-5.4", at: DEC_2026, totals: emptyTotals() }) as AggregateCostResult;
    assert.equal(zero.totalUsd, "0.000000000000");
    assert.deepEqual(catalogue.priceTotals({ model: "gpt-99", at: DEC_2026, totals: emptyTotals() }), {
      status: "unknown_model",
      model: "gpt-99",
    });
  });

  it("warns when a scaled rate leaves a fraction of a pico-dollar, and then stays within half a pico-dollar per request", () => {
    // $0.000003 per 1M is 3 pico-dollars per token: half of it is 1.5, rounded up per request to 2.
    const pricer = createPricer({ overrides: [{ model: "gpt-5.4", prices: { input: "0.000003", output: "1" } }] });
    const usages = [1, 1, 1].map(() => ({ inputTokens: 1, outputTokens: 0 }));
    const totals = usages.reduce(addUsage, emptyTotals());
    const one = pricer.price({ model: "gpt-5.4", at: DEC_2026, usage: usages[0]!, serviceTier: "batch" }) as PricedResult;
    assert.equal(one.components.inputUsd, "0.000000000002");
    const all = pricer.priceTotals({ model: "gpt-5.4", at: DEC_2026, totals, serviceTier: "batch" }) as AggregateCostResult;
    // 3 × 3 = 9 pico-dollars, half is 4.5 → 5 (the requests alone: 3 × 2 = 6).
    assert.equal(all.components.inputUsd, "0.000000000005");
    assert.match(all.warnings.join(), /rounded once/);
  });

  it("lists every long-context threshold of a model's periods, and none for a model without", () => {
    assert.deepEqual(catalogue.longContextThresholds("gpt-5.6"), [272_000]);
    assert.deepEqual(catalogue.longContextThresholds("claude-haiku-5-5"), [100_000]);
    assert.deepEqual(catalogue.longContextThresholds("claude-sonnet-5-5"), []);
    assert.deepEqual(catalogue.longContextThresholds("gpt-99"), []);
  });
});
