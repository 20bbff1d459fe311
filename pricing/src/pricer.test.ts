// Overrides, custom models and Azure deployments on top of the catalogue. Amounts are worked out
// by hand from the per-1M prices (catalogue prices as of 2026-11-25, override prices as written).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PricedResult } from "./cost.ts";
import { PricingError } from "./errors.ts";
import type { PriceOverride } from "./overrides.ts";
import type { Pricer, PriceRequest } from "./pricer.ts";
import { createPricer } from "./pricer.ts";

const NOV_2026 = new Date("2026-11-20T12:00:00Z");
const DEC_2026 = new Date("2026-12-02T12:00:00Z");

function priced(pricer: Pricer, request: Partial<PriceRequest> & { model: string }): PricedResult {
  const result = pricer.price({ at: NOV_2026, usage: { inputTokens: 1000, outputTokens: 1000 }, ...request });
  assert.equal(result.status, "priced", `${request.model} should be priced`);
  return result as PricedResult;
}

describe("unknown models", () => {
  it("are reported as unknown with the name as given, never priced at $0", () => {
    const pricer = createPricer();
    assert.deepEqual(pricer.price({ model: "gpt-99", at: NOV_2026, usage: { inputTokens: 1000, outputTokens: 10 } }), {
      status: "unknown_model",
      model: "gpt-99",
    });
    assert.deepEqual(pricer.price({ model: "ft:o4-mini-2025-04-16:acme::x", at: NOV_2026, usage: { inputTokens: 1, outputTokens: 1 } }), {
      status: "unknown_model",
      model: "ft:o4-mini-2025-04-16:acme::x",
    });
  });
});

describe("overrides of catalogue models", () => {
  const pricer = createPricer({
    overrides: [{ model: "gpt-4o", from: "2026-12-01", prices: { input: "2", cachedInput: "1", output: "8" } }],
  });

  it("do not change the price of a call made before the override starts", () => {
    // catalogue gpt-4o: 1,000 × 2.50 = $0.0025 + 1,000 × 10 = $0.01 → $0.0125
    const r = priced(pricer, { model: "gpt-4o" });
    assert.equal(r.source, "catalogue");
    assert.equal(r.totalUsd, "0.012500000000");
  });

  it("win from their start date, for every name of the model", () => {
    // override: 1,000 × 2 = $0.002 + 1,000 × 8 = $0.008 → $0.01
    for (const model of ["gpt-4o", "openai/gpt-4o-2024-08-06"]) {
      const r = priced(pricer, { model, at: DEC_2026 });
      assert.equal(r.source, "override");
      assert.equal(r.modelId, "gpt-4o");
      assert.equal(r.totalUsd, "0.010000000000");
    }
    // The 2024-05-13 snapshot is its own entry and keeps its price: 1,000 × 5 + 1,000 × 15 → $0.02
    assert.equal(priced(pricer, { model: "gpt-4o-2024-05-13", at: DEC_2026 }).totalUsd, "0.020000000000");
  });

  it("without a start date apply to every call, and keep the provider's batch discount", () => {
    const negotiated = createPricer({ overrides: [{ model: "claude-3-haiku-20240307", prices: { input: "0.20", output: "1" } }] });
    // 1,000 × 0.20 = $0.0002 + 1,000 × 1 = $0.001 → $0.0012; batch → $0.0006
    const r = priced(negotiated, { model: "claude-3-haiku", at: new Date("2024-04-01T00:00:00Z") });
    assert.equal(r.source, "override");
    assert.equal(r.totalUsd, "0.001200000000");
    assert.equal(priced(negotiated, { model: "claude-3-haiku", serviceTier: "batch" }).totalUsd, "0.000600000000");
  });

  it("pick the latest override that has started", () => {
    const stepped = createPricer({
      overrides: [
        { model: "gpt-4.1", from: "2026-12-01", prices: { input: "1", output: "4" } },
        { model: "gpt-4.1", from: "2026-06-01", prices: { input: "1.50", output: "6" } },
      ],
    });
    // from 2026-06-01: 1,000 × 1.50 + 1,000 × 6 → $0.0075; from 2026-12-01: 1,000 × 1 + 1,000 × 4 → $0.005
    assert.equal(priced(stepped, { model: "gpt-4.1" }).totalUsd, "0.007500000000");
    assert.equal(priced(stepped, { model: "gpt-4.1", at: DEC_2026 }).totalUsd, "0.005000000000");
    // Before both: catalogue 1,000 × 2 + 1,000 × 8 → $0.01
    assert.equal(priced(stepped, { model: "gpt-4.1", at: new Date("2026-01-01T00:00:00Z") }).totalUsd, "0.010000000000");
  });

  it("round half up only where the batch discount halves an odd number of pico-dollars", () => {
    const tiny = createPricer({ overrides: [{ model: "gpt-4o-mini", prices: { input: "0.000001", output: "0" } }] });
    // 3 tokens × $0.000001 per 1M = 3 pico-dollars; half is 1.5 → 2 pico-dollars.
    const r = priced(tiny, { model: "gpt-4o-mini", usage: { inputTokens: 3, outputTokens: 0 }, serviceTier: "batch" });
    assert.equal(r.totalUsd, "0.000000000002");
  });
});

