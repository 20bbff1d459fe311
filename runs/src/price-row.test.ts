import assert from "node:assert/strict";
import { test } from "node:test";
import { createPricer } from "@promptmetrics/pricing";
import {
  givenCostColumns,
  isRegionalProcessing,
  matchSpanModel,
  priceSpanRow,
  startTimeOf,
  toServiceTier,
  usdDecimal,
} from "./price-row.ts";
import { emptySpanRow } from "./span-row.ts";

const pricer = createPricer();

function llmRow(columns: Partial<Parameters<typeof emptySpanRow>[0]> = {}) {
  return emptySpanRow({
    project_id: "p1",
    trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    span_id: "00f067aa0ba902b7",
    start_time: "2026-11-20 10:00:00.123456789",
    end_time: "2026-11-20 10:00:01.000000000",
    ingested_at: "2026-11-20 10:00:02.000",
    version: 1,
    is_llm: true,
    provider: "openai",
    request_model: "gpt-4o",
    response_model: "gpt-4o-2024-08-06",
    model: "gpt-4o-2024-08-06",
    input_tokens: 1000,
    cache_read_tokens: 200,
    output_tokens: 500,
    ...columns,
  });
}

test("a row is priced by its response model, component by component (prices as of 2026-11-25)", () => {
  const row = llmRow();
  // 800 × $2.50/M = $0.002; 200 × $1.25/M = $0.00025; 500 × $10/M = $0.005 → $0.00725
  const cost = priceSpanRow(row, pricer);
  assert.equal(cost.status, "priced");
  assert.deepEqual(
    [
      row.cost_usd,
      row.cost_input_usd,
      row.cost_cache_read_usd,
      row.cost_cache_write_usd,
      row.cost_output_usd,
      row.cost_reasoning_usd,
      row.priced_model,
      row.price_source,
    ],
    ["0.007250000000", "0.002000000000", "0.000250000000", "0.000000000000", "0.005000000000", "0.000000000000", "gpt-4o", "catalogue"],
  );
});

test("an unknown response model falls back to the requested one; an unknown model stays unpriced, never $0", () => {
  const fallback = llmRow({ response_model: "gpt-4o-secret-snapshot" });
  priceSpanRow(fallback, pricer);
  assert.deepEqual([fallback.priced_model, fallback.cost_usd], ["gpt-4o", "0.007250000000"]);
  const unknown = llmRow({ request_model: "in-house-llm", response_model: "in-house-llm" });
  assert.notEqual(priceSpanRow(unknown, pricer).status, "priced");
  assert.deepEqual(
    [unknown.cost_usd, unknown.price_source, unknown.priced_model, unknown.cost_input_usd],
    [null, "unknown", "", "0.000000000000"],
  );
});

test("the service tier: batch, flex, priority, fast and ultrafast priced as such, anything else as standard", () => {
  assert.deepEqual(["", "standard", "auto", "batch", "flex", "priority", "fast", "ultrafast", "scale"].map(toServiceTier), [
    "standard",
    "standard",
    "standard",
    "batch",
    "flex",
    "priority",
    "fast",
    "ultrafast",
    "standard",
  ]);
  const standard = llmRow();
  const batch = llmRow({ service_tier: "batch" });
  const auto = llmRow({ service_tier: "auto" });
  priceSpanRow(standard, pricer);
  priceSpanRow(batch, pricer);
  priceSpanRow(auto, pricer);
  assert.equal(auto.cost_usd, standard.cost_usd);
  assert.ok(Number(batch.cost_usd) < Number(standard.cost_usd), `${batch.cost_usd} < ${standard.cost_usd}`);
});

test("a row is priced at its start, to the millisecond", () => {
  assert.equal(startTimeOf(llmRow()).toISOString(), "2026-11-20T10:00:00.123Z");
});

