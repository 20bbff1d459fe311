// kill -9, as a crashing host or an OOM killer does it, of `promptmetrics start` in the middle of a sustained
// OTLP load, of a migration, of `reprice` and of `rebuild-rollups`; then what a user checks afterwards:
// every span answered 200 is stored exactly once, the hourly rollups agree with the spans (requests and
// cost per hour, errors for the error rollup), the server comes back by itself and an interrupted command
// reruns to completion. The test and the CLI take turns on each data dir (one process per embedded store).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { newestKnownMigration } from "@promptmetrics/clickhouse";
import { freePort } from "@promptmetrics/testing/free-port";
import { startOtlpLoad, type LoadReport } from "@promptmetrics/testing/otlp-load";
import { killQuietly, runCli, spawnSync, startCli, type RunningCli } from "../cli-process.ts";

const INGEST_KEY = "pm_crash_recovery_test_key_1";
const PRICES = fileURLToPath(new URL("../fixtures/litellm-prices.json", import.meta.url));
const OLD_SCHEMA_STORE = fileURLToPath(new URL("../old-schema-store.ts", import.meta.url));
const MIGRATIONS = newestKnownMigration();
const dirs: string[] = [];
const running: RunningCli[] = [];
after(() => {
  running.forEach(killQuietly);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** The all-in-one server on a fixed OTLP port (exporters keep their endpoint across a restart). */
async function startServer(dataDir: string, otlpPort: number): Promise<RunningCli> {
  const cli = startCli(["start"], {
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_OTLP_PORT: String(otlpPort),
    PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
  });
  running.push(cli);
  await cli.waitFor(/OTLP\/HTTP ingest\s+http:\/\/\S+/, 120_000);
  return cli;
}

async function until(what: string, check: () => boolean, timeoutMs = 120_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function sql<Row = Record<string, string | number>>(dataDir: string, query: string): Row[] {
  const result = runCli(["sql", query, "--format", "json"], { PROMPTMETRICS_DATA_DIR: dataDir });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Row[];
}

/** Every (rollup, project, hour) whose figures differ from the spans as stored now, as readable lines. */
function rollupDisagreements(dataDir: string): string[] {
  const zero = "toDecimal64(0, 12)";
  const raw = sql<{ key: string; requests: number; cost: string; prompt_requests: number; prompt_cost: string; errors: number }>(
    dataDir,
    `SELECT concat(project_id, ' ', toString(toStartOfHour(start_time))) AS key, count() AS requests,
            toString(sum(ifNull(cost_usd, ${zero}))) AS cost, countIf(prompt_name != '') AS prompt_requests,
            toString(sumIf(ifNull(cost_usd, ${zero}), prompt_name != '')) AS prompt_cost, countIf(status_code = 'error') AS errors
     FROM spans FINAL WHERE is_llm GROUP BY key`,
  );
  const expected: Record<string, Map<string, string>> = {
    rollup_model_hourly: new Map(raw.map((r) => [r.key, `${r.requests} ${r.cost}`])),
    rollup_user_hourly: new Map(raw.map((r) => [r.key, `${r.requests} ${r.cost}`])),
    rollup_member_hourly: new Map(raw.map((r) => [r.key, `${r.requests} ${r.cost}`])),
    rollup_prompt_hourly: new Map(
      raw.filter((r) => Number(r.prompt_requests) > 0).map((r) => [r.key, `${r.prompt_requests} ${r.prompt_cost}`]),
    ),
    rollup_error_hourly: new Map(raw.filter((r) => Number(r.errors) > 0).map((r) => [r.key, `${r.errors}`])),
  };
  const lines: string[] = [];
  for (const [table, want] of Object.entries(expected)) {
    const figures = table === "rollup_error_hourly" ? "sum(errors)" : "concat(toString(sum(requests)), ' ', toString(sum(cost_usd)))";
    const got = new Map(
      sql<{ key: string; figures: string }>(
        dataDir,
        `SELECT concat(project_id, ' ', toString(bucket)) AS key, toString(${figures}) AS figures FROM ${table} GROUP BY key`,
      ).map((r) => [r.key, r.figures]),
    );
    for (const key of new Set([...want.keys(), ...got.keys()])) {
      if (want.get(key) !== got.get(key)) lines.push(`${table} ${key}: rollup ${got.get(key) ?? "none"}, spans ${want.get(key) ?? "none"}`);
    }
  }
  return lines;
}

/** The schema as a user's SQL sees it: every column of every table, and each view's query. */
function schemaOf(dataDir: string): string[] {
  return sql<{ line: string }>(
    dataDir,
    `SELECT line FROM (
       SELECT concat(table, '.', name, ' ', type) AS line FROM system.columns WHERE database = currentDatabase() AND table NOT LIKE '%_rebuild'
       UNION ALL SELECT concat(name, ' AS ', as_select) AS line FROM system.tables WHERE database = currentDatabase() AND engine IN ('MaterializedView', 'View'))
     ORDER BY line`,
  ).map((row) => row.line);
}

function fileUnder(dataDir: string, table: string): () => boolean {
  const file = path.join(dataDir, "metadata", "default", `${table}.sql`);
  return () => fs.existsSync(file);
}

const loadDir = tempDir("pm-crash-load-");
let report: LoadReport;

test("kill -9 in the middle of an OTLP load: after a restart every acknowledged span is stored once and the rollups agree", async (t) => {
  const port = await freePort();
  const first = await startServer(loadDir, port);
  const load = startOtlpLoad({
    url: `http://127.0.0.1:${port}`,
    ingestKey: INGEST_KEY,
    clients: 4,
    spansPerBatch: 50,
    batchesPerClient: 40,
    initialBackoffMs: 250,
    maxBackoffMs: 2000,
  });
  await until("a quarter of the load is acknowledged", () => load.ackedCount >= 2000);
  await first.stop("SIGKILL");
  const ackedBeforeKill = load.ackedCount;

  const second = await startServer(loadDir, port);
  assert.doesNotMatch(second.output(), /Applied migrations|Ingest key for project/, "a restart, not a fresh install");
  report = await load.done;
  assert.equal(await second.stop("SIGTERM"), 0);
  t.diagnostic(
    `acked ${ackedBeforeKill} before the kill, ${report.acked.size} in all; attempts ${JSON.stringify(Object.fromEntries(report.attempts))}` +
      (/\[recovery\]/.test(second.output()) ? `; ${second.output().match(/\[recovery\].*/)![0]}` : "; no rollup repair needed"),
  );

  assert.deepEqual([report.batchesAbandoned, report.partiallyRejected, report.missingRetryAfter], [0, 0, 0]);
  assert.equal(report.acked.size, 8000, "every batch was acknowledged in the end");
  assert.ok((report.attempts.get("network") ?? 0) > 0, "the clients met the dead server and retried");
  const [counts] = sql<{ rows: number; distinct_spans: number }>(
    loadDir,
    "SELECT count() AS rows, uniqExact(trace_id, span_id) AS distinct_spans FROM spans",
  );
  assert.deepEqual(counts, { rows: 8000, distinct_spans: 8000 }, "each acknowledged span once, nothing else");
  const stored = new Set(sql<{ id: string }>(loadDir, "SELECT concat(trace_id, '-', span_id) AS id FROM spans").map((r) => r.id));
  assert.deepEqual(
    [...report.acked].filter((id) => !stored.has(id)),
    [],
    "nothing acknowledged is missing",
  );
  assert.deepEqual(rollupDisagreements(loadDir), []);
});

test("kill -9 during reprice: run again, it completes and the rollups carry the new costs, each run counted once", async () => {
  assert.equal(runCli(["prices", "sync", "--source", PRICES, "--from", "2026-11-15"], { PROMPTMETRICS_DATA_DIR: loadDir }).status, 0);
  const env = { PROMPTMETRICS_DATA_DIR: loadDir };
  const reprice = startCli(["reprice", "--from", "2026-11-01", "--to", "2100-01-01"], env);
  running.push(reprice);
  // Its revisions are written and the rollup rebuild has begun: the worst moment.
  await until("reprice starts rebuilding the rollups", fileUnder(loadDir, "rollup_model_hourly_rebuild"), 120_000, 1);
  await reprice.stop("SIGKILL");
  assert.notDeepEqual(rollupDisagreements(loadDir), [], "the kill left the rollups behind the revised costs");

  const again = runCli(["reprice", "--from", "2026-11-01", "--to", "2100-01-01"], env);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^Repriced 0 of 8000 runs between .*; rebuilt rollups for \d{4}-\d{2}/m);
  assert.deepEqual(rollupDisagreements(loadDir), []);
  // Revisions replace their span (merges may already have dropped the older row): still 8000 distinct runs.
  const [counts] = sql<{ runs: number; distinct_spans: number; gpt4o: number }>(
    loadDir,
    `SELECT count() AS runs, (SELECT uniqExact(trace_id, span_id) FROM spans) AS distinct_spans,
            countIf(model = 'gpt-4o' AND price_source = 'synced') AS gpt4o FROM spans FINAL`,
  );
  assert.deepEqual(counts, { runs: 8000, distinct_spans: 8000, gpt4o: Math.ceil(8000 / 6) }, "no partial double counts");
});

test("kill -9 during rebuild-rollups: run again, it completes and the rollups agree", async () => {
  const env = { PROMPTMETRICS_DATA_DIR: loadDir };
  // As after an upgrade that added rollups: two of them hold nothing for the stored runs yet.
  for (const table of ["rollup_error_hourly", "rollup_member_hourly"]) {
    assert.equal(runCli(["sql", `TRUNCATE TABLE ${table}`, "--write"], env).status, 0);
  }
  const rebuild = startCli(["rebuild-rollups", "--from", "2026-11-01", "--to", "2100-01-01"], env);
  running.push(rebuild);
  // The model, user and prompt rollups rebuilt; error and member not yet.
  await until("the rebuild reaches the third rollup", fileUnder(loadDir, "rollup_prompt_hourly_rebuild"), 120_000, 1);
  await rebuild.stop("SIGKILL");
  assert.notDeepEqual(rollupDisagreements(loadDir), []);

  const again = runCli(["rebuild-rollups", "--from", "2026-11-01", "--to", "2100-01-01"], env);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^Rebuilt 5 rollups for \d month\(s\)/m);
  assert.deepEqual(rollupDisagreements(loadDir), []);
  assert.deepEqual(sql(loadDir, "SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%_rebuild'"), []);
});

test("kill -9 during a migration: the next start finishes it, each migration recorded once, the schema as a fresh install's", async () => {
  const oldDir = tempDir("pm-crash-migrate-");
  const made = spawnSync(process.execPath, [OLD_SCHEMA_STORE, oldDir, "12"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const freshDir = tempDir("pm-crash-fresh-");
  assert.equal(runCli(["migrate"], { PROMPTMETRICS_DATA_DIR: freshDir }).status, 0);

  const port = await freePort();
  const upgrade = startCli(["start"], {
    PROMPTMETRICS_DATA_DIR: oldDir,
    PROMPTMETRICS_OTLP_PORT: String(port),
    PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
  });
  running.push(upgrade);
  // 0014 has created its table; 0015 to 0017 (the views' MODIFY QUERY among them) are still to come.
  await until("migration 0014 runs", fileUnder(oldDir, "suggestions"), 120_000, 1);
  await upgrade.stop("SIGKILL");

  const restarted = await startServer(oldDir, port);
  const [, applied] = restarted.output().match(/Applied migrations: (.*)/) ?? [];
  assert.ok(applied?.includes("0017_quality_rollups.sql"), `the restart applied what the kill interrupted: ${applied}`);
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  assert.equal(await restarted.stop("SIGTERM"), 0);

  assert.deepEqual(
    sql<{ version: number; n: number }>(
      oldDir,
      "SELECT version, count() AS n FROM schema_migrations GROUP BY version ORDER BY version",
    ).map((r) => `${r.version}×${r.n}`),
    Array.from({ length: MIGRATIONS }, (_, i) => `${i + 1}×1`),
  );
  assert.deepEqual(schemaOf(oldDir), schemaOf(freshDir));
  assert.deepEqual(sql(oldDir, "SELECT count() AS runs FROM llm_runs"), [{ runs: 60 }]);
  assert.deepEqual(rollupDisagreements(oldDir), []);
});
