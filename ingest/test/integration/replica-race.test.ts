// Two ingest replicas taking the same retried export at the same instant: each checks the store, finds
// nothing, and inserts; the spans table keeps one row per span but the rollup views counted both. The
// race is reproduced with two writers (two replicas' worth: each its own memory of recent keys) on one
// real store, held at the insert until both have checked. Once the hour has settled, the reconciliation
// (the scheduler's rollups.reconcile job) brings every rollup back to the spans, in either direction,
// and leaves an hour still being written alone.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  findRollupDisagreements,
  migrate,
  openStore,
  reconcileSettledRollups,
  retractRunsFromRollups,
  type Store,
} from "@promptmetrics/clickhouse";
import { RecentKeys } from "../../src/writer/recent-keys.ts";
import { createSpanWriter } from "../../src/writer/span-writer.ts";
import { spanRows } from "../span-rows.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-race-"));
let store: Store;
before(async () => {
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const HOUR = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const STARTED = new Date(HOUR + 10 * 60_000);
const WRITTEN = new Date(STARTED.getTime() + 2_000);
const text = (at: Date, digits: number) =>
  at
    .toISOString()
    .replace("T", " ")
    .replace("Z", "")
    .padEnd(20 + digits, "0");
const minutesAfterWrite = (minutes: number) => new Date(WRITTEN.getTime() + minutes * 60_000);

/** A store whose span inserts wait until `parties` writers have reached theirs. */
function heldAtInsert(parties: number): Store {
  let arrived = 0;
  let release!: () => void;
  const allThere = new Promise<void>((resolve) => (release = resolve));
  return Object.assign(Object.create(store) as Store, {
    insert: async (table: string, rows: readonly object[], opts?: Parameters<Store["insert"]>[2]) => {
      if (table === "spans" && ++arrived === parties) release();
      if (table === "spans") await allThere;
      return store.insert(table, rows, opts);
    },
  });
}

function replica(racing: Store) {
  return createSpanWriter({ store: racing, recentKeys: new RecentKeys(), maxBatchRows: 1000, maxQueueBytes: 1 << 20, lingerMs: 0 });
}

async function figures(projectId: string) {
  const [row] = await store.query<Record<string, unknown>>(
    `SELECT (SELECT count() FROM spans FINAL WHERE project_id = {p:String}) AS spans,
            (SELECT toString(sum(ifNull(cost_usd, toDecimal64(0, 12)))) FROM spans FINAL WHERE project_id = {p:String}) AS span_cost,
            (SELECT sum(requests) FROM rollup_model_hourly WHERE project_id = {p:String}) AS model_runs,
            (SELECT toString(sum(cost_usd)) FROM rollup_model_hourly WHERE project_id = {p:String}) AS model_cost,
            (SELECT sum(input_tokens) FROM rollup_model_hourly WHERE project_id = {p:String}) AS model_input_tokens,
            (SELECT sum(requests) FROM rollup_user_hourly WHERE project_id = {p:String}) AS user_runs,
            (SELECT sum(requests) FROM rollup_prompt_hourly WHERE project_id = {p:String}) AS prompt_runs,
            (SELECT sum(requests) FROM rollup_member_hourly WHERE project_id = {p:String}) AS member_runs,
            (SELECT sum(errors) FROM rollup_error_hourly WHERE project_id = {p:String}) AS error_runs`,
    { p: projectId },
  );
  return row!;
}

const rows = spanRows(5, {
  project_id: "p_race",
  user_id: "u_1",
  prompt_name: "triage",
  start_time: text(STARTED, 9),
  ingested_at: text(WRITTEN, 3),
}).map((row, i) => (i === 0 ? { ...row, status_code: "error" as const } : row));

test("two replicas write one retried export at once: counted twice until the hour settles, then once", async () => {
  const racing = heldAtInsert(2);
  const [a, b] = [replica(racing), replica(racing)];
  const outcomes = await Promise.all([a.submit(rows, { bytes: 100 }), b.submit(rows, { bytes: 100 })]);
  await Promise.all([a.close(), b.close()]);
  assert.deepEqual(outcomes, [
    { written: 5, duplicates: 0 },
    { written: 5, duplicates: 0 },
  ]);
  const raced = await figures("p_race");
  assert.equal(raced["spans"], 5, "the spans table holds each span once");
  assert.equal(raced["model_runs"], 10, "the race is reproduced: the views counted both inserts");

  assert.deepEqual(await reconcileSettledRollups(store, { now: minutesAfterWrite(5) }), [], "an hour written 5 minutes ago is left alone");
  assert.equal((await figures("p_race"))["model_runs"], 10);

  const corrections = await reconcileSettledRollups(store, { now: minutesAfterWrite(11) });
  const bucket = text(new Date(HOUR), 0).slice(0, 19);
  assert.deepEqual(corrections.map((c) => `${c.table} ${c.bucket} ${c.requests}`).sort(), [
    `rollup_error_hourly ${bucket} -1`,
    `rollup_member_hourly ${bucket} -5`,
    `rollup_model_hourly ${bucket} -5`,
    `rollup_prompt_hourly ${bucket} -5`,
    `rollup_user_hourly ${bucket} -5`,
  ]);
  const settled = await figures("p_race");
  assert.deepEqual(settled, {
    spans: 5,
    span_cost: "0.000105",
    model_runs: 5,
    model_cost: "0.000105",
    model_input_tokens: 500,
    user_runs: 5,
    prompt_runs: 5,
    member_runs: 5,
    error_runs: 1,
  });
  assert.deepEqual(await findRollupDisagreements(store, { hours: [bucket] }), []);
  assert.deepEqual(await reconcileSettledRollups(store, { now: minutesAfterWrite(15) }), [], "a second run finds nothing to correct");
  assert.deepEqual(await figures("p_race"), settled);
});

test("runs a rollup never counted (a process killed between the spans' commit and the views') are added back", async () => {
  await retractRunsFromRollups(store, rows.slice(0, 2));
  assert.equal((await figures("p_race"))["model_runs"], 3);
  const corrections = await reconcileSettledRollups(store, { now: minutesAfterWrite(12) });
  assert.ok(
    corrections.some((c) => c.table === "rollup_model_hourly" && c.requests === 2),
    JSON.stringify(corrections),
  );
  const repaired = await figures("p_race");
  assert.equal(repaired["model_runs"], 5);
  assert.equal(repaired["error_runs"], 1);
  assert.equal(repaired["model_cost"], repaired["span_cost"]);
});
