// Planning a price sync against the bundled catalogue: new models, changed prices from a date, unchanged
// ones, and what is refused (conflicting entries, a date before a known price). The fixture is
// pricing/fixtures/litellm-model-prices.json; catalogue prices as of 2026-12-04.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, it } from "node:test";
import type { MappedPrice } from "./litellm.ts";
import { mapLiteLlmPrices } from "./litellm.ts";
import { planPriceSync, type PriceSyncPlan } from "./price-sync.ts";
import type { SyncedPrice } from "./synced-prices.ts";

const fixture: unknown = JSON.parse(fs.readFileSync(new URL("../fixtures/litellm-model-prices.json", import.meta.url), "utf8"));
const list = mapLiteLlmPrices(fixture);
const plan = (synced: SyncedPrice[], effectiveFrom = "2026-12-04", l = list): PriceSyncPlan =>
  planPriceSync({ list: l, synced, effectiveFrom, source: "fixture.json", today: "2026-12-04" });
const stored = (p: PriceSyncPlan) => [...p.added, ...p.changed].map((c) => c.price);

describe("a first sync from the fixture", () => {
  const first = plan([]);

  it("adds the models the catalogue does not price, once each (a snapshot priced the same folds into its base)", () => {
    assert.deepEqual(
      first.added.map((c) => c.model),
      ["claude-fixture-5", "gpt-fixture-1", "o3-deep-research"],
    );
    const gpt = first.added.find((c) => c.model === "gpt-fixture-1")!;
    assert.deepEqual(gpt.price.period.prices, { input: "1.5", cachedInput: "0.15", cacheWrite30m: "1.875", output: "6" });
    assert.equal(gpt.price.period.from, "2026-12-04");
    assert.equal(gpt.before, undefined);
  });

  it("prices a model the catalogue deliberately leaves unknown only because the list prices it, and says so", () => {
    const o3 = first.added.find((c) => c.model === "o3-deep-research")!;
    assert.match(o3.notes.join("\n"), /the catalogue leaves o3-deep-research unknown \(checked 2026-12-04\)/);
  });

  it("changes gpt-4o from the effective date: the list's prices as a new period, the catalogue's left as they were", () => {
    assert.deepEqual(
      first.changed.map((c) => [c.model, c.before?.source, c.before?.period.from, c.price.period.from]),
      [["gpt-4o", "catalogue", "2024-05-13", "2026-12-04"]],
    );
    assert.deepEqual(first.changed[0]!.fields, [
      { field: "input", before: "2.50", after: "2" },
      { field: "cachedInput", before: "1.25", after: "1" },
      { field: "output", before: "10", after: "8" },
      { field: "priority.input", before: "4.25", after: "3.4" },
      { field: "priority.cachedInput", before: "2.125", after: "1.7" },
      { field: "priority.output", before: "17", after: "13.6" },
    ]);
  });

  it("leaves claude-sonnet-4-5 alone: the list states the catalogue's prices", () => {
    assert.deepEqual(first.unchanged, ["claude-sonnet-4-5"]);
  });

  it("carries the mapper's skipped entries with their reasons", () => {
    assert.deepEqual(
      first.skipped.map((s) => [s.sourceModel, s.code]),
      [
        ["gpt-fixture-long", "unrepresentable"],
        ["gpt-fixture-two-thresholds", "unrepresentable"],
        ["dall-e-3", "mode"],
        ["azure/gpt-4o", "provider"],
      ],
    );
  });

  it("is stable: the same list again, after storing, changes nothing", () => {
    const again = plan(stored(first));
    assert.deepEqual([again.added, again.changed], [[], []]);
    assert.deepEqual(again.unchanged, ["claude-fixture-5", "claude-sonnet-4-5", "gpt-4o", "gpt-fixture-1", "o3-deep-research"]);
  });
});

