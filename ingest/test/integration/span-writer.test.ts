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
import { spanRow, spanRows } from "../span-rows.ts";

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

/** Each rollup's runs, cost and per-user runs for a project, as the dashboards read them. */
async function rollups(projectId: string): Promise<Record<string, unknown>> {
  const [row] = await store.query<Record<string, unknown>>(
    `SELECT (SELECT sum(requests) FROM rollup_model_hourly WHERE project_id = {p:String}) AS model_runs,
            (SELECT toString(sum(cost_usd)) FROM rollup_model_hourly WHERE project_id = {p:String}) AS model_cost,
            (SELECT sum(requests) FROM rollup_member_hourly WHERE project_id = {p:String}) AS member_runs,
            (SELECT sum(requests) FROM rollup_prompt_hourly WHERE project_id = {p:String}) AS prompt_runs,
            (SELECT groupArray((user_id, toInt64(n))) FROM (SELECT user_id, sum(requests) AS n FROM rollup_user_hourly
               WHERE project_id = {p:String} GROUP BY user_id HAVING n != 0 ORDER BY user_id)) AS users,
            (SELECT groupArray((span_id, is_llm)) FROM (SELECT span_id, is_llm FROM spans FINAL WHERE project_id = {p:String} ORDER BY span_id)) AS spans`,
    { p: projectId },
  );
  return row!;
}

test("the Anthropic SDK's span and a wrapper's for one call, in two batches: one run, the rollups moved to the wrapper's user and prompt", async () => {
  const project_id = "p_pair";
  const call = {
    project_id,
    provider: "anthropic",
    input_tokens: 120,
    output_tokens: 90,
    cache_read_tokens: 2000,
    cache_write_tokens: 800,
  };
  const sdk = spanRow({
    ...call,
    span_id: "00000000000000a1",
    parent_span_id: "00000000000000b2",
    scope_name: "com.anthropic.sdk.typescript",
  });
  const wrapper = spanRow({
    ...call,
    span_id: "00000000000000b2",
    scope_name: "@traceloop/instrumentation-anthropic",
    user_id: "user-7",
    prompt_name: "capital",
    prompt_version: "3",
    input_text: "user: What is the capital of France?",
  });
  const { writer: w } = writer();
  assert.deepEqual(await w.submit([sdk], { bytes: 100 }), { written: 1, duplicates: 0 });
  assert.deepEqual(await rollups(project_id), {
    model_runs: 1,
    model_cost: "0.000021",
    member_runs: 1,
    prompt_runs: 0,
    users: [["", 1]],
    spans: [["00000000000000a1", true]],
  });
  assert.deepEqual(await w.submit([{ ...wrapper, version: sdk.version + 5 }], { bytes: 100 }), { written: 1, duplicates: 0 });
  assert.deepEqual(await rollups(project_id), {
    model_runs: 1,
    model_cost: "0.000021",
    member_runs: 1,
    prompt_runs: 1,
    users: [["user-7", 1]],
    spans: [
      ["00000000000000a1", true],
      ["00000000000000b2", false],
    ],
  });
  const [run] = await store.query<Record<string, unknown>>(
    "SELECT span_id, user_id, prompt_name, input_text FROM llm_runs WHERE project_id = {p:String}",
    { p: project_id },
  );
  assert.deepEqual(run, {
    span_id: "00000000000000a1",
    user_id: "user-7",
    prompt_name: "capital",
    input_text: "user: What is the capital of France?",
  });
  // The wrapper's export re-sent: a duplicate, nothing moves.
  assert.deepEqual(await w.submit([wrapper], { bytes: 100 }), { written: 0, duplicates: 1 });
  assert.equal((await rollups(project_id))["model_runs"], 1);
  await w.close();
});

test("two wrapper spans with the same figures at the same time are two calls; so are an SDK span and a wrapper span whose tokens differ", async () => {
  const project_id = "p_pair_apart";
  const call = { project_id, provider: "anthropic", trace_id: "11111111111111111111111111111111", input_tokens: 50, output_tokens: 5 };
  const rows = [
    spanRow({ ...call, span_id: "00000000000000c1", scope_name: "@traceloop/instrumentation-anthropic" }),
    spanRow({ ...call, span_id: "00000000000000c2", scope_name: "@traceloop/instrumentation-anthropic" }),
  ];
  const { writer: w } = writer();
  await w.submit(rows, { bytes: 100 });
  await w.submit(
    [
      spanRow({
        ...call,
        trace_id: "22222222222222222222222222222222",
        span_id: "00000000000000c3",
        scope_name: "com.anthropic.sdk.typescript",
        output_tokens: 6,
      }),
    ],
    {
      bytes: 100,
    },
  );
  assert.equal((await rollups(project_id))["model_runs"], 3);
  await w.close();
});