describe("custom models", () => {
  const pricer = createPricer({
    overrides: [
      { model: "acme-llm-v2", prices: { input: 1, output: 2 } },
      { model: "acme-llm-v3", from: "2027-01-01", prices: { input: "4", output: "8" } },
    ],
  });

  it("price a model the catalogue does not know, matched by its exact name", () => {
    // 1,000 × 1 = $0.001 + 1,000 × 2 = $0.002 → $0.003
    const r = priced(pricer, { model: "ACME-LLM-V2" });
    assert.equal(r.source, "custom");
    assert.equal(r.modelId, "acme-llm-v2");
    assert.equal(r.totalUsd, "0.003000000000");
    assert.equal(priced(pricer, { model: "acme/acme-llm-v2" }).totalUsd, "0.003000000000");
  });

  it("have no batch discount unless one is known, and say so", () => {
    const r = priced(pricer, { model: "acme-llm-v2", serviceTier: "batch" });
    assert.equal(r.serviceTier, "standard");
    assert.equal(r.totalUsd, "0.003000000000");
    assert.deepEqual(r.warnings, ["no batch discount known for acme-llm-v2; priced as standard"]);
  });

  it("use their earliest price, with a warning, for calls before it starts", () => {
    // 1,000 × 4 + 1,000 × 8 → $0.012
    const r = priced(pricer, { model: "acme-llm-v3" });
    assert.equal(r.totalUsd, "0.012000000000");
    assert.match(r.warnings[0] ?? "", /before the first known price \(from 2027-01-01\)/);
  });

  it("are reported by match() as custom", () => {
    assert.deepEqual(pricer.match("acme-llm-v2"), { modelId: "acme-llm-v2", source: "custom", kind: "chat" });
  });
});

describe("calls before a model's first catalogue price", () => {
  it("use the earliest price and warn", () => {
    // gpt-5 from 2025-08-07; a skewed clock says 2025-08-01. 1,000 × 1.25 + 1,000 × 10 → $0.01125
    const r = priced(createPricer(), { model: "gpt-5", at: new Date("2025-08-01T00:00:00Z") });
    assert.equal(r.totalUsd, "0.011250000000");
    assert.match(r.warnings[0] ?? "", /^call at 2025-08-01T00:00:00.000Z is before the first known price \(from 2025-08-07\)/);
  });
});

describe("Azure deployments through the pricer", () => {
  const pricer = createPricer({
    azureDeployments: { "prod-chat": "gpt-4o-mini", "prod-custom": "acme-llm-v2" },
    overrides: [{ model: "acme-llm-v2", prices: { input: "1", output: "2" } }],
  });

  it("price a deployment as the model it runs", () => {
    // gpt-4o-mini: 1,000 × 0.15 + 1,000 × 0.60 → $0.00075
    const r = priced(pricer, { model: "prod-chat", provider: "azure" });
    assert.equal(r.modelId, "gpt-4o-mini");
    assert.equal(r.totalUsd, "0.000750000000");
    assert.deepEqual(pricer.match("prod-chat", "azure"), { modelId: "gpt-4o-mini", source: "catalogue", provider: "openai", kind: "chat" });
  });

  it("may point at a custom model", () => {
    assert.equal(priced(pricer, { model: "prod-custom" }).modelId, "acme-llm-v2");
  });
});