test("a cost the caller gave is kept as a 12-digit decimal", () => {
  assert.deepEqual(givenCostColumns(0.05), { cost_usd: "0.050000000000", reported_cost_usd: "0.050000000000", price_source: "caller" });
  assert.deepEqual(
    [usdDecimal("0.25"), usdDecimal("12"), usdDecimal("0.1234567890123")],
    ["0.250000000000", "12.000000000000", "0.123456789012"],
  );
});

test("matchSpanModel names the model a row is priced by, with priceSpanRow's rule, without pricing it", () => {
  assert.equal(matchSpanModel(llmRow(), pricer)?.modelId, "gpt-4o");
  // An unpriced response model falls back to the requested one, as the price does.
  assert.equal(matchSpanModel(llmRow({ response_model: "acme-router-7" }), pricer)?.modelId, "gpt-4o");
  assert.equal(matchSpanModel(llmRow({ request_model: "acme-large", response_model: "" }), pricer), undefined);
  const row = llmRow({ response_model: "acme-router-7" });
  priceSpanRow(row, pricer);
  assert.equal(row.priced_model, "gpt-4o");
});

test("a fast-mode row is priced at the model's fast rates", () => {
  const fast = llmRow({
    provider: "anthropic",
    request_model: "claude-opus-5",
    response_model: "claude-opus-5",
    model: "claude-opus-5",
    cache_read_tokens: 0,
    service_tier: "fast",
  });
  // 1,000 × $10/M = $0.01; 500 × $50/M = $0.025 → $0.035 (standard would be half: $0.0175)
  assert.equal(priceSpanRow(fast, pricer).status, "priced");
  assert.deepEqual([fast.cost_usd, fast.cost_input_usd, fast.cost_output_usd], ["0.035000000000", "0.010000000000", "0.025000000000"]);
});

test("a call processed in a restricted geography is regional; global and unknown are not", () => {
  assert.deepEqual(["us", "US ", "eu", "global", " Global", ""].map(isRegionalProcessing), [true, true, true, false, false, false]);
});

test("a row's inference geo adds the model's regional uplift, on top of fast mode", () => {
  const opus = { provider: "anthropic", request_model: "claude-opus-5", response_model: "claude-opus-5", model: "claude-opus-5" };
  // standard: 1,000 × $5/M = $0.005 + 500 × $25/M = $0.0125 → $0.0175; × 1.1 → $0.01925
  const us = llmRow({ ...opus, cache_read_tokens: 0, inference_geo: "us" });
  assert.equal(priceSpanRow(us, pricer).status, "priced");
  assert.deepEqual([us.cost_usd, us.cost_input_usd, us.cost_output_usd], ["0.019250000000", "0.005500000000", "0.013750000000"]);
  // fast and US-only: $0.035 × 1.1 → $0.0385
  const fastUs = llmRow({ ...opus, cache_read_tokens: 0, service_tier: "fast", inference_geo: "us" });
  priceSpanRow(fastUs, pricer);
  assert.equal(fastUs.cost_usd, "0.038500000000");
  // "global" is Anthropic's unrestricted default: no uplift.
  const global = llmRow({ ...opus, cache_read_tokens: 0, inference_geo: "global" });
  priceSpanRow(global, pricer);
  assert.equal(global.cost_usd, "0.017500000000");
});

test("12-hour cache writes are priced at the model's 12-hour write rate", () => {
  const row = llmRow({
    request_model: "gpt-6.2-sol",
    response_model: "gpt-6.2-sol",
    model: "gpt-6.2-sol",
    input_tokens: 10_000,
    cache_read_tokens: 0,
    cache_write_tokens: 4000,
    cache_write_12h_tokens: 1000,
    output_tokens: 1000,
  });
  // uncached 6,000 × $2/M = $0.012; writes 3,000 × $2.50/M = $0.0075 + 1,000 × $5/M = $0.005 → $0.0125;
  // output 1,000 × $10/M = $0.01; total $0.0345 (all writes at 30 minutes would be $0.0320)
  assert.equal(priceSpanRow(row, pricer).status, "priced");
  assert.deepEqual([row.cost_usd, row.cost_cache_write_usd], ["0.034500000000", "0.012500000000"]);
});
