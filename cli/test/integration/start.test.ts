// `npm start` as a new user meets it: healthy on an empty data dir, a printed ingest key, the data dir
// held while it runs, graceful shutdown, a restart that keeps data and keys, and `sql` once it stops.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { hashSecret } from "@promptmetrics/analytics-api/auth";
import { getJson, killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-start-"));
// api_health every second, as an operator might shorten it to watch the health board.
const env = { PROMPTMETRICS_DATA_DIR: dataDir, PROMPTMETRICS_API_HEALTH_INTERVAL_S: "1" };
let running: RunningCli | undefined;
after(() => {
  killQuietly(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startAndWaitHealthy() {
  running = startCli(["start"], env);
  const [, apiUrl] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  const [, otlpUrl] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  return { apiUrl: apiUrl!, otlpUrl: otlpUrl! };
}

let firstKey = "";

test("first start on an empty data dir: healthy on both ports, with a fresh ingest key printed once", async () => {
  const { apiUrl, otlpUrl } = await startAndWaitHealthy();
  assert.match(apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/, "binds to 127.0.0.1 by default");
  assert.deepEqual(await getJson(`${apiUrl}/healthz`), { status: 200, body: { status: "ok", role: "api", store: "embedded" } });
  assert.deepEqual(await getJson(`${otlpUrl}/healthz`), { status: 200, body: { status: "ok", role: "ingest", store: "embedded" } });
  assert.equal((await fetch(`${otlpUrl}/metrics`)).status, 404, "no /metrics on the OTLP port without PROMPTMETRICS_METRICS_TOKEN");
  assert.deepEqual(await getJson(`${apiUrl}/api/nothing-here`), {
    status: 404,
    body: { error: { code: "not_found", message: "No route for GET /api/nothing-here" } },
  });
  const [, key] = await running!.waitFor(/Ingest key for project "Default project".*\n\s+(pm_ingest_\S+)/);
  firstKey = key!;
  assert.match(running!.output(), /Applied migrations: 0001_spans\.sql/);
});

let otlp = "";

test("a span sent with the printed key is accepted by the OTLP listener", async () => {
  otlp = running!.output().match(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/)![1]!;
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "cli-e2e" } }] },
        scopeSpans: [
          {
            scope: { name: "manual" },
            spans: [
              {
                traceId: "5b8efff798038103d269b633813fc60c",
                spanId: "eee19b7ec3c1b174",
                name: "chat claude-haiku-4-5",
                kind: 3,
                startTimeUnixNano: String(now - 2_000_000_000n),
                endTimeUnixNano: String(now - 1_000_000_000n),
                attributes: [
                  { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
                  { key: "gen_ai.provider.name", value: { stringValue: "anthropic" } },
                  { key: "gen_ai.request.model", value: { stringValue: "claude-haiku-4-5" } },
                  { key: "gen_ai.usage.input_tokens", value: { intValue: "10000" } },
                  { key: "gen_ai.usage.output_tokens", value: { intValue: "1000" } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${otlp}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${firstKey}` },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {});
});

test("while the server runs, `sql` refuses the held data dir and says what to do", () => {
  const result = runCli(["sql", "SELECT 1"], env);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /is in use by another process \(pid \d+, http:\/\/127\.0\.0\.1:\d+\)/);
  assert.match(result.stderr, /stop the running PromptMetrics server/);
});

test("SIGTERM shuts down gracefully with exit code 0", async () => {
  assert.equal(await running!.stop("SIGTERM"), 0);
  assert.match(running!.output(), /Received SIGTERM: shutting down…\nPromptMetrics stopped\./);
});

test("a restart keeps the data and keys: no new key, no migration, still healthy", async () => {
  const { apiUrl } = await startAndWaitHealthy();
  assert.equal((await getJson(`${apiUrl}/healthz`)).status, 200);
  const output = running!.output();
  assert.doesNotMatch(output, /Ingest key for project/);
  assert.doesNotMatch(output, /Applied migrations/);
  assert.equal(await running!.stop("SIGINT"), 0);
});

test("after the server stops, `sql` answers from the data dir in csv, json and table form", () => {
  const csv = runCli(["sql", "SELECT count() FROM llm_runs", "--format", "csv"], env);
  assert.equal(csv.stderr, "");
  assert.equal(csv.stdout, '"count()"\n1\n');
  // claude-haiku-4-5 (prices as of 2026-11-25): 10,000 × $1/M + 1,000 × $5/M = $0.01 + $0.005 = $0.015.
  const cost = runCli(["sql", "SELECT model, cost_usd FROM llm_runs", "--format", "csv"], env);
  assert.equal(cost.stdout, '"model","cost_usd"\n"claude-haiku-4-5",0.015\n');
  assert.equal(csv.status, 0);

  const keys = runCli(["sql", "SELECT kind, secret_hash FROM api_keys FINAL", "--format", "json"], env);
  assert.deepEqual(JSON.parse(keys.stdout), [{ kind: "ingest", secret_hash: hashSecret(firstKey) }], "the key is stored hashed, once");

  const table = runCli(["sql", "SELECT name FROM orgs FINAL"], env);
  assert.equal(table.stdout, "name\n───────\nDefault\n(1 row)\n");

  const write = runCli(["sql", "DROP TABLE orgs"], env);
  assert.equal(write.status, 1);
  assert.match(write.stderr, /readonly mode[\s\S]*add --write/);
});

test("both runs of start wrote api_health rows: the API's requests by route and status class, one instance per process", () => {
  // The first run answered GET /healthz and a 404 for /api/nothing-here; the restart one more GET /healthz.
  const requests = runCli(
    [
      "sql",
      "SELECT name, outcome, sum(count) AS requests FROM api_health WHERE kind = 'request' GROUP BY name, outcome ORDER BY name, outcome",
      "--format",
      "csv",
    ],
    env,
  );
  assert.equal(requests.stderr, "");
  assert.equal(requests.stdout, '"name","outcome","requests"\n"GET /healthz","2xx",2\n"GET unmatched","4xx",1\n');
  const instances = runCli(["sql", "SELECT uniqExact(instance) FROM api_health WHERE kind = 'interval'", "--format", "csv"], env);
  assert.equal(instances.stdout.trim().split("\n")[1], "2", "each process writes its own interval rows");
});

test("bad configuration stops start-up with a message naming the variable", () => {
  const result = runCli(["start"], { ...env, PROMPTMETRICS_PORT: "http", PROMPTMETRICS_INIT_ADMIN_EMAIL: "not-an-email" });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /PROMPTMETRICS_PORT: .*\(got "http"\)/);
  assert.match(result.stderr, /PROMPTMETRICS_INIT_ADMIN_EMAIL: /);
});

test("reprice recomputes stored costs and reports what changed", () => {
  const result = runCli(["reprice", "--from", "2020-01-01", "--to", "2100-01-01"], env);
  assert.equal(result.stderr, "");
  assert.match(result.stdout, /^Repriced 0 of 1 runs between 2020-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z\.$/m);
  const bad = runCli(["reprice", "--from", "yesterday", "--to", "2100-01-01"], env);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--from yesterday is not a date/);
});

test("rebuild-rollups refills a rollup from the stored spans for the months that have runs", () => {
  const count = () =>
    runCli(["sql", "SELECT sum(requests) FROM rollup_member_hourly", "--format", "csv"], env).stdout.trim().split("\n")[1];
  assert.equal(count(), "1");
  assert.equal(runCli(["sql", "TRUNCATE TABLE rollup_member_hourly", "--write"], env).status, 0);
  assert.equal(count(), "0");
  const result = runCli(["rebuild-rollups", "--from", "2020-01-01", "--to", "2100-01-01"], env);
  assert.equal(result.stderr, "");
  assert.match(result.stdout, /^Rebuilt 5 rollups for 1 month\(s\): \d{4}-\d{2}\.$/m);
  assert.equal(count(), "1");
  const none = runCli(["rebuild-rollups", "--from", "2020-01-01", "--to", "2020-02-01"], env);
  assert.match(none.stdout, /^No runs between 2020-01-01T00:00:00.000Z and 2020-02-01T00:00:00.000Z: nothing to rebuild\.$/m);
  assert.match(runCli(["rebuild-rollups", "--from", "2020-01-01"], env).stderr, /rebuild-rollups needs --to <date>/);
});

test("an unknown command or a missing query is a usage error", () => {
  assert.equal(runCli(["launch"], env).status, 2);
  const noQuery = runCli(["sql"], env);
  assert.equal(noQuery.status, 2);
  assert.match(noQuery.stderr, /sql needs a query/);
});