describe("match()", () => {
  it("describes what a name resolves to", () => {
    const pricer = createPricer();
    assert.deepEqual(pricer.match("us.anthropic.claude-3-5-haiku-20241022-v1:0"), {
      modelId: "claude-3-5-haiku",
      source: "catalogue",
      provider: "anthropic",
      kind: "chat",
    });
    assert.equal(pricer.match("o3-mini")?.kind, "reasoning");
    assert.equal(pricer.match("text-embedding-3-small")?.kind, "embedding");
    assert.equal(pricer.match("gpt-99"), undefined);
  });
});

describe("invalid input", () => {
  const rejects = (overrides: unknown, field: string) =>
    assert.throws(
      () => createPricer({ overrides: overrides as PriceOverride[] }),
      (err: unknown) => {
        assert.ok(err instanceof PricingError);
        assert.equal(err.code, "invalid_override");
        assert.equal(err.field, field);
        return true;
      },
    );

  it("names the offending override field", () => {
    rejects({}, "overrides");
    rejects(["gpt-4o"], "overrides[0]");
    rejects([{ prices: { input: "1", output: "1" } }], "overrides[0].model");
    rejects([{ model: " ", prices: { input: "1", output: "1" } }], "overrides[0].model");
    rejects([{ model: "x", from: "2026-13-01", prices: { input: "1", output: "1" } }], "overrides[0].from");
    rejects([{ model: "x", prices: "cheap" }], "overrides[0].prices");
    rejects([{ model: "x", prices: { input: "1" } }], "overrides[0].prices.output");
    rejects([{ model: "x", prices: { input: "abc", output: "1" } }], "overrides[0].prices.input");
    rejects([{ model: "x", prices: { input: -1, output: "1" } }], "overrides[0].prices.input");
    rejects([{ model: "x", prices: { input: 1e-7, output: "1" } }], "overrides[0].prices.input");
    rejects([{ model: "x", prices: { input: Number.NaN, output: "1" } }], "overrides[0].prices.input");
    rejects([{ model: "x", prices: { input: "1", output: "1", cachedInput: "2" } }], "overrides[0].prices.cachedInput");
    rejects([{ model: "x", prices: { input: "1", output: "1", reasoning: "1" } }], "overrides[0].prices.reasoning");
    rejects([{ model: "x", price: "1", prices: { input: "1", output: "1" } }], "overrides[0].price");
    rejects(
      [
        { model: "x", from: "2026-01-01", prices: { input: "1", output: "1" } },
        { model: "X", from: "2026-01-01", prices: { input: "2", output: "2" } },
      ],
      "overrides[1].from",
    );
  });

  it("carries the model name of a bad override", () => {
    try {
      createPricer({ overrides: [{ model: "gpt-4o", prices: { input: "x", output: "1" } }] });
      assert.fail("should throw");
    } catch (err) {
      assert.ok(err instanceof PricingError);
      assert.equal(err.model, "gpt-4o");
      assert.match(err.message, /^overrides\[0\]\.prices\.input must be a non-negative decimal string/);
    }
  });

  it("rejects a request without a valid date or model name", () => {
    const pricer = createPricer();
    const usage = { inputTokens: 1, outputTokens: 1 };
    assert.throws(
      () => pricer.price({ model: "gpt-4o", at: new Date("not a date"), usage }),
      (err: unknown) => err instanceof PricingError && err.field === "at",
    );
    assert.throws(
      () => pricer.price({ model: undefined as unknown as string, at: NOV_2026, usage }),
      (err: unknown) => err instanceof PricingError && err.field === "model",
    );
  });
});
