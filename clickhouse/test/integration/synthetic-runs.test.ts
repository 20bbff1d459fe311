// Synthetic runs as the benchmarks and the sample-data button use them: generated in the store, priced
// like the pricer prices, counted by the rollups exactly as raw spans count them, rated, and the same
// rows again for the same seed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { countSyntheticRows, sumOverviewFromSpans } from "@promptmetrics/testing/bench-queries";
import { migrate, type Store } from "../../src/index.ts";
import {
  insertSyntheticFeedback,
  insertSyntheticRuns,
  SYNTHETIC_SCOPE,
  type SyntheticModel,
  type SyntheticRunsOptions,
} from "../../src/queries/synthetic-runs.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("synthetic runs against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

const MODELS: SyntheticModel[] = [
  { provider: "openai", model: "gpt-4o", inputPerMTok: "2.50", outputPerMTok: "10", cachedInputPerMTok: "1.25", weight: 3 },
  {
    provider: "openai",
    model: "gpt-5-mini",
    inputPerMTok: "0.25",
    outputPerMTok: "2",
    cachedInputPerMTok: "0.025",
    weight: 5,
    reasoning: true,
  },
  { provider: "anthropic", model: "claude-haiku-4-5", inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, weight: 2 },
  // No cached price: cache reads cost the input price, as the pricer's fallback has it.
  { provider: "openai", model: "gpt-4.1-nano", inputPerMTok: "0.10", outputPerMTok: "0.40", weight: 1 },
];
const TO = new Date("2026-11-20T09:41:07.250Z");
const FROM = new Date(TO.getTime() - 30 * 86_400_000);
const RUNS = 20_000;
const OPTIONS: SyntheticRunsOptions = {
  projectId: "p_synth",
  from: FROM,
  to: TO,
  runs: RUNS,
  models: MODELS,
  users: 150,
  prompts: 40,
  versionsPerPrompt: 3,
  ratingShare: 0.05,
  errorShare: 0.02,
  seed: 7,
  ingestKeyIds: ["k_alice", "k_bob", "k_carol"],
  chunkRows: 6_000,
};

interface Totals {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  reasoning_tokens: number;
  cost_usd: string;
}

const TOTALS = `count() AS requests, countIf(status_code = 'error') AS errors, sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens, sum(reasoning_tokens) AS reasoning_tokens,
  toString(sum(ifNull(cost_usd, toDecimal64(0, 12)))) AS cost_usd`;
const ROLLUP_TOTALS = `sum(requests) AS requests, sum(errors) AS errors, sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens, sum(reasoning_tokens) AS reasoning_tokens,
  toString(sum(cost_usd)) AS cost_usd`;