describe("later syncs", () => {
  const first = stored(plan([]));
  const withPrice = (model: string, change: Partial<MappedPrice["period"]["prices"]>) => ({
    prices: list.prices.map((p) =>
      p.sourceModel === model ? { ...p, period: { ...p.period, prices: { ...p.period.prices, ...change } } } : p,
    ),
    skipped: [],
  });

  it("change a synced model from their own date, after the synced period", () => {
    const next = plan(first, "2026-12-20", withPrice("gpt-fixture-1", { output: "5" }));
    assert.deepEqual(
      next.changed.map((c) => [c.model, c.before?.source, c.before?.period.from, c.price.period.from, c.fields]),
      [["gpt-fixture-1", "synced", "2026-12-04", "2026-12-20", [{ field: "output", before: "6", after: "5" }]]],
    );
    // Only the output price differs: the rest of the stored period is carried over unchanged.
    assert.deepEqual(next.changed[0]!.price.period.longContext, first.find((p) => p.model === "gpt-fixture-1")!.period.longContext);
  });

  it("refuse a date before a price already known: history is never rewritten", () => {
    const next = plan(first, "2026-12-01", withPrice("gpt-fixture-1", { output: "5" }));
    assert.deepEqual(next.changed, []);
    const refused = next.skipped.find((s) => s.sourceModel === "gpt-fixture-1");
    assert.equal(refused?.code, "history");
    assert.match(refused?.reason ?? "", /gpt-fixture-1 has a price from 2026-12-04; a sync adds periods after it, never before/);
  });

  it("keep what the list does not mention (its silence is not a price)", () => {
    // The list gives gpt-5.4 a new input price only: the cache, long-context and tier prices stay.
    const only: MappedPrice = {
      sourceModel: "gpt-5.4",
      provider: "openai",
      kind: "reasoning",
      period: { prices: { input: "2", output: "15" } },
      notes: [],
    };
    const next = plan([], "2026-12-04", { prices: [only], skipped: [] });
    assert.deepEqual(next.changed[0]?.fields, [{ field: "input", before: "2.5", after: "2" }]);
    assert.equal(next.changed[0]?.price.period.serviceTiers?.flex?.cachedInput, "0.13");
  });
});

describe("a sync of some models only", () => {
  it("plans only the models named (by any name), and says which names the list does not price", () => {
    const some = planPriceSync({
      list,
      synced: [],
      effectiveFrom: "2026-12-04",
      source: "fixture.json",
      today: "2026-12-04",
      models: ["gpt-4o-2024-08-06", "gpt-fixture-1", "gpt-nothing"],
    });
    assert.deepEqual(
      [some.added.map((c) => c.model), some.changed.map((c) => c.model), some.unchanged],
      [["gpt-fixture-1"], ["gpt-4o"], []],
    );
    assert.deepEqual([some.notSelected, some.notFound], [3, ["gpt-nothing"]]);
  });
});

describe("list entries that disagree", () => {
  const entry = (sourceModel: string, input: string): MappedPrice => ({
    sourceModel,
    provider: "openai",
    kind: "chat",
    period: { prices: { input, output: "10" } },
    notes: [],
  });

  it("about a catalogue model, with none named like it, are all skipped", () => {
    const next = plan([], "2026-12-04", { prices: [entry("gpt-4o-2024-08-06", "2"), entry("gpt-4o-2024-11-20", "3")], skipped: [] });
    assert.deepEqual(next.changed, []);
    assert.deepEqual(
      next.skipped.map((s) => [s.sourceModel, s.code]),
      [
        ["gpt-4o-2024-08-06", "conflict"],
        ["gpt-4o-2024-11-20", "conflict"],
      ],
    );
  });

  it("with one named like the model: that one speaks for it, and the other is skipped", () => {
    const next = plan([], "2026-12-04", { prices: [entry("gpt-4o", "2"), entry("gpt-4o-2024-11-20", "3")], skipped: [] });
    assert.deepEqual(
      next.changed.map((c) => c.sourceModel),
      ["gpt-4o"],
    );
    assert.match(next.skipped[0]?.reason ?? "", /resolves to gpt-4o, which the list's "gpt-4o" entry prices differently/);
  });

  it("do not include a snapshot that only says less (listed without its base's tier prices)", () => {
    const o3 = list.prices[0]!; // any mapped entry's shape
    const full: MappedPrice = {
      ...o3,
      sourceModel: "o3",
      period: {
        prices: { input: "2", cachedInput: "0.5", output: "8" },
        serviceTiers: { flex: { input: "1", cachedInput: "0.25", output: "4" } },
      },
    };
    const snapshot: MappedPrice = {
      ...o3,
      sourceModel: "o3-2025-04-16",
      period: { prices: { input: "2", cachedInput: "0.5", output: "8" } },
    };
    const next = plan([], "2026-12-04", { prices: [snapshot, full], skipped: [] });
    assert.deepEqual([next.skipped, next.changed, next.unchanged], [[], [], ["o3"]]);
  });

  it("a new snapshot with its own price becomes a model of its own", () => {
    const next = plan([], "2026-12-04", { prices: [entry("gpt-fixture-9", "2"), entry("gpt-fixture-9-2026-12-01", "3")], skipped: [] });
    assert.deepEqual(
      next.added.map((c) => c.model),
      ["gpt-fixture-9", "gpt-fixture-9-2026-12-01"],
    );
  });
});
