// The scheduled price sync as an operator turns it on: `promptmetrics start` with
// PROMPTMETRICS_PRICES_SYNC_SCHEDULE=daily and a local list reads the list at start (today's slot has
// not run), stores the new price, re-prices today's runs of that model (PROMPTMETRICS_PRICES_SYNC_REPRICE),
// and after a restart does not run the same slot again. The price list is the fixture in LiteLLM's format.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { insertSpans, migrate, openStore } from "@promptmetrics/clickhouse";
import { createPricer } from "@promptmetrics/pricing";
import { emptySpanRow, priceSpanRow } from "@promptmetrics/runs";
import { killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/litellm-prices.json", import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-scheduled-sync-"));
let running: RunningCli | undefined;
after(() => {
  killQuietly(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = {
  PROMPTMETRICS_DATA_DIR: dataDir,
  PROMPTMETRICS_PRICES_SYNC_SCHEDULE: "daily",
  PROMPTMETRICS_PRICES_SYNC_URL: FIXTURE,
  PROMPTMETRICS_PRICES_SYNC_REPRICE: "true",
};

/** One run of gpt-fixture-1 (unknown to the catalogue) from a minute ago: 200k input, 20k output tokens. */
async function seedTodaysRun(): Promise<void> {
  const store = openStore({ kind: "embedded", dataDir });
  try {
    await migrate(store);
    const at = new Date(Date.now() - 60_000).toISOString().replace("T", " ").slice(0, 23);
    const row = emptySpanRow({
      project_id: "p_sync",
      trace_id: "ab".repeat(16),
      span_id: "cd".repeat(8),
      start_time: `${at}000000`,
      end_time: `${at}000000`,
      ingested_at: at,
      version: 1,
      is_llm: true,
      provider: "openai",
      operation: "chat",
      request_model: "gpt-fixture-1",
      model: "gpt-fixture-1",
      input_tokens: 200_000,
      output_tokens: 20_000,
    });
    priceSpanRow(row, createPricer());
    assert.equal(row.price_source, "unknown");
    await insertSpans(store, { rows: [row] });
  } finally {
    await store.close();
  }
}

function sql(query: string): Array<Record<string, unknown>> {
  const result = runCli(["sql", query, "--format", "json"], { PROMPTMETRICS_DATA_DIR: dataDir });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>;
}

test("a daily sync runs at start, stores and re-prices, and does not run again after a restart", async () => {
  await seedTodaysRun();

  running = startCli(["start"], env);
  await running.waitFor(/\[scheduler\] job prices\.sync \(daily at 03:00 UTC\) slot \S+ try 1 succeeded/, 60_000);
  await running.waitFor(
    /\[scheduler\] started with 4 job\(s\): optimization\.refresh \(every 1 h, next \S+\); retention\.enforce \(every 1 h, next \S+\); rollups\.reconcile \(every 5 min, next \S+\); prices\.sync \(daily at 03:00 UTC, next \S+\)/,
  );
  assert.match(running.output(), /\[job prices\.sync\] New models \(\d+\):/);
  assert.match(running.output(), /\[job prices\.sync\] Re-pricing 1 stored run\(s\):/);
  assert.equal(await running.stop(), 0);

  // gpt-fixture-1 synced at 1.5 / 6 per 1M: 200k × 1.5 + 20k × 6 = $0.30 + $0.12 = $0.42.
  assert.deepEqual(sql("SELECT toString(cost_usd) AS cost, price_source FROM spans FINAL"), [{ cost: "0.42", price_source: "synced" }]);
  assert.deepEqual(sql("SELECT job, attempt, state FROM scheduler_runs WHERE job = 'prices.sync' ORDER BY at, state"), [
    { job: "prices.sync", attempt: 1, state: "started" },
    { job: "prices.sync", attempt: 1, state: "succeeded" },
  ]);

  running = startCli(["start"], env);
  await running.waitFor(/\[scheduler\] started with 4 job\(s\)/, 60_000);
  assert.doesNotMatch(running.output(), /job prices\.sync \(/, "today's slot already ran: no second run");
  assert.equal(await running.stop(), 0);
  assert.equal(sql("SELECT count() AS n FROM scheduler_runs WHERE job = 'prices.sync'")[0]!["n"], 2);
});

test("a schedule the server cannot honour stops start-up with a message naming the variable", () => {
  const result = runCli(["start"], { ...env, PROMPTMETRICS_PRICES_SYNC_SCHEDULE: "sometimes" });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /PROMPTMETRICS_PRICES_SYNC_SCHEDULE: must be off, hourly, daily or weekly \(got "sometimes"\)/);
});
