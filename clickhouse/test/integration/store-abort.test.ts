// Aborting a read (ReadQueryOptions.signal) on both backends: the caller gets a StoreAbortedError,
// a query not yet started never runs, and a server cancels a running one. The embedded engine cannot
// interrupt a query it has started (embedded-store.ts says where that bites).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { openStore, StoreAbortedError, type Store } from "../../src/index.ts";
import { serverBackend, stopServerBackend, tempDataDir } from "../backends.ts";

/** Statements that write, sent through queryText so they can carry a signal: whether one ran is a row count. */
const WRITES = { format: "TabSeparatedWithNames", adhoc: { allowWrites: true } } as const;

async function countHits(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number }>("SELECT count() AS n FROM hits");
  return row!.n;
}

describe("embedded store", () => {
  const dataDir = tempDataDir();
  const store = openStore({ kind: "embedded", dataDir });
  before(() => store.command("CREATE TABLE hits (x UInt32) ENGINE = MergeTree ORDER BY x"));
  after(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("a parameterised query aborted while it waits behind a long one never runs, and rejects with StoreAbortedError", async () => {
    // The statement does write when nobody aborts it.
    await store.queryText("INSERT INTO hits SELECT {x:UInt32}", { x: 1 }, WRITES);
    assert.equal(await countHits(store), 1);

    // chDB runs the parameterised queries of the process one at a time, so this one waits for the long read.
    const long = store.query("SELECT sleep({seconds:Float64}) AS slept", { seconds: 1 });
    const controller = new AbortController();
    const queued = store.queryText("INSERT INTO hits SELECT {x:UInt32}", { x: 2 }, { ...WRITES, signal: controller.signal });
    controller.abort();
    await assert.rejects(queued, StoreAbortedError);
    await long;
    // Its turn has passed once a later parameterised query has answered.
    assert.deepEqual(await store.query("SELECT {x:UInt32} AS x", { x: 3 }), [{ x: 3 }]);
    assert.equal(await countHits(store), 1);
  });

  test("a query whose signal has already fired is never handed to the engine", async () => {
    const hits = await countHits(store);
    const signal = AbortSignal.abort();
    // Without parameters chDB would start it at once, signal or not.
    await assert.rejects(store.queryText("INSERT INTO hits SELECT 4", undefined, { ...WRITES, signal }), StoreAbortedError);
    await assert.rejects(store.query("SELECT 1", undefined, { signal }), StoreAbortedError);
    // The writer's Session runs one statement at a time: once this one is done, so is anything sent before it.
    await store.command("SELECT 1");
    assert.equal(await countHits(store), hits);
  });

  test("a read aborted while it runs rejects with StoreAbortedError, and the store still answers", async () => {
    const controller = new AbortController();
    const reads = [
      store.query("SELECT sleep(1) AS slept", undefined, { signal: controller.signal }),
      // An ad-hoc read's own Session is closed once the engine has finished the query.
      store.queryText("SELECT sleep(1) AS slept", undefined, { format: "JSONEachRow", adhoc: {}, signal: controller.signal }),
    ];
    controller.abort();
    for (const read of reads) await assert.rejects(read, StoreAbortedError);
    assert.deepEqual(await store.query("SELECT 1 AS x"), [{ x: 1 }]);
    assert.equal(await store.queryText("SELECT 2 AS x", undefined, { format: "JSONEachRow", adhoc: {} }), '{"x":2}\n');
  });
});

describe("server store, with a peer that never answers", () => {
  test("an abort rejects with StoreAbortedError and is not retried", async () => {
    const controller = new AbortController();
    const sockets: net.Socket[] = [];
    // Accepts the request and says nothing; the abort comes once the request is there.
    const peer = net.createServer((socket) => {
      sockets.push(socket);
      socket.once("data", () => controller.abort());
    });
    await new Promise<void>((resolve) => peer.listen(0, "127.0.0.1", resolve));
    const { port } = peer.address() as net.AddressInfo;
    const store = openStore({ kind: "server", url: `http://127.0.0.1:${port}`, user: "default", password: "", database: "default" });
    try {
      await assert.rejects(store.query("SELECT 1", undefined, { signal: controller.signal }), StoreAbortedError);
      // A retry would have opened another connection before the promise settled.
      assert.equal(sockets.length, 1);
    } finally {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => peer.close(resolve));
    }
  });
});

const server = await serverBackend();
if (typeof server === "string") {
  console.log(`# ${server}`);
  test("aborting reads on a ClickHouse server", { skip: server }, () => {});
} else {
  describe("server store", () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await server.open());
      await store.command("CREATE TABLE hits (x UInt32) ENGINE = MergeTree ORDER BY x");
    });
    after(async () => {
      await dispose();
      await stopServerBackend();
    });

    async function runningQueries(tag: string): Promise<number> {
      const [row] = await store.query<{ n: number }>(
        "SELECT count() AS n FROM system.processes WHERE startsWith(query_id, {prefix:String})",
        {
          prefix: `promptmetrics-${tag}-`,
        },
      );
      return row!.n;
    }

    async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (!(await condition())) {
        if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    test("an aborted read stops on the server", async () => {
      const tag = `abortProbe${randomBytes(4).toString("hex")}`;
      const controller = new AbortController();
      // Minutes of work; max_execution_time only bounds it should the cancellation fail.
      const read = store.query(
        "SELECT count() AS n FROM numbers_mt({rows:UInt64}) WHERE NOT ignore(sipHash64(number)) SETTINGS max_execution_time = 300",
        { rows: 1e13 },
        {
          tag,
          signal: controller.signal,
        },
      );
      read.catch(() => {});
      await waitFor("the read runs on the server", async () => (await runningQueries(tag)) === 1);
      controller.abort();
      await assert.rejects(read, StoreAbortedError);
      await waitFor("the server has stopped the read", async () => (await runningQueries(tag)) === 0);
    });

    test("a statement whose signal has already fired is never sent", async () => {
      await assert.rejects(
        store.queryText("INSERT INTO hits SELECT 1", undefined, { ...WRITES, signal: AbortSignal.abort() }),
        StoreAbortedError,
      );
      assert.equal(await countHits(store), 0);
    });
  });
}
