// The analytics queries' contract: every rollup answers exactly what raw spans answer for the
// questions pickSource sends it (including the partial hours at the ends of a range), feedback is read
// as the newest row per run, and members are the owners of the keys that sent the runs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertApiKey, insertSpans, insertUser, migrate, type Store } from "../../src/index.ts";
import {
  aggregateRunFeedback,
  aggregateRunFeedbackBatch,
  aggregateRunMetrics,
  aggregateRunMetricsBatch,
  buildRunMetricsQuery,
  getMemberLabels,
  type RunMetricsQuery,
  type RunMetricsRow,
  type Source,
} from "../../src/queries/analytics/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("analytics sources against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

const PROJECT = "p_analytics";
const MODELS = [
  { provider: "openai", model: "gpt-4o", cost_usd: "0.012345678901" },
  { provider: "anthropic", model: "claude-sonnet", cost_usd: "0.03" },
  { provider: "acme", model: "unknown-x", cost_usd: null },
] as const;

/**
 * 240 runs over ten days, one every hour, with varied dimensions; a quarter with a prompt, a third with TTFT;
 * quality flags on every error (error) and on every sixth run (truncated).
 */
function seededRuns() {
  return Array.from({ length: 240 }, (_, i) => {
    const start = new Date(Date.UTC(2026, 10, 18, 0, 17) + i * 3_600_000 + (i % 7) * 60_000);
    return spanRow({
      project_id: PROJECT,
      trace_id: i.toString(16).padStart(32, "0"),
      span_id: i.toString(16).padStart(16, "0"),
      start_time: start.toISOString().replace("T", " ").replace("Z", ""),
      duration_ns: (100 + (i % 13) * 50) * 1e6,
      ...MODELS[i % 3]!,
      status_code: i % 5 === 0 ? "error" : "ok",
      quality_flags: (i % 5 === 0 ? 16 : 0) | (i % 6 === 0 ? 8 : 0),
      input_tokens: 100 + i,
      output_tokens: 50 + (i % 9),
      ttft_ms: i % 3 === 0 ? 20 + (i % 4) : null,
      user_id: `u${i % 4}`,
      prompt_name: i % 4 === 0 ? `prompt-${i % 8}` : "",
      prompt_version: i % 4 === 0 ? `v${i % 3}` : "",
      tags: i % 2 === 0 ? ["even"] : [],
      ingest_key_id: i % 3 === 0 ? "k_ana" : "",
    });
  });
}

/** The additive figures (exact on any source) of rows, keyed by bucket and keys. */
function additive(rows: RunMetricsRow[]) {
  return rows.map(
    ({
      bucket,
      keys,
      requests,
      errors,
      inputTokens,
      outputTokens,
      costUsd,
      latencyMsSum,
      ttftMsSum,
      ttftCount,
      qualityRuns,
      qualityOkRuns,
    }) => ({
      bucket,
      keys,
      requests,
      errors,
      inputTokens,
      outputTokens,
      costUsd,
      latencyMsSum: Math.round(latencyMsSum * 1000),
      ttftMsSum,
      ttftCount,
      qualityRuns,
      qualityOkRuns,
    }),
  );
}

