// The schema as a user meets it: migrations apply once and refuse edits, llm_runs shows each run once,
// the rollups add up, feedback replaces, retention becomes a TTL. Runs on every available backend.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  applySpanRetention,
  rebuildRollupPartitions,
  insertSpans,
  loadMigrations,
  migrate,
  MigrationError,
  StoreQueryError,
  DEFAULT_MIGRATIONS_DIR,
  type Store,
} from "../../src/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, tempDataDir, type TestBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("schema against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

for (const backend of backends) {
  describe(`schema (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
    });
    after(() => dispose());

    test("migrations apply every file once, in order, and record checksums", async () => {
      const files = loadMigrations();
      const first = await migrate(store);
      assert.deepEqual(
        first.applied,
        files.map((m) => m.name),
      );
      assert.equal(first.alreadyApplied, 0);
      const second = await migrate(store);
      assert.deepEqual(second, { applied: [], alreadyApplied: files.length });
      const recorded = await store.query<{ name: string; checksum: string }>(
        "SELECT name, checksum FROM schema_migrations ORDER BY version",
      );
      assert.deepEqual(
        recorded,
        files.map((m) => ({ name: m.name, checksum: m.checksum })),
      );
      const tables = await store.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name");
      for (const name of [
        "spans",
        "llm_runs",
        "rollup_model_hourly",
        "rollup_user_hourly",
        "rollup_prompt_hourly",
        "rollup_error_hourly",
        "rollup_member_hourly",
        "feedback",
        "orgs",
        "projects",
        "users",
        "memberships",
        "api_keys",
        "provider_keys",
        "price_overrides",
      ]) {
        assert.ok(
          tables.some((t) => t.name === name),
          `table ${name} exists`,
        );
      }
    });

    test("an edited migration that was already applied is refused", async () => {
      const dir = tempDataDir("pm-migrations-");
      for (const file of fs.readdirSync(DEFAULT_MIGRATIONS_DIR))
        fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, file), path.join(dir, file));
      fs.appendFileSync(path.join(dir, "0004_feedback.sql"), "\n-- an innocent-looking edit\n");
      await assert.rejects(migrate(store, loadMigrations(dir)), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.match(error.message, /0004_feedback\.sql was changed after it was applied/);
        return true;
      });
      fs.writeFileSync(
        path.join(dir, "0099_later.sql"),
        "CREATE TABLE IF NOT EXISTS later_table (x UInt8) ENGINE = MergeTree ORDER BY x;\n",
      );
      fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, "0004_feedback.sql"), path.join(dir, "0004_feedback.sql"));
      const report = await migrate(store, loadMigrations(dir));
      assert.deepEqual(report.applied, ["0099_later.sql"]);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test("llm_runs shows each LLM run once, even when a retried batch wrote it twice before any merge", async () => {
      const runs = [
        spanRow({ project_id: "p_runs", span_id: "0000000000000001" }),
        spanRow({
          project_id: "p_runs",
          span_id: "0000000000000002",
          status_code: "error",
          cost_usd: null,
          price_source: "unknown",
          model: "my-private-model",
        }),
        spanRow({ project_id: "p_runs", span_id: "0000000000000003", is_llm: false, name: "GET /checkout", provider: "", model: "" }),
      ];
      await insertSpans(store, { rows: runs });
      await insertSpans(store, { rows: runs.slice(0, 1) });
      const rows = await store.query<{
        span_id: string;
        status: string;
        cost_usd: string | null;
        latency_ms: number;
        input_tokens: number;
      }>("SELECT span_id, status, cost_usd, latency_ms, input_tokens FROM llm_runs WHERE project_id = {p:String} ORDER BY span_id", {
        p: "p_runs",
      });
      assert.deepEqual(rows, [
        { span_id: "0000000000000001", status: "ok", cost_usd: "0.0075", latency_ms: 1000, input_tokens: 1000 },
        { span_id: "0000000000000002", status: "error", cost_usd: null, latency_ms: 1000, input_tokens: 1000 },
      ]);
      const [all] = await store.query<{ n: number }>("SELECT count() AS n FROM spans FINAL WHERE project_id = 'p_runs'");
      assert.equal(all?.n, 3, "non-LLM spans are stored too");
    });

    test("a revision (reprice, late content) replaces the run in llm_runs without counting again in rollups", async () => {
      await insertSpans(store, { rows: [spanRow({ project_id: "p_reprice", version: 1, cost_usd: "1" })] });
      await insertSpans(store, {
        rows: [spanRow({ project_id: "p_reprice", version: 2, cost_usd: "0.5", output_text: "late", is_revision: true })],
      });
      const rows = await store.query("SELECT cost_usd, output_text FROM llm_runs WHERE project_id = 'p_reprice'");
      assert.deepEqual(rows, [{ cost_usd: "0.5", output_text: "late" }]);
      const rollupSql = "SELECT sum(requests) AS requests, sum(cost_usd) AS cost FROM rollup_model_hourly WHERE project_id = 'p_reprice'";
      assert.deepEqual(await store.query(rollupSql), [{ requests: 1, cost: "1" }]);
      await rebuildRollupPartitions(store, { partitions: [202611] });
      assert.deepEqual(await store.query(rollupSql), [{ requests: 1, cost: "0.5" }], "a rebuilt partition carries the revised cost");
      const [others] = await store.query<{ requests: number }>(
        "SELECT sum(requests) AS requests FROM rollup_model_hourly WHERE project_id = 'p_runs'",
      );
      assert.equal(others?.requests, 2, "other runs in the partition are counted once after the rebuild");
    });

    test("rollups sum requests, errors, tokens and cost per hour, and keep latency quantiles", async () => {
      await insertSpans(store, {
        rows: [
          spanRow({
            project_id: "p_roll",
            span_id: "a1",
            start_time: "2026-11-20 10:05:00",
            duration_ns: 100e6,
            ttft_ms: 40,
            user_id: "u1",
            prompt_name: "summarize",
            prompt_version: "3",
          }),
          spanRow({
            project_id: "p_roll",
            span_id: "a2",
            start_time: "2026-11-20 10:55:00",
            duration_ns: 300e6,
            status_code: "error",
            user_id: "u1",
            prompt_name: "summarize",
            prompt_version: "3",
            input_tokens: 200,
            output_tokens: 0,
            cost_usd: "0.0005",
          }),
          spanRow({
            project_id: "p_roll",
            span_id: "a3",
            start_time: "2026-11-20 11:00:00",
            duration_ns: 200e6,
            model: "unknown-x",
            provider: "acme",
            cost_usd: null,
            user_id: "u2",
          }),
          spanRow({ project_id: "p_roll", span_id: "a4", start_time: "2026-11-20 11:30:00", is_llm: false, model: "", provider: "" }),
        ],
      });
      const byModel = await store.query(
        `SELECT toString(bucket) AS bucket, provider, model, sum(requests) AS requests, sum(errors) AS errors, sum(input_tokens) AS input,
                sum(output_tokens) AS output, sum(cost_usd) AS cost, sum(unpriced_requests) AS unpriced,
                round(sum(latency_ms_sum)) AS latency_sum, sum(ttft_count) AS ttft_n
         FROM rollup_model_hourly WHERE project_id = 'p_roll' GROUP BY bucket, provider, model ORDER BY bucket`,
      );
      assert.deepEqual(byModel, [
        {
          bucket: "2026-11-20 10:00:00",
          provider: "openai",
          model: "gpt-4o-2024-08-06",
          requests: 2,
          errors: 1,
          input: 1200,
          output: 500,
          cost: "0.008",
          unpriced: 0,
          latency_sum: 400,
          ttft_n: 1,
        },
        {
          bucket: "2026-11-20 11:00:00",
          provider: "acme",
          model: "unknown-x",
          requests: 1,
          errors: 0,
          input: 1000,
          output: 500,
          cost: "0",
          unpriced: 1,
          latency_sum: 200,
          ttft_n: 0,
        },
      ]);
      const [quantiles] = await store.query<{ p: number[] }>(
        "SELECT quantilesTDigestMerge(0.5, 0.99)(latency_ms_digest) AS p FROM rollup_model_hourly WHERE project_id = 'p_roll' AND model = 'gpt-4o-2024-08-06'",
      );
      assert.ok(
        quantiles && quantiles.p[0]! >= 100 && quantiles.p[0]! <= 300 && quantiles.p[1]! >= 280 && quantiles.p[1]! <= 300,
        `p50/p99 ${quantiles?.p}`,
      );
      const byUser = await store.query(
        "SELECT user_id, sum(requests) AS requests, sum(cost_usd) AS cost FROM rollup_user_hourly WHERE project_id = 'p_roll' GROUP BY user_id ORDER BY user_id",
      );
      assert.deepEqual(byUser, [
        { user_id: "u1", requests: 2, cost: "0.008" },
        { user_id: "u2", requests: 1, cost: "0" },
      ]);
      const byPrompt = await store.query(
        "SELECT prompt_name, prompt_version, sum(requests) AS requests, sum(errors) AS errors FROM rollup_prompt_hourly WHERE project_id = 'p_roll' GROUP BY prompt_name, prompt_version",
      );
      assert.deepEqual(byPrompt, [{ prompt_name: "summarize", prompt_version: "3", requests: 2, errors: 1 }]);
    });

    test("the error rollup counts failed runs by HTTP status and message; the member rollup by ingest key or creator", async () => {
      await insertSpans(store, {
        rows: [
          spanRow({
            project_id: "p_err",
            span_id: "e1",
            start_time: "2026-11-20 10:05:00",
            status_code: "error",
            status_message: "Rate limit reached for gpt-4o",
            span_attributes: { "http.response.status_code": "429" },
            ingest_key_id: "key_a",
          }),
          spanRow({
            project_id: "p_err",
            span_id: "e2",
            start_time: "2026-11-20 10:10:00",
            status_code: "error",
            status_message: "Rate limit reached for gpt-4o",
            ingest_key_id: "key_a",
          }),
          spanRow({
            project_id: "p_err",
            span_id: "e3",
            start_time: "2026-11-20 10:20:00",
            status_code: "error",
            status_message: "500 Internal server error",
            ingest_key_id: "key_b",
            cost_usd: null,
          }),
          spanRow({
            project_id: "p_err",
            span_id: "e4",
            start_time: "2026-11-20 10:30:00",
            status_code: "error",
            status_message: "Request timed out",
            ingest_key_id: "",
            span_attributes: { "promptmetrics.created_by": "user_7" },
          }),
          spanRow({ project_id: "p_err", span_id: "e5", start_time: "2026-11-20 10:40:00", ingest_key_id: "key_a", cost_usd: "0.25" }),
          spanRow({
            project_id: "p_err",
            span_id: "e5",
            start_time: "2026-11-20 10:40:00",
            ingest_key_id: "key_a",
            cost_usd: "0.5",
            is_revision: true,
          }),
        ],
      });
      const errors = await store.query(
        `SELECT http_status, message, sum(errors) AS errors, toString(max(last_seen)) AS last_seen
         FROM rollup_error_hourly WHERE project_id = 'p_err' GROUP BY http_status, message ORDER BY http_status`,
      );
      assert.deepEqual(errors, [
        { http_status: "429", message: "Rate limit reached for gpt-4o", errors: 2, last_seen: "2026-11-20 10:10:00" },
        { http_status: "500", message: "500 Internal server error", errors: 1, last_seen: "2026-11-20 10:20:00" },
        { http_status: "timeout", message: "Request timed out", errors: 1, last_seen: "2026-11-20 10:30:00" },
      ]);
      const members = await store.query(
        `SELECT ingest_key_id, created_by, sum(requests) AS requests, sum(errors) AS errors, sum(cost_usd) AS cost, sum(unpriced_requests) AS unpriced
         FROM rollup_member_hourly WHERE project_id = 'p_err' GROUP BY ingest_key_id, created_by ORDER BY ingest_key_id, created_by`,
      );
      assert.deepEqual(members, [
        { ingest_key_id: "", created_by: "user_7", requests: 1, errors: 1, cost: "0.0075", unpriced: 0 },
        { ingest_key_id: "key_a", created_by: "", requests: 3, errors: 2, cost: "0.265", unpriced: 0 },
        { ingest_key_id: "key_b", created_by: "", requests: 1, errors: 1, cost: "0", unpriced: 1 },
      ]);
    });

    test("feedback: a re-rating replaces the earlier rating, and ratings outside 1-5 are refused", async () => {
      const base = {
        project_id: "p_fb",
        span_id: "s1",
        trace_id: "t1",
        run_start_time: "2026-11-20 10:00:00",
        model: "gpt-4o",
        prompt_name: "",
        prompt_version: "",
        user_id: "",
        success: null,
        comment: "",
        author_user_id: "u",
        created_at: "2026-11-20 10:00:00",
        updated_at: "2026-11-20 10:00:00",
        is_deleted: 0,
      };
      await store.insert("feedback", [{ ...base, rating: 2, version: 1 }]);
      await store.insert("feedback", [{ ...base, rating: 5, version: 2 }]);
      const rows = await store.query("SELECT rating, count() OVER () AS n FROM feedback FINAL WHERE project_id = 'p_fb'");
      assert.deepEqual(rows, [{ rating: 5, n: 1 }]);
      await assert.rejects(store.insert("feedback", [{ ...base, span_id: "s2", rating: 7, version: 1 }]), StoreQueryError);
    });

    test("retention becomes a TTL on spans, applied only when it changes", async () => {
      assert.equal(await applySpanRetention(store, 30), "set");
      const [table] = await store.query<{ q: string }>(
        "SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = 'spans'",
      );
      assert.match(table?.q ?? "", /TTL toDateTime\(start_time\) \+ toIntervalDay\(30\)/);
      assert.equal(await applySpanRetention(store, 30), "unchanged");
      assert.equal(await applySpanRetention(store, 7), "set");
      assert.equal(await applySpanRetention(store, undefined), "removed");
      assert.equal(await applySpanRetention(store, undefined), "unchanged");
    });
  });
}
