// The batching writer against the real embedded store: concurrent requests share inserts, re-sent spans
// are never written twice (even by a fresh process), a full queue refuses work instead of growing, and
// a failed insert acknowledges nothing.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { RecentKeys } from "../../src/writer/recent-keys.ts";
import { createSpanWriter, OverloadedError, WriteFailedError, type SpanWriterOptions } from "../../src/writer/span-writer.ts";
import { spanRows } from "../span-rows.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-writer-"));
let store: Store;
before(async () => {
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function writer(overrides: Partial<SpanWriterOptions> = {}) {
  let inserts = 0;
  const options: SpanWriterOptions = {
    store,
    recentKeys: new RecentKeys(),
    maxBatchRows: 10_000,
    maxQueueBytes: 64 * 1024 * 1024,
    lingerMs: 30,
    observer: { onBatchWritten: () => inserts++ },
    ...overrides,
  };
  return { writer: createSpanWriter(options), inserts: () => inserts };
}

async function countRuns(projectId: string): Promise<{ spans: number; rollup: number }> {
  const [row] = await store.query<{ spans: number; rollup: number }>(
    `SELECT (SELECT count() FROM spans FINAL WHERE project_id = {p:String}) AS spans,
            (SELECT sum(requests) FROM rollup_model_hourly WHERE project_id = {p:String}) AS rollup`,
    { p: projectId },
  );
  return row!;
}

test("concurrent requests are written together in fewer inserts, and each learns what it wrote", async () => {
  const { writer: w, inserts } = writer();
  const outcomes = await Promise.all([0, 1, 2, 3].map((i) => w.submit(spanRows(50, { project_id: "p_batch" }, i * 50), { bytes: 1000 })));
  assert.deepEqual(
    outcomes,
    [0, 1, 2, 3].map(() => ({ written: 50, duplicates: 0 })),
  );
  assert.equal(inserts(), 1, "four requests within the linger share one insert");
  assert.deepEqual(await countRuns("p_batch"), { spans: 200, rollup: 200 });
  await w.close();
});

test("a re-sent batch is not written again: by the same process, or by a fresh one after a restart", async () => {
  const rows = spanRows(30, { project_id: "p_retry" });
  const first = writer();
  assert.deepEqual(await first.writer.submit(rows, { bytes: 100 }), { written: 30, duplicates: 0 });
  assert.deepEqual(await first.writer.submit(rows, { bytes: 100 }), { written: 0, duplicates: 30 }, "remembered in memory");
  await first.writer.close();

  const restarted = writer();
  const mixed = [...rows.slice(0, 10), ...spanRows(5, { project_id: "p_retry" }, 1000)];
  assert.deepEqual(await restarted.writer.submit(mixed, { bytes: 100 }), { written: 5, duplicates: 10 }, "found in the store");
  const twiceInOne = [...spanRows(3, { project_id: "p_retry" }, 2000), ...spanRows(3, { project_id: "p_retry" }, 2000)];
  assert.deepEqual(await restarted.writer.submit(twiceInOne, { bytes: 100 }), { written: 3, duplicates: 3 });
  await restarted.writer.close();
  assert.deepEqual(await countRuns("p_retry"), { spans: 38, rollup: 38 }, "rollups count every call once");
});

test("a full queue refuses new requests with OverloadedError instead of growing, and recovers", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slowStore: Store = { ...store, insert: async (...args) => (await gate, store.insert(...args)) };
  const { writer: w } = writer({ store: slowStore, maxQueueBytes: 1000, lingerMs: 0 });
  const first = w.submit(spanRows(5, { project_id: "p_full" }), { bytes: 600 });
  await assert.rejects(w.submit(spanRows(5, { project_id: "p_full" }, 100), { bytes: 600 }), (error: unknown) => {
    assert.ok(error instanceof OverloadedError);
    assert.equal(error.retryAfterSeconds, 1);
    return true;
  });
  release();
  assert.deepEqual(await first, { written: 5, duplicates: 0 });
  assert.deepEqual(await w.submit(spanRows(5, { project_id: "p_full" }, 100), { bytes: 600 }), { written: 5, duplicates: 0 });
  await w.close();
  assert.equal((await countRuns("p_full")).spans, 10);
});

test("when the store refuses an insert, the batch's requests fail and nothing of them is written", async () => {
  const { writer: w } = writer({ lingerMs: 30 });
  const good = w.submit(spanRows(4, { project_id: "p_fail" }), { bytes: 10 });
  const bad = w.submit(spanRows(1, { project_id: "p_fail", start_time: "not a time" }, 50), { bytes: 10 });
  await assert.rejects(good, WriteFailedError);
  await assert.rejects(bad, WriteFailedError);
  assert.deepEqual(
    await w.submit(spanRows(4, { project_id: "p_fail" }), { bytes: 10 }),
    { written: 4, duplicates: 0 },
    "a retry after a failure is written",
  );
  await w.close();
  assert.equal((await countRuns("p_fail")).spans, 4);
});

test("close writes what was accepted, then refuses new work", async () => {
  const { writer: w } = writer({ lingerMs: 5000 });
  const pending = w.submit(spanRows(7, { project_id: "p_close" }), { bytes: 10 });
  await w.close();
  assert.deepEqual(await pending, { written: 7, duplicates: 0 });
  await assert.rejects(w.submit(spanRows(1, { project_id: "p_close" }, 99), { bytes: 10 }), OverloadedError);
});
