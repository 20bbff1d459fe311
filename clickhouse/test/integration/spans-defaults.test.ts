// The spans table and the run row of @promptmetrics/runs agree on every column: a row stored by JSON
// insert reads back as built, and a column an INSERT leaves out (the synthetic generator leaves out
// those it does not generate) takes the empty row's value. A new column whose migration default
// differs from emptySpanRow fails here.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { emptySpanRow, SPAN_COLUMNS, type SpanRow } from "@promptmetrics/runs";
import { insertSpans, migrate, type Store } from "../../src/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("spans defaults against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

const KEY = {
  project_id: "p_defaults",
  trace_id: "0af7651916cd43dd8448eb211c80319c",
  span_id: "00f067aa0ba902b7",
  start_time: "2026-11-20 10:00:00.123456789",
  end_time: "2026-11-20 10:00:01.000000000",
  ingested_at: "2026-11-20 10:00:02.000",
  version: 7,
};

for (const backend of backends) {
  describe(`spans and the run row (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
      await migrate(store);
    });
    after(() => dispose());

    test("the table has exactly the row's columns, in the row's order", async () => {
      const columns = await store.query<{ name: string }>(
        "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'spans' ORDER BY position",
      );
      assert.deepEqual(
        columns.map((column) => column.name),
        SPAN_COLUMNS,
      );
    });

    test("columns an INSERT leaves out take the empty row's values", async () => {
      await store.command(
        `INSERT INTO spans (project_id, trace_id, span_id, start_time, end_time, ingested_at, version)
         VALUES ({project_id:String}, {trace_id:String}, {span_id:String}, {start_time:DateTime64(9, 'UTC')}, {end_time:DateTime64(9, 'UTC')},
                 {ingested_at:DateTime64(3, 'UTC')}, {version:UInt64})`,
        KEY,
      );
      const [stored] = await store.query<SpanRow>("SELECT * FROM spans WHERE project_id = 'p_defaults'");
      // The one deliberate difference: a row's status is "unset" until set, the table's default is ''.
      assert.deepEqual({ ...stored, status_code: "unset" }, emptySpanRow(KEY));
    });

    test("a complete row reads back as written", async () => {
      const row = spanRow({
        project_id: "p_roundtrip",
        event_times: ["2026-11-20 10:15:00.500000000"],
        event_names: ["first token"],
        event_attributes: [{ n: "1" }],
        tags: ["a"],
        ttft_ms: 12.5,
      });
      await insertSpans(store, { rows: [row] });
      const [stored] = await store.query<SpanRow>("SELECT * FROM spans WHERE project_id = 'p_roundtrip'");
      // ClickHouse prints decimals trimmed ("0.0075", "0"); the row writes them with 12 digits.
      const trimmed = Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          column.endsWith("_usd") && typeof value === "string" ? String(Number(value)) : value,
        ]),
      );
      assert.deepEqual(stored, trimmed);
    });
  });
}
