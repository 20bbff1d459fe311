// Synced prices in the real store: periods kept as stored (never edited), the one in force per model with
// its source and date, a same-day re-sync replacing that day's row; and the run counts a price sync shows.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  countLlmRunsByModel,
  insertSpans,
  insertSyncedPrices,
  listCurrentSyncedPrices,
  listSyncedPrices,
  migrate,
  type NewSyncedPrice,
  type Store,
} from "../../src/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("synced prices against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

function price(model: string, effectiveFrom: string, input: string, extra: Partial<NewSyncedPrice> = {}): NewSyncedPrice {
  return {
    model,
    effectiveFrom,
    provider: "openai",
    kind: "chat",
    inputPerMtok: input,
    cachedInputPerMtok: null,
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
    cacheWrite30mPerMtok: null,
    cacheWrite12hPerMtok: null,
    outputPerMtok: "8",
    rules: "{}",
    source: "https://example.test/prices.json",
    sourceModel: model,
    ...extra,
  };
}

for (const backend of backends) {
  describe(`synced prices (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
      await migrate(store);
    });
    after(() => dispose());

    test("every period is kept; the current one per model comes with its source and date", async () => {
      await insertSyncedPrices(store, {
        prices: [
          price("gpt-4o", "2026-11-01", "2", {
            cachedInputPerMtok: "1",
            rules: '{"serviceTiers":{"priority":{"input":"3.4","output":"13.6"}}}',
          }),
          price("gpt-fixture-1", "2026-11-01", "1.5", { cacheWrite30mPerMtok: "1.875", sourceModel: "gpt-fixture-1-2026-10-20" }),
        ],
      });
      await insertSyncedPrices(store, { prices: [price("gpt-4o", "2026-12-01", "1.75")] });

      const all = await listSyncedPrices(store);
      assert.deepEqual(
        all.map((p) => [p.model, p.effectiveFrom, p.inputPerMtok, p.cachedInputPerMtok]),
        [
          ["gpt-4o", "2026-11-01", "2", "1"],
          ["gpt-4o", "2026-12-01", "1.75", null],
          ["gpt-fixture-1", "2026-11-01", "1.5", null],
        ],
      );
      assert.equal(all[0]?.rules, '{"serviceTiers":{"priority":{"input":"3.4","output":"13.6"}}}');
      assert.match(all[0]?.syncedAt ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);

      const current = await listCurrentSyncedPrices(store, { at: new Date("2026-11-20T00:00:00Z") });
      assert.deepEqual(
        current.map((p) => [p.model, p.effectiveFrom, p.inputPerMtok, p.cacheWrite30mPerMtok, p.source, p.sourceModel]),
        [
          ["gpt-4o", "2026-11-01", "2", null, "https://example.test/prices.json", "gpt-4o"],
          ["gpt-fixture-1", "2026-11-01", "1.5", "1.875", "https://example.test/prices.json", "gpt-fixture-1-2026-10-20"],
        ],
      );
      const later = await listCurrentSyncedPrices(store, { at: new Date("2026-12-01T00:00:00Z") });
      assert.deepEqual(
        later.map((p) => [p.model, p.effectiveFrom]),
        [
          ["gpt-4o", "2026-12-01"],
          ["gpt-fixture-1", "2026-11-01"],
        ],
      );
    });

    test("a second sync on the same day replaces that day's price, before and after a merge", async () => {
      await insertSyncedPrices(store, { prices: [price("gpt-4o", "2026-12-01", "1.5")] });
      const read = async () =>
        (await listSyncedPrices(store)).filter((p) => p.model === "gpt-4o").map((p) => [p.effectiveFrom, p.inputPerMtok]);
      const expected = [
        ["2026-11-01", "2"],
        ["2026-12-01", "1.5"],
      ];
      assert.deepEqual(await read(), expected);
      await store.command("OPTIMIZE TABLE synced_prices FINAL");
      assert.deepEqual(await read(), expected);
    });

    test("runs are counted per requested and response model and price source, from the effective date", async () => {
      const at = (day: string, i: number) => `2026-11-${day} 10:00:0${i}.000000000`;
      await insertSpans(store, {
        rows: [
          spanRow({ span_id: "0000000000000001", start_time: at("10", 1) }),
          spanRow({ span_id: "0000000000000002", start_time: at("20", 2) }),
          spanRow({ span_id: "0000000000000003", start_time: at("21", 3) }),
          spanRow({ span_id: "0000000000000004", start_time: at("21", 4), price_source: "override" }),
          spanRow({
            span_id: "0000000000000005",
            start_time: at("22", 5),
            request_model: "gpt-fixture-1",
            response_model: "",
            model: "gpt-fixture-1",
            priced_model: "",
            price_source: "unknown",
            cost_usd: null,
          }),
          spanRow({ span_id: "0000000000000006", start_time: at("22", 6), is_llm: false }),
        ],
      });
      // A reprice's revision of run 2 is the same run, counted once.
      await insertSpans(store, {
        rows: [spanRow({ span_id: "0000000000000002", start_time: at("20", 2), version: 2, is_revision: true })],
      });

      const counts = await countLlmRunsByModel(store, { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") });
      assert.deepEqual(counts, [
        { requestModel: "gpt-4o", responseModel: "gpt-4o-2024-08-06", priceSource: "catalogue", runs: 2 },
        { requestModel: "gpt-4o", responseModel: "gpt-4o-2024-08-06", priceSource: "override", runs: 1 },
        { requestModel: "gpt-fixture-1", responseModel: "", priceSource: "unknown", runs: 1 },
      ]);
    });
  });
}
