// `promptmetrics prices sync` as a user runs it, against the real embedded store: a sync from a fixture in
// LiteLLM's format (cli/test/fixtures/litellm-prices.json) adds a model the catalogue does not know
// (gpt-fixture-1) and changes gpt-4o's price from 2026-11-15, prints the diff with the runs each change
// would re-price, stores nothing on --dry-run, and re-prices exactly the runs it should: those from the
// effective date priced by the catalogue or unknown, not older runs, not a project's override, not a cost
// the caller gave, not a model whose price did not change. The test and the CLI take turns on the data dir
// (the embedded store admits one process at a time).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { insertPriceOverride, insertSpans, migrate, openStore } from "@promptmetrics/clickhouse";
import { createPricer } from "@promptmetrics/pricing";
import { emptySpanRow, priceSpanRow, type SpanRow } from "@promptmetrics/runs";
import { runCli } from "../cli-process.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/litellm-prices.json", import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

// 200k input and 20k output tokens per run (below every long-context threshold). Per run, by hand:
// gpt-4o catalogue 2.50 / 10: $0.50 + $0.20 = $0.70; synced 2 / 8: $0.40 + $0.16 = $0.56;
// p_override's override 1 / 4: $0.20 + $0.08 = $0.28; gpt-fixture-1 synced 1.5 / 6: $0.30 + $0.12 = $0.42;
// claude-sonnet-4-5 3 / 15: $0.60 + $0.30 = $0.90.
const RUNS: [id: number, project: string, day: string, requestModel: string, responseModel: string][] = [
  [1, "p_plain", "2026-11-10", "gpt-4o", "gpt-4o-2024-08-06"], // before the effective date: kept
  [2, "p_plain", "2026-11-20", "gpt-4o", "gpt-4o-2024-08-06"], // re-priced
  [3, "p_plain", "2026-11-25", "gpt-4o", "gpt-4o-2024-08-06"], // re-priced
  [4, "p_plain", "2026-11-20", "gpt-fixture-1", ""], // unknown until the sync: priced
  [5, "p_plain", "2026-11-10", "gpt-fixture-1", ""], // before the effective date: stays unknown
  [6, "p_plain", "2026-11-20", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"], // price unchanged
  [7, "p_plain", "2026-11-21", "gpt-4o", "gpt-4o-2024-08-06"], // cost given by the caller: kept
  [8, "p_override", "2026-11-20", "gpt-4o", "gpt-4o-2024-08-06"], // the project's override wins: kept
];

/** A migrated data dir with the runs above, priced as the ingest priced them before the sync. */
async function seed(): Promise<Record<string, string>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-prices-sync-"));
  dirs.push(dataDir);
  const store = openStore({ kind: "embedded", dataDir });
  try {
    await migrate(store);
    const catalogueOnly = createPricer();
    const withOverride = createPricer({ overrides: [{ model: "gpt-4o", prices: { input: "1", output: "4" } }] });
    const rows: SpanRow[] = RUNS.map(([id, project, day, requestModel, responseModel]) => {
      const row = emptySpanRow({
        project_id: project,
        trace_id: `${"ab".repeat(15)}${String(id).padStart(2, "0")}`,
        span_id: `${"cd".repeat(7)}${String(id).padStart(2, "0")}`,
        start_time: `${day} 10:00:00.000000000`,
        end_time: `${day} 10:00:01.000000000`,
        ingested_at: `${day} 10:00:02.000`,
        version: 1,
        is_llm: true,
        provider: requestModel.startsWith("claude") ? "anthropic" : "openai",
        operation: "chat",
        request_model: requestModel,
        response_model: responseModel,
        model: responseModel || requestModel,
        input_tokens: 200_000,
        output_tokens: 20_000,
      });
      priceSpanRow(row, project === "p_override" ? withOverride : catalogueOnly);
      if (id === 7) Object.assign(row, { cost_usd: "0.250000000000", reported_cost_usd: "0.250000000000", price_source: "caller" });
      return row;
    });
    await insertSpans(store, { rows });
    await insertPriceOverride(store, {
      id: "po_1",
      projectId: "p_override",
      model: "gpt-4o",
      effectiveFrom: "1970-01-01 00:00:00.000",
      inputPerMtok: "1",
      cachedInputPerMtok: null,
      cacheWrite5mPerMtok: null,
      cacheWrite1hPerMtok: null,
      outputPerMtok: "4",
    });
  } finally {
    await store.close();
  }
  return { PROMPTMETRICS_DATA_DIR: dataDir };
}

/** Each run's cost and where its price came from, by run number. */
function costs(env: Record<string, string>): Record<number, [string | null, string]> {
  const result = runCli(["sql", "SELECT span_id, cost_usd, price_source FROM spans FINAL ORDER BY span_id", "--format", "json"], env);
  assert.equal(result.status, 0, result.stderr);
  const rows = JSON.parse(result.stdout) as { span_id: string; cost_usd: string | null; price_source: string }[];
  return Object.fromEntries(rows.map((r) => [Number(r.span_id.slice(-2)), [r.cost_usd, r.price_source]]));
}

const BEFORE = {
  1: ["0.7", "catalogue"],
  2: ["0.7", "catalogue"],
  3: ["0.7", "catalogue"],
  4: [null, "unknown"],
  5: [null, "unknown"],
  6: ["0.9", "catalogue"],
  7: ["0.25", "caller"],
  8: ["0.28", "override"],
};
const AFTER = { ...BEFORE, 2: ["0.56", "synced"], 3: ["0.56", "synced"], 4: ["0.42", "synced"] };

