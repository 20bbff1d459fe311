// The LiteLLM mapper, entry by entry, on a fixture in LiteLLM's format (pricing/fixtures/
// litellm-model-prices.json). Expected periods are the list's USD per token × 1,000,000, worked out by hand.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, it } from "node:test";
import { PricingError } from "./errors.ts";
import type { MappedPeriod, SkipCode } from "./litellm.ts";
import { mapLiteLlmPrices } from "./litellm.ts";

const fixture: unknown = JSON.parse(fs.readFileSync(new URL("../fixtures/litellm-model-prices.json", import.meta.url), "utf8"));
const list = mapLiteLlmPrices(fixture);

const mapped: [string, MappedPeriod, string[]][] = [
  [
    // 2e-06 → $2 per 1M; priority 3.4e-06 → $3.40; batch 1e-06 / 4e-06 is OpenAI's 50% off, so nothing to note.
    "gpt-4o",
    {
      prices: { input: "2", cachedInput: "1", output: "8" },
      serviceTiers: { priority: { input: "3.4", cachedInput: "1.7", output: "13.6" } },
    },
    [],
  ],
  [
    // Anthropic's cache_creation is the 5-minute write, _above_1hr the 1-hour one; one 200k tier, whole request.
    "claude-sonnet-4-5",
    {
      prices: { input: "3", cachedInput: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" },
      longContext: {
        aboveInputTokens: 200_000,
        prices: { input: "6", cachedInput: "0.6", cacheWrite5m: "7.5", cacheWrite1h: "12", output: "22.5" },
      },
    },
    [],
  ],
  [
    // OpenAI's cache_creation is the 30-minute write; the 272k tier; flex; uplift multiplier 1.1 → 10%.
    // The priority tier lists only an input price, so it is left out rather than half-priced.
    "gpt-fixture-1",
    {
      prices: { input: "1.5", cachedInput: "0.15", cacheWrite30m: "1.875", output: "6" },
      longContext: { aboveInputTokens: 272_000, prices: { input: "3", cachedInput: "0.3", output: "9" } },
      serviceTiers: { flex: { input: "0.75", cachedInput: "0.075", output: "3" } },
      regionalUpliftPercent: 10,
    },
    ["priority: no input and output price, so priority calls are priced as standard"],
  ],
  [
    // provider_specific_entry: fast 2.0 → every price doubled in the fast tier; us 1.1 → 10% uplift.
    "claude-fixture-5",
    {
      prices: { input: "2", cachedInput: "0.2", cacheWrite5m: "2.5", cacheWrite1h: "4", output: "10" },
      serviceTiers: { fast: { input: "4", cachedInput: "0.4", cacheWrite5m: "5", cacheWrite1h: "8", output: "20" } },
      regionalUpliftPercent: 10,
    },
    [],
  ],
  ["o3-deep-research", { prices: { input: "10", cachedInput: "2.5", output: "40" } }, []],
];

const skipped: [string, SkipCode, RegExp][] = [
  ["gpt-fixture-long", "unrepresentable", /long-context tier above 272k tokens has no input and output price/],
  ["gpt-fixture-two-thresholds", "unrepresentable", /above 128k and 200k tokens; the catalogue models one threshold/],
  ["dall-e-3", "mode", /mode "image_generation" is not billed per token/],
  ["azure/gpt-4o", "provider", /litellm_provider "azure" is not one the catalogue prices/],
];

describe("mapLiteLlmPrices on the fixture", () => {
  for (const [model, period, notes] of mapped) {
    it(`maps ${model}`, () => {
      const found = list.prices.find((p) => p.sourceModel === model);
      assert.ok(found, `${model} is mapped`);
      assert.deepEqual(found.period, period);
      assert.deepEqual(found.notes, notes);
    });
  }

  for (const [model, code, reason] of skipped) {
    it(`skips ${model} (${code})`, () => {
      const found = list.skipped.find((s) => s.sourceModel === model);
      assert.ok(found, `${model} is skipped`);
      assert.equal(found.code, code);
      assert.match(found.reason, reason);
    });
  }

  it("accounts for every entry but LiteLLM's sample_spec", () => {
    const keys = Object.keys(fixture as object).filter((k) => k !== "sample_spec");
    // The dated snapshot is mapped too; folding it into gpt-fixture-1 is the sync's decision.
    assert.deepEqual([...list.prices.map((p) => p.sourceModel), ...list.skipped.map((s) => s.sourceModel)].sort(), keys.sort());
  });

  it("takes kind from mode and supports_reasoning, provider from litellm_provider", () => {
    const of = (model: string) => list.prices.find((p) => p.sourceModel === model);
    assert.deepEqual([of("gpt-4o")?.provider, of("gpt-4o")?.kind], ["openai", "chat"]);
    assert.deepEqual([of("claude-fixture-5")?.provider, of("claude-fixture-5")?.kind], ["anthropic", "reasoning"]);
  });
});

describe("mapLiteLlmPrices, single entries", () => {
  const one = (entry: Record<string, unknown>) =>
    mapLiteLlmPrices({
      "gpt-x": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6, output_cost_per_token: 4e-6, ...entry },
    });

  const cases: [string, Record<string, unknown>, SkipCode | undefined, RegExp | string[]][] = [
    ["a price finer than 6 decimals per 1M", { input_cost_per_token: 1.25e-13 }, "unrepresentable", /not a price with at most 6 decimals/],
    ["zero prices (LiteLLM's placeholder)", { input_cost_per_token: 0, output_cost_per_token: 0 }, "not_priced", /priced at 0/],
    ["no output price", { output_cost_per_token: undefined }, "not_priced", /no per-token input and output price/],
    ["reasoning priced apart from output", { output_cost_per_reasoning_token: 8e-6 }, "unrepresentable", /reasoning tokens priced apart/],
    ["cached input above input", { cache_read_input_token_cost: 2e-6 }, "unrepresentable", /cachedInput must not exceed input/],
    [
      "batch prices that are not the 50% discount",
      { input_cost_per_token_batches: 6e-7 },
      undefined,
      ["batch input 0.6 differs from the provider's 50% batch discount (1 standard); batch calls are priced with the discount"],
    ],
    [
      "a 1-hour write on an OpenAI model",
      { cache_creation_input_token_cost_above_1hr: 2e-6 },
      undefined,
      ["cache_creation_input_token_cost_above_1hr is not mapped (no such cache-write lifetime on openai models)"],
    ],
    ["an unknown token price", { input_cost_per_token_cache_hit: 1e-7 }, undefined, ["input_cost_per_token_cache_hit is not mapped"]],
    [
      "regional multipliers that disagree",
      { regional_processing_uplift_multiplier_us: 1.1, regional_processing_uplift_multiplier_eu: 1.2 },
      undefined,
      ["regional uplift (1.1, 1.2) is not one percentage from 1 to 100; not mapped"],
    ],
    [
      "media prices, which are not the catalogue's concern",
      { input_cost_per_audio_token: 3e-5, output_cost_per_image: 0.04 },
      undefined,
      [],
    ],
  ];
  for (const [name, entry, code, expected] of cases) {
    it(name, () => {
      const result = one(entry);
      if (code === undefined) {
        assert.equal(result.skipped.length, 0, JSON.stringify(result.skipped));
        assert.deepEqual(result.prices[0]?.notes, expected);
      } else {
        assert.equal(result.prices.length, 0);
        assert.equal(result.skipped[0]?.code, code);
        assert.match(result.skipped[0]?.reason ?? "", expected as RegExp);
      }
    });
  }

  it("refuses a list that is not an object of entries", () => {
    assert.throws(
      () => mapLiteLlmPrices([]),
      (e: unknown) => e instanceof PricingError && e.code === "invalid_price_list",
    );
  });
});
