// Each role of the scaled deployment started alone, as the compose services start them: `migrate` once,
// then `api` (provisioning from PROMPTMETRICS_INIT_*) and `ingest`, each on its own. On the embedded store
// one process holds the data directory, so they take turns here; against a ClickHouse server
// (CLICKHOUSE_URL) the same commands run side by side.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { getJson, killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-roles-"));
const INGEST_KEY = "pm_ingest_roles_test_key_0123456789";
const env = {
  PROMPTMETRICS_DATA_DIR: dataDir,
  PROMPTMETRICS_INIT_ORG: "Acme",
  PROMPTMETRICS_INIT_PROJECT: "Checkout",
  PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
  PROMPTMETRICS_INIT_ADMIN_EMAIL: "ops@acme.test",
  PROMPTMETRICS_INIT_ADMIN_PASSWORD: "correct horse battery",
  PROMPTMETRICS_METRICS_TOKEN: "roles-test-metrics-token",
  PROMPTMETRICS_API_HEALTH_INTERVAL_S: "1",
};
let running: RunningCli | undefined;
after(() => {
  killQuietly(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a role refuses an unmigrated store and says to run migrate", () => {
  for (const role of ["ingest", "api"]) {
    const result = runCli([role], env);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /migration\(s\) behind this version \(0001_spans\.sql, .*\)\. Run `promptmetrics migrate` once/);
  }
});

test("migrate applies the schema once; a second run has nothing to do", () => {
  const first = runCli(["migrate"], env);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /Applied \d+ migration\(s\) on the embedded chDB/);
  const second = runCli(["migrate"], env);
  assert.match(second.stdout, /Schema is up to date/);
});

test("`promptmetrics api` alone: healthy, provisions the org, project, key and admin, signs the admin in, writes its api_health rows", async () => {
  running = startCli(["api"], env);
  const [, url] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  assert.deepEqual(await getJson(`${url}/healthz`), { status: 200, body: { status: "ok", role: "api", store: "embedded" } });
  assert.match(running.output(), /Created: .*org "Acme".*project "Checkout"/s);
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ops@acme.test", password: "correct horse battery" }),
  });
  assert.equal(login.status, 200);
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">/);
  assert.equal((await fetch(`${url}/api/nothing-here`)).status, 404);
  assert.equal(await running.stop(), 0);
  running = undefined;

  // What the health board charts for this replica: its requests by route template and status class,
  // summed over the intervals it wrote (every second here, and once more at shutdown). The dashboard page
  // has no route template: "other".
  const requests = runCli(
    [
      "sql",
      "SELECT name, outcome, sum(count) AS requests FROM api_health WHERE kind = 'request' GROUP BY name, outcome ORDER BY name, outcome",
      "--format",
      "csv",
    ],
    env,
  );
  assert.equal(
    requests.stdout.trim(),
    [
      '"name","outcome","requests"',
      '"GET /healthz","2xx",1',
      '"GET other","2xx",1',
      '"GET unmatched","4xx",1',
      '"POST /api/auth/login","2xx",1',
    ].join("\n"),
  );
  const intervals = runCli(
    ["sql", "SELECT count() > 0, uniqExact(instance) FROM api_health WHERE kind = 'interval'", "--format", "csv"],
    env,
  );
  assert.equal(intervals.stdout.trim().split("\n")[1], "1,1", "one replica, with its interval rows");
});

test("`promptmetrics ingest` alone: healthy, takes spans with the provisioned key, writes them and its health row on shutdown", async () => {
  running = startCli(["ingest"], env);
  const [, url] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  assert.deepEqual(await getJson(`${url}/healthz`), { status: 200, body: { status: "ok", role: "ingest", store: "embedded" } });
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    name: "chat gpt-4o-mini",
    kind: 3,
    startTimeUnixNano: String(now - 1_000_000_000n),
    endTimeUnixNano: String(now),
    attributes: [
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4o-mini" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "1000000" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "1000000" } },
    ],
  };
  const response = await fetch(`${url}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${INGEST_KEY}` },
    body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "manual" }, spans: [span] }] }] }),
  });
  assert.equal(response.status, 200);
  assert.equal((await fetch(`${url}/api/runs`)).status, 404, "the ingest serves no API routes");
  assert.equal((await fetch(`${url}/metrics`)).status, 401, "/metrics needs the token");
  const metrics = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${env.PROMPTMETRICS_METRICS_TOKEN}` } });
  assert.equal(metrics.status, 200);
  assert.match(await metrics.text(), /^promptmetrics_ingest_spans_accepted_total 1$/m);
  assert.equal(await running.stop(), 0);
  running = undefined;

  // gpt-4o-mini: $0.15 per million input tokens + $0.60 per million output tokens.
  const runs = runCli(["sql", "SELECT model, cost_usd FROM llm_runs", "--format", "csv"], env);
  assert.equal(runs.stdout.trim(), `"model","cost_usd"\n"gpt-4o-mini",0.75`);
  const health = runCli(["sql", "SELECT sum(spans_accepted), sum(requests) FROM ingest_health", "--format", "csv"], env);
  assert.equal(health.stdout.trim(), `"sum(spans_accepted)","sum(requests)"\n1,1`);
});
