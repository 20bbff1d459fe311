// The API's health rows as an operator's board reads them: requests made to a running API, store queries
// and scheduler runs end up in api_health as per-interval counts by route and status class, by query tag
// and by job and state; each write holds only what happened since the previous one; a store that refuses
// the write is reported once and requests carry on.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Router } from "express";
import { latestJobRuns, listApiHealth, openStore } from "@promptmetrics/clickhouse";
import { ApiMetrics, createScheduler, startApiHealthRecorder, type ApiHealthRecorder } from "../../src/index.ts";
import { openTestStore, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";

const INSTANCE = "api-test-0";
let ts: TestStore;
let api: TestApi;
const metrics = new ApiMetrics();
// A recent clock: api_health rows expire after 30 days (TTL), and a merge may drop older ones at any moment.
const START = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
let clock = new Date(START);
/** The write `seconds` after START, as listApiHealth prints its time. */
const atStart = (seconds: number) => new Date(START + seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
let recorder: ApiHealthRecorder;

before(async () => {
  ts = await openTestStore();
  api = await startApi({
    store: ts.store,
    // A route that reads the store through the API's (timed) store, then fails.
    routers: [
      (deps) =>
        Router().get("/api/test-failure/:thingId", async (req, _res, next) => {
          await latestJobRuns(deps.store, ["probe"]);
          next(new Error(`broken thing ${req.params.thingId}`));
        }),
    ],
    observability: { metrics },
  });
  recorder = startApiHealthRecorder({
    store: ts.store,
    metrics,
    intervalMs: 0,
    instance: INSTANCE,
    now: () => clock,
    onError: (error) => assert.fail(String(error)),
  });
});
after(async () => {
  await api.close();
  await ts.close();
});

/** The rows of the write at `at`, as "kind name outcome" → count, with each row's buckets adding up to its count. */
async function rowsAt(at: string): Promise<Map<string, number>> {
  const rows = (await listApiHealth(ts.store, { limit: 1000 })).filter((row) => row.at === at);
  for (const row of rows) {
    assert.equal(row.instance, INSTANCE);
    assert.equal(row.intervalSeconds, 10);
    assert.equal(
      row.bucketCounts.reduce((a, b) => a + b, 0),
      row.count,
      `${row.kind} ${row.name}: buckets add up to the count`,
    );
  }
  return new Map(rows.map((row) => [`${row.kind} ${row.name} ${row.outcome}`.trim(), row.count]));
}

test("a write holds the requests by route and status class, store queries by tag and job runs by state since the last one", async () => {
  await recorder.record(); // the start of the interval under test
  for (let i = 0; i < 3; i++) assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
  for (const id of ["a", "b"]) assert.equal((await fetch(`${api.url}/api/test-failure/${id}`)).status, 500);
  assert.equal((await fetch(`${api.url}/api/no-such-thing`)).status, 404);
  const scheduler = createScheduler({ store: ts.store, onOutcome: (outcome) => metrics.observeJob(outcome) });
  scheduler.add({ name: "probe.ok", cadence: { kind: "interval", everyMs: 3_600_000 }, run: async () => {} });
  scheduler.add({
    name: "probe.fails",
    cadence: { kind: "interval", everyMs: 3_600_000 },
    maxAttempts: 1,
    run: async () => {
      throw new Error("no luck");
    },
  });
  await scheduler.runNow("probe.ok");
  await scheduler.runNow("probe.fails");
  await scheduler.stop();

  clock = new Date(START + 10_000);
  await recorder.record();
  assert.deepEqual(Object.fromEntries(await rowsAt(atStart(10))), {
    interval: 0,
    "request GET /healthz 2xx": 3,
    "request GET /api/test-failure/:thingId 5xx": 2,
    "request GET unmatched 4xx": 1,
    "store_query latestJobRuns ok": 2,
    "job probe.ok succeeded": 1,
    "job probe.fails failed": 1,
  });

  // The next write: only what happened since (one request); a quiet series writes no row.
  assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
  clock = new Date(START + 20_000);
  await recorder.record();
  assert.deepEqual(Object.fromEntries(await rowsAt(atStart(20))), { interval: 0, "request GET /healthz 2xx": 1 });
});

test("a store that refuses the rows is reported once, and requests are answered as before", async () => {
  const unreachable = openStore({
    kind: "server",
    url: "http://127.0.0.1:9",
    user: "default",
    password: "",
    database: "default",
    requestTimeoutMs: 2_000,
  });
  const errors: unknown[] = [];
  const failing = startApiHealthRecorder({
    store: unreachable,
    metrics: new ApiMetrics(),
    intervalMs: 0,
    instance: "nowhere",
    onError: (error) => errors.push(error),
  });
  await failing.record();
  assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
  await failing.close();
  assert.equal(errors.length, 1);
  await unreachable.close();
});
