// Synced prices in the pricer: install-wide periods over the catalogue and under a project's overrides,
// and their stored form. Amounts are worked out by hand from the per-1M prices written here.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PricedResult } from "./cost.ts";
import { PricingError } from "./errors.ts";
import { createPricer, type Pricer } from "./pricer.ts";
import type { SyncedPrice } from "./synced-prices.ts";
import { fromStoredSyncedPrice, syncedPricesFromStore, toStoredSyncedPrice } from "./synced-prices.ts";

// Below every long-context threshold (gpt-5.6-sol has one at 272K).
const usage = { inputTokens: 200_000, outputTokens: 20_000 };

function synced(model: string, from: string, input: string, output: string, rest: Partial<SyncedPrice> = {}): SyncedPrice {
  return {
    model,
    provider: "openai",
    kind: "chat",
    period: { from, prices: { input, output } },
    source: "fixture.json",
    sourceModel: model,
    ...rest,
  };
}

function total(pricer: Pricer, model: string, at: string, extra: { serviceTier?: "batch" } = {}): [string, string] {
  const r = pricer.price({ model, at: new Date(`${at}T12:00:00Z`), usage, ...extra });
  assert.equal(r.status, "priced", `${model} at ${at}`);
  return [(r as PricedResult).source, (r as PricedResult).totalUsd];
}

describe("a synced model the catalogue does not know", () => {
  const pricer = createPricer({ synced: [synced("gpt-fixture-1", "2026-12-04", "1.5", "6")] });

  it("is priced from its synced price, by its name and its dated snapshots", () => {
    // 200k × $1.50/M + 20k × $6/M = $0.30 + $0.12 = $0.42
    assert.deepEqual(total(pricer, "gpt-fixture-1", "2026-12-05"), ["synced", "0.420000000000"]);
    assert.deepEqual(total(pricer, "openai/gpt-fixture-1-2026-11-20", "2026-12-05"), ["synced", "0.420000000000"]);
    assert.deepEqual(pricer.match("gpt-fixture-1"), { modelId: "gpt-fixture-1", source: "synced", kind: "chat", provider: "openai" });
  });

  it("gets the provider's batch discount", () => {
    // half of $0.42
    assert.deepEqual(total(pricer, "gpt-fixture-1", "2026-12-05", { serviceTier: "batch" }), ["synced", "0.210000000000"]);
  });

  it("stays unknown without a synced price", () => {
    assert.equal(createPricer().price({ model: "gpt-fixture-1", at: new Date(), usage }).status, "unknown_model");
  });
});

describe("a synced period of a catalogue model", () => {
  it("applies from its date; calls before it keep the catalogue price", () => {
    const pricer = createPricer({ synced: [synced("gpt-4o", "2026-12-04", "2", "8")] });
    // catalogue gpt-4o 2.50 / 10: $0.50 + $0.20 = $0.70; synced 2 / 8: $0.40 + $0.16 = $0.56
    assert.deepEqual(total(pricer, "gpt-4o-2024-08-06", "2026-12-03"), ["catalogue", "0.700000000000"]);
    assert.deepEqual(total(pricer, "gpt-4o-2024-08-06", "2026-12-04"), ["synced", "0.560000000000"]);
  });

  it("gives way to a catalogue period that starts later", () => {
    // gpt-5.6-sol: catalogue 5 / 30 from 2026-07-09, 4 / 20 from 2026-08-21; synced 4.5 / 25 from 2026-08-01.
    const pricer = createPricer({ synced: [synced("gpt-5.6-sol", "2026-08-01", "4.5", "25")] });
    assert.deepEqual(total(pricer, "gpt-5.6-sol", "2026-07-20"), ["catalogue", "1.600000000000"]); // $1 + $0.60
    assert.deepEqual(total(pricer, "gpt-5.6-sol", "2026-08-10"), ["synced", "1.400000000000"]); // $0.90 + $0.50
    assert.deepEqual(total(pricer, "gpt-5.6-sol", "2026-09-01"), ["catalogue", "1.200000000000"]); // $0.80 + $0.40
  });

  it("wins a tie with a catalogue period of the same day", () => {
    const pricer = createPricer({ synced: [synced("gpt-5.6-sol", "2026-08-21", "3", "10")] });
    assert.deepEqual(total(pricer, "gpt-5.6-sol", "2026-09-01"), ["synced", "0.800000000000"]); // $0.60 + $0.20
  });
});

