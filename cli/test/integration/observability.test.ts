// What an operator gets from `promptmetrics start` with the watching turned on: JSON log lines (one object
// a line, the request id on the lines that have one), /metrics on the API port, and traces of its own
// requests sent to its own ingest, stored there as spans like any app's.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { freePort } from "@promptmetrics/testing/free-port";
import { killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-observability-"));
const INGEST_KEY = "pm_ingest_selftrace_0123456789abcdef";
const METRICS_TOKEN = "metrics-token-observability-42";
let running: RunningCli | undefined;
let apiUrl = "";

before(async () => {
  const otlpPort = await freePort();
  running = startCli(["start"], {
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_PORT: "0",
    PROMPTMETRICS_OTLP_PORT: String(otlpPort),
    PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
    PROMPTMETRICS_METRICS_TOKEN: METRICS_TOKEN,
    PROMPTMETRICS_LOG_FORMAT: "json",
    PROMPTMETRICS_LOG_LEVEL: "debug",
    PROMPTMETRICS_SELF_TRACES_URL: `http://127.0.0.1:${otlpPort}/v1/traces`,
    PROMPTMETRICS_SELF_TRACES_HEADERS: `Authorization=Bearer ${INGEST_KEY}`,
  });
  apiUrl = (await running.waitFor(/API and dashboard\s+(http:\/\/[\d.:]+)/))[1]!;
});
after(() => {
  killQuietly(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        assert.fail(`not a JSON log line: ${line}`);
      }
    });
}

test("the API answers with the caller's request id and logs the request as one JSON line carrying it", async () => {
  for (const id of ["probe-health-1", "probe-health-2"]) {
    const reply = await fetch(`${apiUrl}/healthz`, { headers: { "X-Request-Id": id } });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get("x-request-id"), id);
  }
  const missing = await fetch(`${apiUrl}/api/no-such-route`, { headers: { "X-Request-Id": "probe-404" } });
  assert.equal(missing.status, 404);
  await running!.waitFor(/"requestId":"probe-404"/);
  const lines = jsonLines(running!.output());
  for (const line of lines) {
    assert.equal(typeof line.msg, "string");
    assert.ok(["debug", "info", "warn", "error"].includes(line.level as string), `level of ${JSON.stringify(line)}`);
    assert.ok(!Number.isNaN(Date.parse(line.time as string)), `time of ${JSON.stringify(line)}`);
  }
  assert.ok(
    lines.some((line) => typeof line.msg === "string" && line.msg.startsWith("API and dashboard")),
    "the banner is logged as JSON lines",
  );
  const logged = lines.find((line) => line.requestId === "probe-404");
  assert.equal(logged?.level, "debug");
  assert.match(logged?.msg as string, /^\[api\] GET unmatched 404 \d+ ms$/);
});

test("GET /metrics on the API port counts requests by route template with the metrics token, 401 without", async () => {
  assert.equal((await fetch(`${apiUrl}/metrics`)).status, 401);
  const reply = await fetch(`${apiUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(reply.status, 200);
  const text = await reply.text();
  const count = text
    .split("\n")
    .find((line) => line.startsWith('promptmetrics_api_request_duration_ms_count{method="GET",route="/healthz",status="200"} '));
  assert.ok(count && Number(count.split(" ")[1]) >= 2, "the two health checks are counted");
  assert.doesNotMatch(text, /no-such-route/, "raw paths never become labels");
});

test("traces of its own requests reach its own ingest and are stored as spans, with no span for receiving them", async () => {
  assert.equal(await running!.stop("SIGTERM"), 0);
  running = undefined;
  const sql = runCli(
    [
      "sql",
      "SELECT name, span_attributes['promptmetrics.request_id'] AS id, span_attributes['http.response.status_code'] AS status FROM spans WHERE service_name = 'promptmetrics' AND id LIKE 'probe-%' ORDER BY id",
      "--format",
      "json",
    ],
    { PROMPTMETRICS_DATA_DIR: dataDir },
  );
  assert.equal(sql.status, 0, sql.stderr);
  assert.deepEqual(JSON.parse(sql.stdout), [
    { name: "GET unmatched", id: "probe-404", status: "404" },
    { name: "GET /healthz", id: "probe-health-1", status: "200" },
    { name: "GET /healthz", id: "probe-health-2", status: "200" },
  ]);
  const received = runCli(
    ["sql", "SELECT count() AS n FROM spans WHERE service_name = 'promptmetrics' AND name = 'POST /v1/traces'", "--format", "json"],
    {
      PROMPTMETRICS_DATA_DIR: dataDir,
    },
  );
  assert.deepEqual(JSON.parse(received.stdout), [{ n: 0 }]);
});