for (const backend of backends) {
  describe(`analytics sources (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
      await migrate(store);
      await insertSpans(store, { rows: seededRuns() });
    });
    after(() => dispose());

    async function sameFromBoth(query: Omit<RunMetricsQuery, "source" | "projectId">, rollup: Exclude<Source, "raw">) {
      const fromRollup = await aggregateRunMetrics(store, { ...query, projectId: PROJECT, source: rollup });
      const fromRaw = await aggregateRunMetrics(store, { ...query, projectId: PROJECT, source: "raw" });
      assert.ok(fromRaw.length > 0);
      assert.deepEqual(additive(fromRollup), additive(fromRaw));
      return { fromRollup, fromRaw };
    }

    test("totals over a range with partial hours at both ends", async () => {
      const { fromRollup } = await sameFromBoth(
        { from: new Date("2026-11-19T05:40:00Z"), to: new Date("2026-11-24T17:05:00Z"), filters: {} },
        "rollup_model_hourly",
      );
      // Runs start at hh:17 + (i mod 7) minutes; the first in range is 2026-11-19 06:xx, the last 2026-11-24 16:xx.
      assert.equal(fromRollup[0]?.requests, 24 * 5 + 11);
      // Runs 30..160: 131 runs, of which 27 errors (multiples of 5) and 22 truncated (multiples of 6), 5 both (of 30).
      assert.deepEqual([fromRollup[0]?.qualityRuns, fromRollup[0]?.qualityOkRuns], [131, 131 - 27 - 22 + 5]);
      // Both partial hours hold a run: 2026-11-19 04:17 (run 28) and 2026-11-20 16:18 (run 64) have a prompt;
      // 2026-11-19 05:18 (run 29) and 2026-11-20 17:19 (run 65) are u1's.
      const prompts = await sameFromBoth(
        { from: new Date("2026-11-19T04:10:00Z"), to: new Date("2026-11-20T16:25:00Z"), filters: { namedPromptsOnly: true } },
        "rollup_prompt_hourly",
      );
      assert.equal(prompts.fromRollup[0]?.requests, 10);
      const users = await sameFromBoth(
        { from: new Date("2026-11-19T05:10:00Z"), to: new Date("2026-11-20T17:25:00Z"), filters: { userId: ["u1", "u2"] } },
        "rollup_user_hourly",
      );
      assert.equal(users.fromRollup[0]?.requests, 19);
    });

    test("daily Berlin buckets by provider and model, with a model filter", async () => {
      await sameFromBoth(
        {
          from: new Date("2026-11-18T23:00:00Z"),
          to: new Date("2026-11-25T23:00:00Z"),
          filters: { model: ["gpt-4o", "unknown-x"] },
          dimensions: ["provider", "model"],
          bucket: { granularity: "day", timeZone: "Europe/Berlin" },
        },
        "rollup_model_hourly",
      );
    });

    test("hourly buckets by end user, the top two users and 'other'", async () => {
      const { fromRollup } = await sameFromBoth(
        {
          from: new Date("2026-11-20T00:00:00Z"),
          to: new Date("2026-11-21T00:00:00Z"),
          filters: {},
          dimensions: ["user"],
          bucket: { granularity: "hour", timeZone: "America/New_York" },
          keep: ["u0", "u1"],
        },
        "rollup_user_hourly",
      );
      assert.equal(fromRollup.length, 24);
      assert.deepEqual(new Set(fromRollup.map((row) => (row.inKeep ? row.keys[0] : "other"))), new Set(["u0", "u1", "other"]));
    });

    test("weekly New York buckets by prompt and version, named prompts only", async () => {
      await sameFromBoth(
        {
          from: new Date("2026-11-16T05:00:00Z"),
          to: new Date("2026-11-30T05:00:00Z"),
          filters: { namedPromptsOnly: true },
          dimensions: ["prompt", "promptVersion"],
          bucket: { granularity: "week", timeZone: "America/New_York" },
        },
        "rollup_prompt_hourly",
      );
    });

    test("daily buckets by team member (key owner, else the recorded creator), with partial hours: the member rollup equals raw spans", async () => {
      await insertApiKey(store, {
        id: "k_ana",
        kind: "ingest",
        orgId: "o1",
        projectId: PROJECT,
        userId: "u_ana",
        name: "ana",
        prefix: "p",
        secretHash: "h_ana",
      });
      const { fromRollup } = await sameFromBoth(
        {
          from: new Date("2026-11-19T05:40:00Z"),
          to: new Date("2026-11-24T17:05:00Z"),
          filters: { model: ["gpt-4o", "claude-sonnet"] },
          dimensions: ["member"],
          bucket: { granularity: "day", timeZone: "UTC" },
        },
        "rollup_member_hourly",
      );
      assert.ok(fromRollup.some((row) => row.keys[0] === "u_ana") && fromRollup.some((row) => row.keys[0] !== "u_ana"));
      const quantiles = await aggregateRunMetrics(store, {
        projectId: PROJECT,
        from: new Date("2026-11-18T00:00:00Z"),
        to: new Date("2026-11-28T00:00:00Z"),
        filters: {},
        dimensions: ["member"],
        source: "rollup_member_hourly",
      });
      assert.ok(quantiles.every((row) => row.p95LatencyMs !== null));
    });

    test("whole UTC days from the daily projection, hours and raw spans around them: every rollup equals raw spans", async () => {
      // Partial days and partial hours at both ends: 2026-11-19 05:40 to 2026-11-24 17:05.
      const from = new Date("2026-11-19T05:40:00Z");
      const to = new Date("2026-11-24T17:05:00Z");
      const utcDays = { granularity: "day", timeZone: "UTC", onUtcDays: true } as const;
      const cases: [Omit<RunMetricsQuery, "source" | "projectId">, Exclude<Source, "raw">][] = [
        [{ from, to, filters: {} }, "rollup_model_hourly"],
        [{ from, to, filters: { provider: ["openai", "acme"] }, dimensions: ["model"], bucket: utcDays }, "rollup_model_hourly"],
        [{ from, to, filters: {}, dimensions: ["user"], bucket: { ...utcDays, granularity: "week" }, keep: ["u1"] }, "rollup_user_hourly"],
        [
          { from, to, filters: { namedPromptsOnly: true }, dimensions: ["prompt", "promptVersion"], bucket: utcDays },
          "rollup_prompt_hourly",
        ],
        [{ from, to, filters: { model: ["gpt-4o", "claude-sonnet"] }, dimensions: ["member"], bucket: utcDays }, "rollup_member_hourly"],
        // A zone with a whole-hour offset: totals and tables come from UTC days, its own days from hours.
        [
          { from: new Date("2026-11-18T23:00:00Z"), to: new Date("2026-11-23T23:00:00Z"), filters: {}, dimensions: ["user"] },
          "rollup_user_hourly",
        ],
        [
          {
            from: new Date("2026-11-18T23:00:00Z"),
            to: new Date("2026-11-23T23:00:00Z"),
            filters: {},
            dimensions: ["model"],
            bucket: { granularity: "day", timeZone: "Europe/Berlin", onUtcDays: false },
          },
          "rollup_model_hourly",
        ],
      ];
      for (const [query, rollup] of cases) {
        const { fromRollup, fromRaw } = await sameFromBoth(query, rollup);
        for (const [i, row] of fromRollup.entries()) {
          for (const key of ["p50LatencyMs", "p95LatencyMs"] as const) {
            const [daily, raw] = [row[key]!, fromRaw[i]![key]!];
            assert.ok(Math.abs(daily - raw) <= raw * 0.1, `${rollup} ${key}: ${daily} vs ${raw}`);
          }
        }
      }
      const [total] = await aggregateRunMetrics(store, { projectId: PROJECT, from, to, filters: {}, source: "rollup_user_hourly" });
      assert.equal(total?.requests, 24 * 5 + 11);
    });

    test("the optimizer reads whole UTC days from the rollups' daily projection", async () => {
      const scope = { projectId: PROJECT, from: new Date("2026-11-19T05:40:00Z"), to: new Date("2026-11-24T17:05:00Z"), filters: {} };
      for (const [source, dimensions] of [
        ["rollup_model_hourly", ["model"]],
        ["rollup_user_hourly", ["user"]],
        ["rollup_prompt_hourly", ["prompt"]],
        ["rollup_member_hourly", ["member"]],
      ] as const) {
        const { sql, params } = buildRunMetricsQuery({
          ...scope,
          filters: source === "rollup_prompt_hourly" ? { namedPromptsOnly: true } : {},
          dimensions: [...dimensions],
          bucket: { granularity: "day", timeZone: "UTC", onUtcDays: true },
          source,
        });
        const plan = await store.query<{ explain: string }>(`EXPLAIN projections = 1 ${sql}`, params);
        // The prompt rollup has two (0031's without the model); on rows this few both read one granule.
        const expected = /ReadFromMergeTree \(daily(_versions)?\)/;
        assert.match(plan.map((row) => row.explain).join("\n"), expected, source);
      }
      // Totals group by nothing; a read by model needs the prompt rollup's finer projection.
      for (const query of [
        { ...scope, source: "rollup_model_hourly" as const },
        { ...scope, filters: { namedPromptsOnly: true }, dimensions: ["model" as const], source: "rollup_prompt_hourly" as const },
      ]) {
        const { sql, params } = buildRunMetricsQuery(query);
        const plan = await store.query<{ explain: string }>(`EXPLAIN projections = 1 ${sql}`, params);
        assert.match(plan.map((row) => row.explain).join("\n"), /ReadFromMergeTree \(daily\)/, query.source);
      }
    });

    test("a batch answers each of its reads exactly as alone, in the read's own order", async () => {
      const from = new Date("2026-11-19T05:40:00Z");
      const to = new Date("2026-11-24T17:05:00Z");
      const reads: RunMetricsQuery[] = [
        { projectId: PROJECT, from, to, filters: {}, source: "rollup_model_hourly" },
        { projectId: PROJECT, from: new Date("2026-11-18T00:00:00Z"), to: from, filters: {}, source: "rollup_model_hourly" },
        {
          projectId: PROJECT,
          from,
          to,
          filters: {},
          bucket: { granularity: "day", timeZone: "Europe/Berlin" },
          dimensions: ["model", "provider"],
          source: "rollup_model_hourly",
        },
        {
          projectId: PROJECT,
          from,
          to,
          filters: { tag: ["even"] },
          dimensions: ["user"],
          keep: ["u0"],
          source: "raw",
          limit: 2,
          rankBy: "requests",
        },
      ];
      const batch = await aggregateRunMetricsBatch(store, reads);
      assert.equal(batch.length, reads.length);
      for (const [i, read] of reads.entries()) assert.deepEqual(batch[i], await aggregateRunMetrics(store, read), `read ${i}`);
      const feedbackBatch = await aggregateRunFeedbackBatch(store, reads);
      for (const [i, read] of reads.entries()) assert.deepEqual(feedbackBatch[i], await aggregateRunFeedback(store, read), `feedback ${i}`);
    });

    test("a ranked table with percentiles: the top groups, their figures and percentiles as in the whole table", async () => {
      const scope = { projectId: PROJECT, from: new Date("2026-11-18T00:00:00Z"), to: new Date("2026-11-28T00:00:00Z"), filters: {} };
      for (const [source, dimensions] of [
        ["rollup_user_hourly", ["user"]],
        ["rollup_model_hourly", ["provider", "model"]],
        ["raw", ["user"]],
      ] as const) {
        const top = await aggregateRunMetrics(store, { ...scope, source, dimensions: [...dimensions], limit: 2, rankBy: "requests" });
        const whole = await aggregateRunMetrics(store, { ...scope, source, dimensions: [...dimensions] });
        const most = Math.max(...whole.map((row) => row.requests));
        assert.equal(top.length, 2);
        for (const row of top) {
          const same = whole.find((other) => JSON.stringify(other.keys) === JSON.stringify(row.keys))!;
          assert.deepEqual(additive([row]), additive([same]), source);
          for (const key of ["p50LatencyMs", "p95LatencyMs"] as const) {
            assert.ok(
              row[key] !== null && Math.abs(row[key] - same[key]!) <= same[key]! * 0.01,
              `${source} ${key}: ${row[key]} vs ${same[key]}`,
            );
          }
        }
        assert.equal(top[0]!.requests, most, `${source}: ranked by requests`);
      }
    });

    test("latency quantiles agree between a rollup and raw spans", async () => {
      const { fromRollup, fromRaw } = await sameFromBoth(
        { from: new Date("2026-11-18T00:00:00Z"), to: new Date("2026-11-28T00:00:00Z"), filters: {} },
        "rollup_model_hourly",
      );
      for (const key of ["p50LatencyMs", "p95LatencyMs"] as const) {
        const [rollup, raw] = [fromRollup[0]![key]!, fromRaw[0]![key]!];
        assert.ok(Math.abs(rollup - raw) <= raw * 0.05, `${key}: ${rollup} vs ${raw}`);
      }
      assert.ok(fromRaw[0]!.p50LatencyMs! >= 350 && fromRaw[0]!.p50LatencyMs! <= 400, `p50 ${fromRaw[0]!.p50LatencyMs}`);
    });

    test("members are the owners of the keys, a deleted key included; only owners of the project's keys are named", async () => {
      await insertUser(store, { id: "u_ana", email: "ana@example.com", name: "Ana", passwordHash: "x" });
      await insertUser(store, { id: "u_stranger", email: "stranger@example.com", name: "Stranger", passwordHash: "x" });
      await insertApiKey(store, {
        id: "k_ana",
        kind: "ingest",
        orgId: "o1",
        projectId: PROJECT,
        userId: "u_ana",
        name: "ana",
        prefix: "p",
        secretHash: "h_ana",
      });
      await store.insert("api_keys", [
        {
          id: "k_ana",
          kind: "ingest",
          org_id: "o1",
          project_id: PROJECT,
          user_id: "u_ana",
          name: "ana",
          prefix: "p",
          secret_hash: "h_ana",
          created_at: "2026-11-01 00:00:00",
          revoked_at: null,
          version: Number.MAX_SAFE_INTEGER,
          is_deleted: 1,
        },
      ]);
      const rows = await aggregateRunMetrics(store, {
        projectId: PROJECT,
        from: new Date("2026-11-18T00:00:00Z"),
        to: new Date("2026-11-28T00:00:00Z"),
        filters: {},
        dimensions: ["member"],
        source: "raw",
        limit: 10,
      });
      assert.deepEqual(rows.map((row) => [row.keys[0], row.requests]).sort(), [
        ["", 160],
        ["u_ana", 80],
      ]);
      assert.deepEqual(await getMemberLabels(store, { projectId: PROJECT, userIds: ["u_ana", "u_stranger"] }), [
        { userId: "u_ana", email: "ana@example.com", name: "Ana" },
      ]);
    });

    test("feedback: the newest row per run counts, deleted rows do not, and revisions of a run do not double it", async () => {
      const runs = seededRuns();
      const feedback = (i: number, version: number, rating: number | null, success: boolean | null, isDeleted = 0) => ({
        project_id: PROJECT,
        span_id: runs[i]!.span_id,
        trace_id: runs[i]!.trace_id,
        run_start_time: runs[i]!.start_time,
        model: runs[i]!.model,
        provider: runs[i]!.provider,
        status_code: runs[i]!.status_code,
        tags: runs[i]!.tags,
        ingest_key_id: runs[i]!.ingest_key_id,
        prompt_name: "",
        prompt_version: "",
        user_id: "",
        rating,
        success,
        comment: "",
        author_user_id: "u",
        created_at: "2026-11-28 00:00:00",
        updated_at: "2026-11-28 00:00:00",
        version,
        is_deleted: isDeleted,
      });
      // Run 0 is an error (i % 5 == 0), run 1 is ok, run 3 is ok.
      await store.insert("feedback", [feedback(0, 1, 1, false), feedback(1, 1, 3, null), feedback(3, 1, 5, true)]);
      await store.insert("feedback", [feedback(0, 2, 4, true), feedback(3, 2, 5, true, 1)]);
      await insertSpans(store, { rows: [{ ...runs[1]!, version: 2, is_revision: true, output_text: "late content" }] });
      const scope = { projectId: PROJECT, from: new Date("2026-11-18T00:00:00Z"), to: new Date("2026-11-19T00:00:00Z"), filters: {} };
      const [totals] = await aggregateRunFeedback(store, scope);
      assert.deepEqual(totals, { keys: [], inKeep: true, ratedRuns: 2, ratingSum: 7, successOnError: 1, failureOnOk: 0 });
      const byModel = await aggregateRunFeedback(store, { ...scope, dimensions: ["model"] });
      assert.deepEqual(
        byModel.map((row) => [row.keys[0], row.ratedRuns, row.ratingSum]),
        [
          ["claude-sonnet", 1, 3],
          ["gpt-4o", 1, 4],
        ],
      );
    });
  });
}