for (const backend of backends) {
  describe(`synthetic runs (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let result: Awaited<ReturnType<typeof insertSyntheticRuns>>;
    const progress: number[] = [];

    before(async () => {
      ({ store, dispose } = await backend.open());
      await migrate(store);
      result = await insertSyntheticRuns(store, { ...OPTIONS, onProgress: (done) => progress.push(done) });
    });
    after(() => dispose());

    test("writes exactly the runs asked for, in the range, in several inserts, with unique ids", async () => {
      assert.equal(result.runs, RUNS);
      assert.ok(result.inserts >= 4, `${result.inserts} inserts of at most 6,000 runs`);
      assert.equal(progress.at(-1), RUNS);
      const [row] = await store.query<{ n: number; ids: number; traces: number; first: string; last: string; bad_ids: number }>(
        `SELECT count() AS n, uniqExact(trace_id, span_id) AS ids, uniqExact(trace_id) AS traces,
                toString(min(start_time)) AS first, toString(max(start_time)) AS last,
                countIf(NOT match(trace_id, '^[0-9a-f]{32}$') OR NOT match(span_id, '^[0-9a-f]{16}$')) AS bad_ids
         FROM spans WHERE project_id = 'p_synth'`,
      );
      assert.deepEqual(
        { n: row!.n, ids: row!.ids, traces: row!.traces, bad_ids: row!.bad_ids },
        { n: RUNS, ids: RUNS, traces: RUNS, bad_ids: 0 },
      );
      assert.ok(new Date(`${row!.first.replace(" ", "T")}Z`) >= FROM && new Date(`${row!.last.replace(" ", "T")}Z`) < TO);
      assert.deepEqual(await countSyntheticRows(store, { projectId: "p_synth", scope: SYNTHETIC_SCOPE }), {
        runs: RUNS,
        feedback: result.feedback,
      });
    });

    test("every rollup adds up to exactly what the raw spans add up to", async () => {
      const [raw] = await store.query<Totals>(`SELECT ${TOTALS} FROM spans WHERE project_id = 'p_synth'`);
      for (const table of ["rollup_model_hourly", "rollup_user_hourly"]) {
        const [rollup] = await store.query<Totals>(`SELECT ${ROLLUP_TOTALS} FROM ${table} WHERE project_id = 'p_synth'`);
        assert.deepEqual(rollup, raw, table);
      }
      const [rawPrompted] = await store.query<Totals>(`SELECT ${TOTALS} FROM spans WHERE project_id = 'p_synth' AND prompt_name != ''`);
      const [prompt] = await store.query<Totals>(`SELECT ${ROLLUP_TOTALS} FROM rollup_prompt_hourly WHERE project_id = 'p_synth'`);
      assert.deepEqual(prompt, rawPrompted);
      assert.ok(raw!.cache_read_tokens > 0 && raw!.reasoning_tokens > 0 && Number(raw!.cost_usd) > 0);
    });

    test("each run's cost is the price formula, in disjoint components that add up to the total", async () => {
      const rows = await store.query<{
        model: string;
        input_tokens: number;
        output_tokens: number;
        cache_read_tokens: number;
        reasoning_tokens: number;
        cost_usd: string;
        cost_input_usd: string;
        cost_cache_read_usd: string;
        cost_output_usd: string;
        cost_reasoning_usd: string;
      }>(
        `SELECT model, input_tokens, output_tokens, cache_read_tokens, reasoning_tokens,
                toString(cost_usd) AS cost_usd, toString(cost_input_usd) AS cost_input_usd, toString(cost_cache_read_usd) AS cost_cache_read_usd,
                toString(cost_output_usd) AS cost_output_usd, toString(cost_reasoning_usd) AS cost_reasoning_usd
         FROM spans WHERE project_id = 'p_synth' AND status_code = 'ok'
         ORDER BY (cache_read_tokens > 0) DESC, (reasoning_tokens > 0) DESC, span_id
         LIMIT 1 BY model`,
      );
      assert.equal(rows.length, MODELS.length);
      for (const row of rows) {
        const model = MODELS.find((candidate) => candidate.model === row.model)!;
        // Pico-dollars per token = USD per 1M tokens × 1e6, exact in BigInt.
        const pico = (price: string | number) => BigInt(Math.round(Number(price) * 1e6));
        const input = BigInt(row.input_tokens - row.cache_read_tokens) * pico(model.inputPerMTok);
        const cacheRead = BigInt(row.cache_read_tokens) * pico(model.cachedInputPerMTok ?? model.inputPerMTok);
        const output = BigInt(row.output_tokens - row.reasoning_tokens) * pico(model.outputPerMTok);
        const reasoning = BigInt(row.reasoning_tokens) * pico(model.outputPerMTok);
        assert.deepEqual(
          [row.cost_input_usd, row.cost_cache_read_usd, row.cost_output_usd, row.cost_reasoning_usd, row.cost_usd].map(toPico),
          [input, cacheRead, output, reasoning, input + cacheRead + output + reasoning],
          row.model,
        );
      }
      assert.ok(rows.some((row) => row.cache_read_tokens > 0) && rows.some((row) => row.reasoning_tokens > 0));
    });

    test("the shape: error share near the target, errors carry no usage and the error flag, users, prompt versions in time order, keys cycled", async () => {
      const [row] = await store.query<{
        error_share: number;
        errors_with_usage: number;
        errors_not_error_finish: number;
        users: number;
        bad_users: number;
        keys: string[];
        reasoning_off_model: number;
        ttft_share: number;
        flags_off_status: number;
      }>(
        `SELECT countIf(status_code = 'error') / count() AS error_share,
                countIf(status_code = 'error' AND (input_tokens > 0 OR cost_usd != 0)) AS errors_with_usage,
                countIf(status_code = 'error' AND finish_reason != 'error') AS errors_not_error_finish,
                uniqExact(user_id) AS users,
                countIf(NOT match(user_id, '^user-[0-9]{4}$') OR toUInt32(substring(user_id, 6)) > 150) AS bad_users,
                arraySort(groupUniqArray(ingest_key_id)) AS keys,
                countIf(reasoning_tokens > 0 AND model NOT IN ('gpt-5-mini')) AS reasoning_off_model,
                countIf(ttft_ms IS NOT NULL) / count() AS ttft_share,
                countIf((bitAnd(quality_flags, 16) != 0) != (status_code = 'error')
                        OR (bitAnd(quality_flags, 8) != 0) != (finish_reason IN ('length', 'max_tokens'))) AS flags_off_status
         FROM spans WHERE project_id = 'p_synth'`,
      );
      assert.ok(Math.abs(row!.error_share - 0.02) < 0.006, `error share ${row!.error_share}`);
      assert.equal(row!.errors_with_usage, 0);
      assert.equal(row!.errors_not_error_finish, 0);
      assert.ok(row!.users > 100 && row!.bad_users === 0, `${row!.users} users`);
      assert.deepEqual(row!.keys, ["k_alice", "k_bob", "k_carol"]);
      assert.equal(row!.reasoning_off_model, 0);
      assert.ok(row!.ttft_share > 0.5 && row!.ttft_share < 0.8);
      // The quality flags say what the status and finish reason say: error 16, truncated 8.
      assert.equal(row!.flags_off_status, 0);

      // Later versions of a prompt run later: the mean start time rises with the version.
      const versions = await store.query<{ prompt_name: string; version: number; mean_start: number }>(
        `SELECT prompt_name, toUInt32(substring(prompt_version, 2)) AS version, avg(toUnixTimestamp(start_time)) AS mean_start
         FROM spans WHERE project_id = 'p_synth' AND prompt_name != ''
         GROUP BY prompt_name, version HAVING count() >= 20 ORDER BY prompt_name, version`,
      );
      const names = new Set(versions.map((version) => version.prompt_name));
      assert.ok(names.size > 20, `${names.size} prompts`);
      assert.ok(versions.some((version) => version.version >= 2));
      for (let i = 1; i < versions.length; i++) {
        const [earlier, later] = [versions[i - 1]!, versions[i]!];
        if (earlier.prompt_name === later.prompt_name)
          assert.ok(later.mean_start > earlier.mean_start, `${later.prompt_name} v${later.version}`);
      }
    });

    test("rates about the rating share of runs, skewed positive, each rating on a run of the project and after it", async () => {
      assert.ok(Math.abs(result.feedback / RUNS - 0.05) < 0.01, `${result.feedback} feedback rows`);
      const [row] = await store.query<{ rows: number; matched: number; avg_rating: number; rated: number; flagged: number; bad: number }>(
        `SELECT count() AS rows,
                countIf(f.model = s.model AND f.user_id = s.user_id AND f.run_start_time = s.start_time) AS matched,
                avgIf(f.rating, f.rating IS NOT NULL) AS avg_rating,
                countIf(f.rating IS NOT NULL) AS rated,
                countIf(f.success IS NOT NULL) AS flagged,
                countIf(f.rating IS NULL AND f.success IS NULL OR f.created_at < s.start_time OR f.created_at > {to:DateTime64(3, 'UTC')}) AS bad
         FROM feedback AS f
         INNER JOIN (SELECT span_id, trace_id, model, user_id, start_time FROM spans WHERE project_id = 'p_synth') AS s
           ON s.span_id = f.span_id AND s.trace_id = f.trace_id
         WHERE f.project_id = 'p_synth'`,
        { to: TO },
      );
      assert.equal(row!.rows, result.feedback);
      assert.equal(row!.matched, result.feedback);
      assert.equal(row!.bad, 0);
      assert.ok(row!.avg_rating > 3.4 && row!.avg_rating < 4.4, `average rating ${row!.avg_rating}`);
      assert.ok(row!.rated > result.feedback * 0.7 && row!.flagged > result.feedback * 0.5);
    });

    test("the raw overview baseline answers both periods from the raw spans", async () => {
      // Half the range as the current period: the previous period of equal length is the other half.
      const rows = await sumOverviewFromSpans(store, { projectId: "p_synth", from: new Date((FROM.getTime() + TO.getTime()) / 2), to: TO });
      assert.deepEqual(
        rows.map((row) => row.period),
        ["current", "previous"],
      );
      const [current, previous] = [rows[0]!, rows[1]!];
      assert.equal(current.requests + previous.requests, RUNS);
      assert.equal(current.rated_runs + previous.rated_runs, await ratedRuns(store, "p_synth"));
      const [raw] = await store.query<Totals>(`SELECT ${TOTALS} FROM spans WHERE project_id = 'p_synth'`);
      assert.equal(current.input_tokens + previous.input_tokens, raw!.input_tokens);
      assert.ok(current.requests > previous.requests, "traffic grows over the range");
      assert.ok(current.latency_ms_quantiles[0]! < current.latency_ms_quantiles[1]!);
    });

    test("the same seed makes the same runs and feedback; another seed other ids", async () => {
      const small = { ...OPTIONS, runs: 500, ratingShare: 0.2, chunkRows: undefined, onProgress: undefined };
      await insertSyntheticRuns(store, { ...small, projectId: "p_same_a" });
      await insertSyntheticRuns(store, { ...small, projectId: "p_same_b" });
      await insertSyntheticRuns(store, { ...small, projectId: "p_other", seed: 8 });
      const fingerprint = async (projectId: string) =>
        (
          await store.query<{ f: string }>(
            `SELECT toString(groupBitXor(cityHash64(trace_id, span_id, start_time, model, user_id, prompt_version, input_tokens, cost_usd))) AS f
             FROM spans WHERE project_id = {projectId:String}`,
            { projectId },
          )
        )[0]!.f;
      assert.equal(await fingerprint("p_same_a"), await fingerprint("p_same_b"));
      assert.notEqual(await fingerprint("p_same_a"), await fingerprint("p_other"));
      const [shared] = await store.query<{ n: number }>(
        "SELECT count() AS n FROM spans WHERE project_id = 'p_other' AND span_id IN (SELECT span_id FROM spans WHERE project_id = 'p_same_a')",
      );
      assert.equal(shared!.n, 0);
      const ratings = async (projectId: string) =>
        store.query(`SELECT span_id, rating, success, created_at FROM feedback WHERE project_id = {projectId:String} ORDER BY span_id`, {
          projectId,
        });
      const rated = await ratings("p_same_a");
      assert.ok(rated.length > 50);
      assert.deepEqual(await ratings("p_same_b"), rated);
    });

    test("feedback can be added on its own, limited to a range", async () => {
      const from = new Date(TO.getTime() - 86_400_000);
      const written = await insertSyntheticFeedback(store, {
        projectId: "p_other",
        share: 1,
        from,
        to: TO,
        seed: 3,
        authorUserId: "u_rater",
      });
      const [row] = await store.query<{ runs: number; rated: number }>(
        `SELECT (SELECT count() FROM spans WHERE project_id = 'p_other' AND start_time >= {from:DateTime64(3, 'UTC')}) AS runs,
                (SELECT count() FROM feedback WHERE project_id = 'p_other' AND author_user_id = 'u_rater') AS rated`,
        { from },
      );
      assert.ok(row!.runs > 0);
      assert.deepEqual([written, row!.rated], [row!.runs, row!.runs]);
    });
  });
}

async function ratedRuns(store: Store, projectId: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(
    "SELECT countIf(rating IS NOT NULL) AS n FROM feedback FINAL WHERE project_id = {projectId:String}",
    { projectId },
  );
  return row!.n;
}

/** A Decimal(18, 12) as text ("0.0006067", "12") → pico-dollars. */
function toPico(text: string): bigint {
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * 1_000_000_000_000n + BigInt(fraction.padEnd(12, "0"));
}
