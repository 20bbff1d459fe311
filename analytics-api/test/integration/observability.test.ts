// What an operator sees of a running API: every answer carries a request id (the caller's when sane),
// a 5xx reaches the error hook with that id and its route template, and GET /metrics (only with
// PROMPTMETRICS_METRICS_TOKEN, then only with it as a bearer token) counts requests by route template
// and status, store queries by tag, and scheduler runs by job and outcome.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Router } from "express";
import { latestJobRuns } from "@promptmetrics/clickhouse";
import { ApiMetrics, createScheduler, type RequestRecord } from "../../src/index.ts";
import { openTestStore, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";

const TOKEN = "api-metrics-token-0123456789";
let ts: TestStore;
let api: TestApi;
let plain: TestApi;
const metrics = new ApiMetrics();
const requests: RequestRecord[] = [];
const unexpected: { error: unknown; requestId: string; route: string }[] = [];

before(async () => {
  ts = await openTestStore();
  api = await startApi({
    store: ts.store,
    // A route that reads the store through the API's store (so the read is timed), then fails.
    routers: [
      (deps) =>
        Router().get("/api/test-failure/:thingId", async (req, _res, next) => {
          await latestJobRuns(deps.store, ["probe"]);
          next(new Error(`broken thing ${req.params.thingId}`));
        }),
    ],
    observability: {
      metrics,
      metricsToken: TOKEN,
      onRequest: (record) => requests.push(record),
      onUnexpectedError: (error, context) => unexpected.push({ error, ...context }),
    },
  });
  plain = await startApi({ store: ts.store });
});
after(async () => {
  await api.close();
  await plain.close();
  await ts.close();
});

const scrape = (url: string, authorization?: string) =>
  fetch(`${url}/metrics`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

test("every answer carries X-Request-Id: the caller's when it is a sane token, a new one otherwise", async () => {
  const given = await fetch(`${api.url}/healthz`, { headers: { "X-Request-Id": "lb-7f3a.42" } });
  assert.equal(given.headers.get("x-request-id"), "lb-7f3a.42");
  for (const bad of ["has space", "x".repeat(129), 'quote"d']) {
    const reply = await fetch(`${api.url}/healthz`, { headers: { "X-Request-Id": bad } });
    assert.match(reply.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  }
  const notFound = await fetch(`${api.url}/api/nothing-here`);
  assert.equal(notFound.status, 404);
  assert.match(notFound.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
});

test("a 5xx reaches the error hook with the request's id and route template, and the answer says only Internal error", async () => {
  const reply = await fetch(`${api.url}/api/test-failure/t-1`, { headers: { "X-Request-Id": "req-500-a" } });
  assert.equal(reply.status, 500);
  assert.deepEqual(await reply.json(), { error: { code: "internal_error", message: "Internal error" } });
  assert.equal(reply.headers.get("x-request-id"), "req-500-a");
  const seen = unexpected.find((u) => u.requestId === "req-500-a");
  assert.ok(seen, "the error hook was called");
  assert.equal(seen.route, "/api/test-failure/:thingId");
  assert.equal((seen.error as Error).message, "broken thing t-1");
  const record = requests.find((r) => r.requestId === "req-500-a");
  assert.deepEqual(record && { method: record.method, route: record.route, status: record.status }, {
    method: "GET",
    route: "/api/test-failure/:thingId",
    status: 500,
  });
});

test("without a metrics token there is no /metrics (404); with one, 401 without the right bearer token", async () => {
  const absent = await scrape(plain.url, `Bearer ${TOKEN}`);
  assert.equal(absent.status, 404);
  for (const authorization of [undefined, "Bearer wrong-token", TOKEN, `Basic ${TOKEN}`]) {
    const reply = await scrape(api.url, authorization);
    assert.equal(reply.status, 401, `Authorization: ${authorization}`);
    assert.equal(reply.headers.get("www-authenticate"), "Bearer");
    assert.doesNotMatch(await reply.text(), /promptmetrics_api/);
  }
});

test("/metrics counts requests by route template and status, store queries by tag, and scheduler runs by job", async () => {
  for (const id of ["a", "b", "c"]) assert.equal((await fetch(`${api.url}/api/test-failure/${id}`)).status, 500);
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

  const reply = await scrape(api.url, `Bearer ${TOKEN}`);
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await reply.text();
  const value = (series: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  // Four failures so far in this file (t-1, a, b, c): one series for the template, none per id.
  assert.equal(value('promptmetrics_api_request_duration_ms_count{method="GET",route="/api/test-failure/:thingId",status="500"}'), 4);
  assert.doesNotMatch(text, /test-failure\/(a|b|c|t-1)/);
  assert.equal(value('promptmetrics_api_request_duration_ms_count{method="GET",route="unmatched",status="404"}'), 1);
  assert.ok((value('promptmetrics_api_request_duration_ms_count{method="GET",route="/healthz",status="200"}') ?? 0) >= 4);
  assert.equal(
    value('promptmetrics_api_request_duration_ms_bucket{method="GET",route="/api/test-failure/:thingId",status="500",le="+Inf"}'),
    4,
  );
  assert.equal(value('promptmetrics_api_store_query_duration_ms_count{tag="latestJobRuns"}'), 4);
  assert.equal(value('promptmetrics_api_job_runs_total{job="probe.ok",state="succeeded"}'), 1);
  assert.equal(value('promptmetrics_api_job_runs_total{job="probe.fails",state="failed"}'), 1);
  assert.equal(value('promptmetrics_api_job_duration_ms_count{job="probe.fails"}'), 1);
});
