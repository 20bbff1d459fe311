// `promptmetrics backup` and `restore` as an operator runs them: a backup taken while the server runs and
// ingests (it asks the server over its socket), the data dir wiped, the backup restored into it, and then
// what a user checks: runs, cost sums and rollups as before, the admin signs in with the same password,
// the ingest key still ingests. Refusals: a non-empty target, a restore over a store without --force.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, test } from "node:test";
import { killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pm-backup-"));
const dataDir = path.join(tmp, "data");
const backupDir = path.join(tmp, "backups", "first");
const INGEST_KEY = "pm_ingest_backup_round_trip_key_0123456";
const env = {
  PROMPTMETRICS_DATA_DIR: dataDir,
  PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
  PROMPTMETRICS_INIT_ADMIN_EMAIL: "ops@backup.test",
  PROMPTMETRICS_INIT_ADMIN_PASSWORD: "correct horse battery",
};
let running: RunningCli | undefined;
afterEach(() => {
  killQuietly(running);
  running = undefined;
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sqlCsv(query: string): string {
  const result = runCli(["sql", query, "--format", "csv"], env);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

async function sendSpans(otlpUrl: string, first: number, count: number): Promise<number> {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: "5bf92f3577b34da6a3ce929d0e0e4736",
    spanId: (first + i).toString(16).padStart(16, "0"),
    name: "chat gpt-4o-mini",
    kind: 3,
    startTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 20, 10, i % 60)) * 1_000_000n),
    endTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 20, 10, i % 60, 1)) * 1_000_000n),
    attributes: [
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4o-mini" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: String(1000 + i) } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "200" } },
    ],
  }));
  const response = await fetch(`${otlpUrl}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${INGEST_KEY}` },
    body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "m" }, spans }] }] }),
  });
  return response.status;
}

async function signIn(apiUrl: string): Promise<number> {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ops@backup.test", password: "correct horse battery" }),
  });
  return response.status;
}

// The figures at the backup: the runs sent before it (span ids below 0x3e8; ids are fixed-width hex).
const FIGURES =
  "SELECT countIf(span_id < '00000000000003e8') AS runs, toString(sumIf(cost_usd, span_id < '00000000000003e8')) AS cost, count() AS all_runs, " +
  "(SELECT sum(requests) FROM rollup_model_hourly) AS rolled_up, (SELECT count() FROM users) AS users, " +
  "(SELECT count() FROM api_keys) AS keys, (SELECT count() FROM orgs) AS orgs FROM llm_runs";

test("a backup taken while the server runs and ingests: the server keeps running and answering", async () => {
  running = startCli(["start"], env);
  const [, otlpUrl] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  assert.equal(await sendSpans(otlpUrl!, 1, 300), 200);
  const backup = runCli(["backup", backupDir], env);
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /through the running server \(pid \d+\), which kept running/);
  assert.match(backup.stdout, /300 spans in \d+ tables/);
  assert.ok(fs.existsSync(path.join(backupDir, "promptmetrics-backup.json")), "the manifest is there");
  // Spans after the backup are not in it.
  assert.equal(await sendSpans(otlpUrl!, 1000, 5), 200);
  assert.equal(await running.stop("SIGTERM"), 0);
  running = undefined;

  const again = runCli(["backup", backupDir], env);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /is not empty: a backup goes into a new or empty directory/);
});

test("wipe, restore, and everything is as at the backup: runs, costs, rollups, sign-in, the ingest key", async () => {
  const before = sqlCsv(FIGURES);
  assert.match(before, /\n300,"0\.\d*[1-9]\d*",305,305,1,1,1$/, "300 runs at the backup, 5 after it");
  const refused = runCli(["restore", backupDir], env);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /is not empty.*--force/s);

  fs.rmSync(dataDir, { recursive: true, force: true });
  const restore = runCli(["restore", backupDir], env);
  assert.equal(restore.status, 0, restore.stderr);
  assert.match(restore.stdout, /Every table's rows and the schema level match the backup/);
  // As at the backup: the same 300 runs and cost to the last decimal, rolled up once; the 5 sent after it are gone.
  assert.equal(sqlCsv(FIGURES), before.replace(/,305,305,/, ",300,300,"));

  running = startCli(["start"], env);
  const [, otlpUrl] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  const [, apiUrl] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  assert.doesNotMatch(running.output(), /Ingest key for project/, "the restored install, not a fresh one");
  assert.equal(await signIn(apiUrl!), 200, "the admin signs in with the same password");
  assert.equal(await sendSpans(otlpUrl!, 2000, 10), 200, "the ingest key still ingests");
  assert.equal(await running.stop("SIGTERM"), 0);
  running = undefined;
  assert.equal(sqlCsv("SELECT count() FROM llm_runs"), '"count()"\n310');
});