const sync = (env: Record<string, string>, ...flags: string[]) =>
  runCli(["prices", "sync", "--source", FIXTURE, "--from", "2026-11-15", ...flags], env);

test("--dry-run prints the diff and the runs each change would re-price, and stores nothing", async () => {
  const env = await seed();
  const result = sync(env, "--dry-run");
  assert.equal(result.status, 0, result.stderr);
  const out = result.stdout;
  assert.match(out, /^Read 4 entries from .*litellm-prices\.json \(LiteLLM's format\): 3 model\(s\) mapped, 1 skipped\.$/m);
  assert.match(
    out,
    /New models \(1\):\n {2}gpt-fixture-1 \(openai, reasoning\)\n {4}standard: input 1\.5, cached input 0\.15, output 6\n {4}1 stored run from 2026-11-15 to price \(gpt-fixture-1\)\n/,
  );
  assert.match(
    out,
    /Changed prices \(1\), USD per 1M tokens, old → new from 2026-11-15:\n {2}gpt-4o \(openai; catalogue price from 2024-05-13\)\n {4}standard: input 2\.50 → 2, cached input 1\.25 → 1, output 10 → 8\n {4}2 stored runs from 2026-11-15 to re-price \(gpt-4o-2024-08-06\)\n/,
  );
  assert.match(out, /Unchanged: 1 model \(claude-sonnet-4-5\)\./);
  assert.match(out, /1 entry not billed per token \(dall-e-3\)/);
  assert.match(out, /Dry run: nothing was stored\./);

  // Some models only: the rest of the list is left out.
  const some = sync(env, "--dry-run", "--model", "gpt-fixture-1", "--model", "gpt-nothing");
  assert.match(some.stdout, /New models \(1\):\n {2}gpt-fixture-1 /);
  assert.match(some.stdout, /Changed prices \(0\)/);
  assert.match(some.stdout, /Left out \(not named with --model\): 2 models\.\n--model gpt-nothing: the list has no price for it\./);

  const stored = runCli(["sql", "SELECT count() AS n FROM synced_prices", "--format", "json"], env);
  assert.deepEqual(JSON.parse(stored.stdout), [{ n: 0 }]);
  assert.deepEqual(costs(env), BEFORE);
});

test("a real run stores the prices from the date, prints the exact reprice commands, and those re-price exactly the runs it counted", async () => {
  const env = await seed();
  const result = sync(env);
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /Stored 1 new and 1 changed price\(s\), effective from 2026-11-15\.\n3 stored run\(s\) still carry the earlier price \(or none\)\. To re-price them:\n/,
  );
  const commands = [...result.stdout.matchAll(/^ {2}promptmetrics (reprice .*)$/gm)].map((m) => m[1]!.split(" "));
  // --to is the day after today (UTC), so every run stored so far is in range.
  const to = commands[0]?.[4] ?? "";
  assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(to) && Date.parse(`${to}T00:00:00Z`) > Date.now(), `--to ${to} is the day after today`);
  assert.deepEqual(commands, [
    ["reprice", "--from", "2026-11-15", "--to", to, "--model", "gpt-4o-2024-08-06"],
    ["reprice", "--from", "2026-11-15", "--to", to, "--model", "gpt-fixture-1"],
  ]);

  const stored = runCli(
    [
      "sql",
      "SELECT model, toString(effective_from) AS d, input_per_mtok, output_per_mtok, source_model FROM synced_prices ORDER BY model",
      "--format",
      "json",
    ],
    env,
  );
  assert.deepEqual(JSON.parse(stored.stdout), [
    { model: "gpt-4o", d: "2026-11-15", input_per_mtok: "2", output_per_mtok: "8", source_model: "gpt-4o" },
    { model: "gpt-fixture-1", d: "2026-11-15", input_per_mtok: "1.5", output_per_mtok: "6", source_model: "gpt-fixture-1" },
  ]);
  assert.deepEqual(costs(env), BEFORE, "nothing is re-priced until asked");

  // The printed commands re-price 2 + 1 runs: the 3 counted.
  const reports = commands.map((args) => runCli(args, env));
  assert.deepEqual(
    reports.map((r) => r.stdout.match(/^Repriced (\d+) of (\d+) runs/)?.slice(1)),
    [
      ["2", "4"],
      ["1", "1"],
    ],
  );
  assert.deepEqual(costs(env), AFTER);

  const again = sync(env);
  assert.match(
    again.stdout,
    /Nothing to store: the install already prices every model the list maps as the list does\./,
    "a second sync changes nothing",
  );
});

test("--reprice stores and re-prices in one step; history before the effective date is refused", async () => {
  const env = await seed();
  const result = sync(env, "--reprice");
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /Re-pricing 3 stored run\(s\):\n\$ promptmetrics reprice --from 2026-11-15 .*--model gpt-4o-2024-08-06\nRepriced 2 of 4 runs/,
  );
  assert.match(result.stdout, /--model gpt-fixture-1\nRepriced 1 of 1 runs/);
  assert.deepEqual(costs(env), AFTER);

  // gpt-4o now has a price from 2026-11-15: a list dated before it cannot slip a period in underneath.
  const earlier = runCli(["prices", "sync", "--source", FIXTURE, "--from", "2026-11-01", "--dry-run"], env);
  assert.match(earlier.stdout, /gpt-4o: gpt-4o has a price from 2026-11-15; a sync adds periods after it, never before/);

  const bad = runCli(["prices", "sync", "--dry-run", "--reprice"], env);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--reprice re-prices what a sync stores, and a dry run stores nothing/);
  const missing = runCli(["prices", "sync", "--source", path.join(os.tmpdir(), "no-such-prices.json")], env);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /could not read .*no-such-prices\.json/);
});
