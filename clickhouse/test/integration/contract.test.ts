// The Store contract: the same behaviour from the embedded chDB store and from a ClickHouse server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { StoreQueryError, type Store } from "../../src/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";

const server = await serverBackend();
const backends: TestBackend[] = [embeddedBackend];
if (typeof server === "string") {
  console.log(`# ${server}`);
  test("Store contract against a ClickHouse server", { skip: server }, () => {});
} else {
  backends.push(server);
}
after(stopServerBackend);

for (const backend of backends) {
  describe(`Store contract (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
      await store.command(
        "CREATE TABLE t (id UInt64, name String, at DateTime64(3, 'UTC'), price Decimal(18, 12), tags Array(String)) ENGINE = MergeTree ORDER BY id",
      );
    });
    after(() => dispose());

    test("insert then query returns the rows, integers as numbers and decimals as exact strings", async () => {
      await store.insert("t", [
        { id: 1, name: "alpha", at: "2026-11-25 10:00:00.250", price: "0.000000020000", tags: ["a", "b"] },
        { id: 2, name: "it's", at: "2026-11-26 00:00:00.000", price: "123.456789012345", tags: [] },
      ]);
      const rows = await store.query<{ id: number; name: string; at: string; price: string; tags: string[] }>(
        "SELECT id, name, at, price, tags FROM t ORDER BY id",
      );
      assert.deepEqual(rows, [
        { id: 1, name: "alpha", at: "2026-11-25 10:00:00.250", price: "0.00000002", tags: ["a", "b"] },
        { id: 2, name: "it's", at: "2026-11-26 00:00:00.000", price: "123.456789012345", tags: [] },
      ]);
    });

    test("parameters are bound as values, never as SQL", async () => {
      const injection = await store.query("SELECT id FROM t WHERE name = {name:String}", { name: "' OR 1=1 --" });
      assert.deepEqual(injection, []);
      const quoted = await store.query<{ id: number }>("SELECT id FROM t WHERE name = {name:String}", { name: "it's" });
      assert.deepEqual(quoted, [{ id: 2 }]);
      const listed = await store.query<{ id: number }>("SELECT id FROM t WHERE id IN {ids:Array(UInt64)} ORDER BY id", { ids: [2, 1, 9] });
      assert.deepEqual(listed, [{ id: 1 }, { id: 2 }]);
    });

    test("Date parameters are sent as UTC and compare against DateTime64 columns", async () => {
      const rows = await store.query<{ id: number }>(
        "SELECT id FROM t WHERE at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}",
        { from: new Date("2026-11-25T10:00:00.250Z"), to: new Date("2026-11-26T00:00:00.000Z") },
      );
      assert.deepEqual(rows, [{ id: 1 }]);
    });

    test("queryText answers in CSV and JSONCompact", async () => {
      const csv = await store.queryText("SELECT id, name FROM t ORDER BY id", undefined, { format: "CSVWithNames" });
      assert.equal(csv, '"id","name"\n1,"alpha"\n2,"it\'s"\n');
      const compact = JSON.parse(await store.queryText("SELECT count() AS n FROM t", undefined, { format: "JSONCompact" }));
      assert.deepEqual(compact.meta, [{ name: "n", type: "UInt64" }]);
      assert.deepEqual(compact.data, [[2]]);
    });

    test("ad-hoc SQL is read-only unless writes are allowed", async () => {
      await assert.rejects(
        store.queryText("INSERT INTO t (id, name) VALUES (3, 'x')", undefined, { format: "CSVWithNames", adhoc: {} }),
        (error: unknown) => error instanceof StoreQueryError && error.clickhouseCode === 164,
      );
      await assert.rejects(
        store.queryText("DROP TABLE t", undefined, { format: "CSVWithNames", adhoc: {} }),
        (error: unknown) => error instanceof StoreQueryError && error.clickhouseCode === 164,
      );
      assert.equal(await store.queryText("SELECT count() FROM t", undefined, { format: "CSVWithNames", adhoc: {} }), '"count()"\n2\n');
      await store.queryText("INSERT INTO t (id, name) VALUES (3, 'x')", undefined, {
        format: "CSVWithNames",
        adhoc: { allowWrites: true },
      });
      const [row] = await store.query<{ n: number }>("SELECT count() AS n FROM t");
      assert.equal(row?.n, 3);
    });

    test("engine errors are typed StoreQueryErrors carrying the ClickHouse code", async () => {
      await assert.rejects(store.query("SELECT * FROM no_such_table"), (error: unknown) => {
        assert.ok(error instanceof StoreQueryError);
        assert.equal(error.clickhouseCode, 60);
        assert.equal(error.retryable, false);
        assert.match(error.message, /no_such_table/);
        return true;
      });
      await assert.rejects(store.query("SELECT {n:UInt8} AS n", { n: "not a number" }), StoreQueryError);
      await assert.rejects(store.command("CREATE TABLE broken (x Nope) ENGINE = Memory"), StoreQueryError);
    });

    test("ping answers", async () => {
      await store.ping();
    });
  });
}