describe("a project's override", () => {
  const pricer = createPricer({
    synced: [synced("gpt-4o", "2026-11-01", "2", "8"), synced("gpt-fixture-1", "2026-11-01", "1.5", "6")],
    overrides: [
      { model: "gpt-4o", from: "2026-12-01", prices: { input: "1", output: "4" } },
      { model: "gpt-fixture-1", prices: { input: "1", output: "2" } },
    ],
  });

  it("wins over a synced price of a catalogue model from its start", () => {
    assert.deepEqual(total(pricer, "gpt-4o", "2026-11-15"), ["synced", "0.560000000000"]);
    assert.deepEqual(total(pricer, "gpt-4o", "2026-12-02"), ["override", "0.280000000000"]); // $0.20 + $0.08
  });

  it("of a synced model is an override of it, not a custom model", () => {
    assert.deepEqual(total(pricer, "gpt-fixture-1", "2026-11-15"), ["override", "0.240000000000"]); // $0.20 + $0.04
    assert.equal(pricer.match("gpt-fixture-1")?.source, "synced");
  });
});

describe("checking synced prices", () => {
  it("refuses a bad price, naming the model and field", () => {
    assert.throws(
      () => createPricer({ synced: [synced("gpt-fixture-1", "2026-12-04", "-1", "6")] }),
      (e: unknown) =>
        e instanceof PricingError && e.code === "invalid_synced_price" && e.model === "gpt-fixture-1" && e.field === "period.prices.input",
    );
  });

  it("refuses two prices of one model from the same day", () => {
    assert.throws(
      () => createPricer({ synced: [synced("gpt-fixture-1", "2026-12-04", "1", "6"), synced("GPT-fixture-1", "2026-12-04", "2", "6")] }),
      (e: unknown) => e instanceof PricingError && e.field === "period.from",
    );
  });
});

describe("the stored form", () => {
  const rich: SyncedPrice = {
    model: "gpt-fixture-1",
    provider: "openai",
    kind: "reasoning",
    period: {
      from: "2026-12-04",
      prices: { input: "1.5", cachedInput: "0.15", cacheWrite30m: "1.875", output: "6" },
      longContext: { aboveInputTokens: 272_000, prices: { input: "3", cachedInput: "0.3", output: "9" } },
      serviceTiers: { flex: { input: "0.75", cachedInput: "0.075", output: "3" } },
      regionalUpliftPercent: 10,
    },
    source: "https://example.test/prices.json",
    sourceModel: "gpt-fixture-1-2026-11-20",
  };

  it("keeps base prices in columns and the rules as catalogue JSON, and reads back the same price", () => {
    const stored = toStoredSyncedPrice(rich);
    assert.deepEqual(
      [
        stored.effectiveFrom,
        stored.inputPerMtok,
        stored.cachedInputPerMtok,
        stored.cacheWrite5mPerMtok,
        stored.cacheWrite30mPerMtok,
        stored.outputPerMtok,
      ],
      ["2026-12-04", "1.5", "0.15", null, "1.875", "6"],
    );
    assert.deepEqual(Object.keys(JSON.parse(stored.rules) as object).sort(), ["longContext", "regionalUpliftPercent", "serviceTiers"]);
    // The store gives dates back as written and decimals without trailing zeros.
    assert.deepEqual(fromStoredSyncedPrice(stored), rich);
  });

  it("leaves out a stored record that is not valid, and says which", () => {
    const bad = { ...toStoredSyncedPrice(rich), model: "broken", rules: "{not json" };
    const invalid: string[] = [];
    const prices = syncedPricesFromStore([toStoredSyncedPrice(rich), bad], (_error, model) => invalid.push(model));
    assert.deepEqual([prices.map((p) => p.model), invalid], [["gpt-fixture-1"], ["broken"]]);
  });
});
