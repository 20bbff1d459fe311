import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createPricer } from "./pricer.ts";
import type { SyncedPrice } from "./synced-prices.ts";
import { overrideFromSyncedPrice, syncedPriceFor } from "./synced-lookup.ts";

const price = (model: string, from: string, input: string, rest: Partial<SyncedPrice["period"]> = {}): SyncedPrice => ({
  model,
  provider: "openai",
  kind: "chat",
  period: { from, prices: { input, output: "6" }, ...rest },
  source: "prices.json",
  sourceModel: model,
});
const synced = [
  price("gpt-fixture-1", "2026-11-01", "1.5"),
  price("gpt-fixture-1", "2026-12-01", "1.25"),
  price("gpt-4o", "2026-12-01", "2"),
];

describe("syncedPriceFor", () => {
  it("finds the synced price a run's model name resolves to, in force on the day", () => {
    assert.equal(syncedPriceFor("openai/gpt-fixture-1-2026-10-20", synced, new Date("2026-11-20T00:00:00Z"))?.period.prices.input, "1.5");
    assert.equal(syncedPriceFor("gpt-fixture-1", synced, new Date("2026-12-02T00:00:00Z"))?.period.prices.input, "1.25");
    // A run from before the first synced period: the earliest, as the pricer uses it.
    assert.equal(syncedPriceFor("gpt-fixture-1", synced, new Date("2026-10-01T00:00:00Z"))?.period.from, "2026-11-01");
  });

  it("knows nothing of catalogue models or names no list prices", () => {
    assert.equal(syncedPriceFor("gpt-4o", synced), undefined);
    assert.equal(syncedPriceFor("acme-large", synced), undefined);
  });
});

describe("overrideFromSyncedPrice", () => {
  it("keeps the base prices, names what an override cannot hold, and prices like the synced price below those", () => {
    const rich = price("gpt-fixture-1", "2026-11-01", "1.5", {
      prices: { input: "1.5", cachedInput: "0.15", cacheWrite30m: "1.875", output: "6" },
      longContext: { aboveInputTokens: 272_000, prices: { input: "3", output: "9" } },
      serviceTiers: { flex: { input: "0.75", output: "3" } },
      regionalUpliftPercent: 10,
    });
    const { override, dropped } = overrideFromSyncedPrice(rich, "gpt-fixture-1-2026-10-20", "2026-10-01");
    assert.deepEqual(override, {
      model: "gpt-fixture-1-2026-10-20",
      from: "2026-10-01",
      prices: { input: "1.5", cachedInput: "0.15", output: "6" },
    });
    assert.deepEqual(dropped, [
      "30-minute cache write (writes are priced as input) 1.875",
      "long-context prices above 272000 input tokens",
      "flex prices",
      "regional processing uplift 10%",
    ]);
    // 100k input (20k of them cache reads) and 10k output, as the override prices it:
    // 80k × $1.50/M + 20k × $0.15/M + 10k × $6/M = $0.12 + $0.003 + $0.06 = $0.183
    const r = createPricer({ overrides: [override] }).price({
      model: "gpt-fixture-1-2026-10-20",
      at: new Date("2026-11-02T00:00:00Z"),
      usage: { inputTokens: 100_000, cacheReadTokens: 20_000, outputTokens: 10_000 },
    });
    assert.equal(r.status === "priced" && r.totalUsd, "0.183000000000");
  });
});