/** The store, with each insert held until released, counting inserts in flight at once. */
function gatedStore() {
  const gates: (() => void)[] = [];
  let inFlight = 0;
  let most = 0;
  let started = 0;
  const gated: Store = {
    ...store,
    insert: async (...args) => {
      inFlight++;
      started++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      try {
        return await store.insert(...args);
      } finally {
        inFlight--;
      }
    },
  };
  return { store: gated, releaseAll: () => gates.splice(0).forEach((open) => open()), most: () => most, started: () => started };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

test("with two inserts in flight, a span in both overlapping batches is written once and the rollups count it once", async () => {
  const project_id = "p_overlap";
  const gated = gatedStore();
  const { writer: w } = writer({ store: gated.store, lingerMs: 0, maxConcurrentInserts: 2 });
  const first = spanRows(40, { project_id });
  const a = w.submit(first, { bytes: 100 });
  await until(() => gated.started() === 1);
  // The next batch, as large as the one in flight and all new: its insert runs beside the first.
  const b = w.submit(spanRows(40, { project_id }, 500), { bytes: 100 });
  await until(() => gated.started() === 2);
  assert.equal(gated.most(), 2, "the second batch's insert started while the first was still in flight");
  // A third carries ten of the first batch's spans again: they are duplicates once the first has landed.
  const c = w.submit([...first.slice(0, 10), ...spanRows(30, { project_id }, 900)], { bytes: 100 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  gated.releaseAll();
  assert.deepEqual(await a, { written: 40, duplicates: 0 });
  assert.deepEqual(await b, { written: 40, duplicates: 0 });
  await until(() => gated.started() === 3);
  gated.releaseAll();
  assert.deepEqual(await c, { written: 30, duplicates: 10 });
  assert.deepEqual(await countRuns(project_id), { spans: 110, rollup: 110 });
  await w.close();
});

test("a smaller batch waits for the insert in flight instead of starting a trickle of small inserts", async () => {
  const gated = gatedStore();
  const { writer: w, inserts } = writer({ store: gated.store, lingerMs: 0, maxConcurrentInserts: 2 });
  const a = w.submit(spanRows(40, { project_id: "p_small" }), { bytes: 100 });
  await until(() => gated.started() === 1);
  const b = w.submit(spanRows(5, { project_id: "p_small" }, 100), { bytes: 100 });
  const c = w.submit(spanRows(5, { project_id: "p_small" }, 200), { bytes: 100 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(gated.started(), 1, "10 rows waiting are fewer than the 40 in flight");
  gated.releaseAll();
  await a;
  await until(() => gated.started() === 2);
  gated.releaseAll();
  assert.deepEqual(await Promise.all([b, c]), [
    { written: 5, duplicates: 0 },
    { written: 5, duplicates: 0 },
  ]);
  assert.equal(inserts(), 2, "the two small requests shared the next insert");
  await w.close();
});

test("an SDK span whose wrapper span is in the batch still in flight is paired with it once that insert lands", async () => {
  const project_id = "p_pair_overlap";
  const call = { project_id, provider: "anthropic", input_tokens: 70, output_tokens: 30 };
  const wrapper = spanRow({ ...call, span_id: "00000000000000e2", scope_name: "@traceloop/instrumentation-anthropic", user_id: "user-9" });
  const sdk = spanRow({
    ...call,
    span_id: "00000000000000e1",
    parent_span_id: "00000000000000e2",
    scope_name: "com.anthropic.sdk.typescript",
  });
  const gated = gatedStore();
  const { writer: w } = writer({ store: gated.store, lingerMs: 0, maxConcurrentInserts: 2 });
  const a = w.submit([wrapper], { bytes: 100 });
  await until(() => gated.started() === 1);
  const b = w.submit([sdk], { bytes: 100 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(gated.started(), 1, "the SDK span's batch waits for the wrapper's insert before looking for its partner");
  gated.releaseAll();
  await a;
  await until(() => gated.started() === 2);
  gated.releaseAll();
  await b;
  const { model_cost: _cost, ...counted } = await rollups(project_id);
  assert.deepEqual(counted, {
    model_runs: 1,
    member_runs: 1,
    prompt_runs: 0,
    users: [["user-9", 1]],
    spans: [
      ["00000000000000e1", false],
      ["00000000000000e2", true],
    ],
  });
  await w.close();
});

test("a span also in a batch in flight whose insert then fails is written by the later batch, not acknowledged as a duplicate", async () => {
  const project_id = "p_overlap_fail";
  const gated = gatedStore();
  let failNext = true;
  const failing: Store = {
    ...gated.store,
    insert: async (...args) => {
      const fail = failNext;
      failNext = false;
      await gated.store.insert(fail ? "no_such_table" : args[0], ...(args.slice(1) as [readonly object[]]));
    },
  };
  const { writer: w } = writer({ store: failing, lingerMs: 0, maxConcurrentInserts: 2 });
  const first = spanRows(20, { project_id });
  const a = w.submit(first, { bytes: 100 });
  await until(() => gated.started() === 1);
  const b = w.submit([...first.slice(0, 5), ...spanRows(15, { project_id }, 700)], { bytes: 100 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  gated.releaseAll();
  await assert.rejects(a, WriteFailedError);
  await until(() => gated.started() === 2);
  gated.releaseAll();
  assert.deepEqual(await b, { written: 20, duplicates: 0 }, "the five spans of the failed batch are this batch's to write");
  assert.deepEqual(await countRuns(project_id), { spans: 20, rollup: 20 });
  await w.close();
});
