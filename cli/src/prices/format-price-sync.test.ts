import assert from "node:assert/strict";
import { test } from "node:test";
import { mapLiteLlmPrices, planPriceSync } from "@promptmetrics/pricing";
import { formatPriceSync, repriceCommands, shellLine } from "./format-price-sync.ts";

const list = mapLiteLlmPrices({
  "gpt-4o": {
    litellm_provider: "openai",
    mode: "chat",
    input_cost_per_token: 2e-6,
    cache_read_input_token_cost: 1.25e-6,
    output_cost_per_token: 1e-5,
  },
  "gpt-fixture-1": {
    litellm_provider: "openai",
    mode: "chat",
    input_cost_per_token: 1.5e-6,
    output_cost_per_token: 6e-6,
    input_cost_per_token_above_272k_tokens: 3e-6,
    output_cost_per_token_above_272k_tokens: 9e-6,
    input_cost_per_token_flex: 7.5e-7,
    output_cost_per_token_flex: 3e-6,
  },
  "claude-sonnet-4-5": { litellm_provider: "anthropic", mode: "chat", input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5 },
  "dall-e-3": { litellm_provider: "openai", mode: "image_generation", output_cost_per_image: 0.04 },
  "bedrock/anthropic.claude-x": { litellm_provider: "bedrock", mode: "chat", input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
  "gpt-fixture-long": {
    litellm_provider: "openai",
    mode: "chat",
    input_cost_per_token: 1e-6,
    output_cost_per_token: 4e-6,
    input_cost_per_token_above_272k_tokens: 2e-6,
  },
});
const plan = planPriceSync({ list, synced: [], effectiveFrom: "2026-11-15", source: "prices.json", today: "2026-12-04" });
const affected = new Map([
  ["gpt-4o", { runs: 3, names: ["gpt-4o-2024-08-06"] }],
  ["gpt-fixture-1", { runs: 0, names: [] }],
]);

test("the diff: new models with their prices by tier, changes old → new from the date with the runs they re-price, skips with reasons", () => {
  assert.equal(
    formatPriceSync({ plan, entries: 6, affected }),
    `Read 6 entries from prices.json (LiteLLM's format): 3 model(s) mapped, 3 skipped.
New and changed prices apply from 2026-11-15; runs before that day keep their prices.

New models (1):
  gpt-fixture-1 (openai, chat)
    standard: input 1.5, output 6
    long context: above input tokens 272000, input 3, output 9
    flex: input 0.75, output 3
    no stored runs from 2026-11-15 to price

Changed prices (1), USD per 1M tokens, old → new from 2026-11-15:
  gpt-4o (openai; catalogue price from 2024-05-13)
    standard: input 2.50 → 2
    3 stored runs from 2026-11-15 to re-price (gpt-4o-2024-08-06)

Unchanged: 1 model (claude-sonnet-4-5).

Skipped (3):
  1 entry of providers the catalogue does not price (bedrock 1)
  1 entry not billed per token (dall-e-3)
  gpt-fixture-long: the long-context tier above 272k tokens has no input and output price
`,
  );
});

test("one reprice command per stored name of the runs a change affects", () => {
  const commands = repriceCommands(plan, affected, "2026-12-05");
  assert.deepEqual(commands.map(shellLine), ["promptmetrics reprice --from 2026-11-15 --to 2026-12-05 --model gpt-4o-2024-08-06"]);
  assert.equal(shellLine(["reprice", "--model", "my model's"]), `promptmetrics reprice --model 'my model'\\''s'`);
});
