// Every entry point run as a supervisor, a pipeline or `docker run -i` runs it: stdin a pipe that carries
// data. The embedded engine would read that data as an insert's external data (code 48 on every insert,
// or the piped bytes as rows); the store points descriptor 0 at /dev/null first (engine-stdin.ts).
// Also what else the engine could touch in the process: the working directory, the time zone in the
// environment, stdout, and the signals the server stops on.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, test } from "node:test";
import { fileURLToPath } from "node:url";
import { getJson, killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pm-stdin-"));
const dataDir = path.join(tmp, "data");
const cwd = path.join(tmp, "cwd");
fs.mkdirSync(cwd);
const INGEST_KEY = "pm_ingest_piped_stdin_key_0123456789";
const env = {
  PROMPTMETRICS_DATA_DIR: dataDir,
  PROMPTMETRICS_INIT_ORG: "Piped",
  PROMPTMETRICS_INIT_PROJECT: "Supervised",
  PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
  PROMPTMETRICS_INIT_ADMIN_EMAIL: "ops@piped.test",
  PROMPTMETRICS_INIT_ADMIN_PASSWORD: "correct horse battery",
  // Far from UTC, so a time read in the process's zone instead of UTC would show.
  TZ: "Pacific/Kiritimati",
};
// What a pipeline would carry: text, and rows an engine reading stdin as data would happily insert.
const PIPED = 'hello\n{"trace_id":"piped","span_id":"piped","name":"injected"}\n1\t2\t3\n';
const PRICES = fileURLToPath(new URL("../fixtures/litellm-prices.json", import.meta.url));
let running: RunningCli | undefined;
afterEach(() => {
  // A failed test leaves no server holding the data dir for the next one.
  killQuietly(running);
  running = undefined;
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function sqlCsv(query: string): string {
  const result = runCli(["sql", query, "--format", "csv"], env, { input: PIPED, cwd });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

test("`echo x | promptmetrics sql` on a fresh data dir: migrations and the query succeed, stdout holds only the answer", () => {
  const result = runCli(["sql", "SELECT 1 AS one", "--format", "csv"], env, { input: PIPED, cwd });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '"one"\n1\n');
  assert.doesNotMatch(result.stderr, /Code: 48|external data/);
});

test("migrate, reprice, rebuild-rollups and prices sync with data on stdin", () => {
  const migrate = runCli(["migrate"], env, { input: PIPED, cwd });
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /Schema is up to date/);
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  for (const args of [
    ["reprice", "--from", today, "--to", tomorrow],
    ["rebuild-rollups", "--from", today, "--to", tomorrow],
    ["prices", "sync", "--source", PRICES, "--model", "gpt-fixture-1"],
  ]) {
    const result = runCli(args, env, { input: PIPED, cwd });
    assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
  }
  assert.equal(sqlCsv("SELECT count() FROM synced_prices WHERE model = 'gpt-fixture-1'"), '"count()"\n1');
});

function span(spanId: string, startMs: number) {
  return {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId,
    name: "chat gpt-4o-mini",
    kind: 3,
    startTimeUnixNano: String(BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(BigInt(startMs + 1000) * 1_000_000n),
    attributes: [
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4o-mini" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "1000000" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "1000000" } },
    ],
  };
}

async function sendSpan(otlpUrl: string, spanId: string, startMs: number): Promise<number> {
  const response = await fetch(`${otlpUrl}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${INGEST_KEY}` },
    body: JSON.stringify({
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "m" }, spans: [span(spanId, startMs)] }] }],
    }),
  });
  return response.status;
}

// 23:30 UTC yesterday: already the day after in Kiritimati (UTC+14).
const yesterday = new Date(Date.now() - 86_400_000);
const LATE_EVENING = Date.UTC(yesterday.getUTCFullYear(), yesterday.getUTCMonth(), yesterday.getUTCDate(), 23, 30);
const LATE_EVENING_TEXT = new Date(LATE_EVENING).toISOString().replace("T", " ").slice(0, 19);

// The store closes the process's end of the pipe (engine-stdin.ts): a writer then gets EPIPE, as
// `yes | promptmetrics start` would; what it wrote before is never read.
function pipeInto(cli: RunningCli): (text: string) => void {
  cli.child.stdin!.on("error", (error: NodeJS.ErrnoException) => assert.equal(error.code, "EPIPE"));
  return (text) => void cli.child.stdin!.write(text);
}

test("`npm start` under a supervisor: stdin a pipe that carries data before and after start; spans are written and the stop is graceful", async () => {
  running = startCli(["start"], env, { stdin: "pipe", cwd });
  const write = pipeInto(running);
  write(PIPED);
  const [, otlpUrl] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  const [, apiUrl] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  assert.equal(await sendSpan(otlpUrl!, "00f067aa0ba90001", LATE_EVENING), 200);
  write(PIPED);
  assert.equal(await sendSpan(otlpUrl!, "00f067aa0ba90002", LATE_EVENING), 200);
  assert.equal((await getJson(`${apiUrl}/healthz`)).status, 200);
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ops@piped.test", password: "correct horse battery" }),
  });
  assert.equal(login.status, 200, "the admin (provisioned by inserts) signs in");
  write(PIPED);
  assert.equal(await running.stop("SIGINT"), 0, "SIGINT still reaches the server's own handler");
  running = undefined;

  assert.equal(sqlCsv("SELECT count(), sum(cost_usd) FROM llm_runs"), '"count()","sum(cost_usd)"\n2,1.5');
  assert.equal(sqlCsv("SELECT count() FROM spans WHERE name = 'injected' OR trace_id = 'piped'"), '"count()"\n0', "no piped row stored");
  assert.equal(
    sqlCsv("SELECT DISTINCT toString(start_time), toString(toDate(start_time)) FROM llm_runs"),
    `"toString(start_time)","toString(toDate(start_time))"\n"${LATE_EVENING_TEXT}.000000000","${LATE_EVENING_TEXT.slice(0, 10)}"`,
    "times are UTC whatever the process's TZ",
  );
  assert.ok(Number(sqlCsv("SELECT sum(requests) FROM ingest_health").split("\n")[1]) >= 2, "the health rows were written too");
});

test("the api and ingest roles alone, with data on stdin", async () => {
  running = startCli(["ingest"], env, { stdin: "pipe", cwd });
  pipeInto(running)(PIPED);
  const [, otlpUrl] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  assert.equal(await sendSpan(otlpUrl!, "00f067aa0ba90003", LATE_EVENING), 200);
  assert.equal(await running.stop("SIGTERM"), 0);

  running = startCli(["api"], env, { stdin: "pipe", cwd });
  pipeInto(running)(PIPED);
  const [, apiUrl] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ops@piped.test", password: "correct horse battery" }),
  });
  assert.equal(login.status, 200);
  assert.equal(await running.stop("SIGTERM"), 0);
  running = undefined;
  assert.equal(sqlCsv("SELECT count() FROM llm_runs"), '"count()"\n3');
});

test("the engine leaves the working directory as it found it", () => {
  assert.deepEqual(fs.readdirSync(cwd), []);
});
