// The analytics routes as a dashboard meets them: seeded runs with hand-computed figures, read over
// HTTP through the router on a real embedded store. Each scenario has its own project.
import assert from "node:assert/strict";
import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import express, { type ErrorRequestHandler } from "express";
import {
  insertApiKey,
  insertSpans,
  insertUser,
  loadMigrations,
  migrate,
  openStore,
  rebuildRollupPartitions,
  type Store,
} from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { analyticsExporters } from "../../src/analytics/exporters.ts";
import { createAnalyticsRouter } from "../../src/analytics/router.ts";
import { AppError, NotFoundError, toErrorBody } from "../../src/http/errors.ts";
import type { AuthorizeProject } from "../../src/access/project-access.ts";
import { createExportRouter } from "../../src/runs/export-router.ts";

const NOW = new Date("2026-11-21T12:30:00Z");
const VISIBLE = new Set(["p_main", "p_rate", "p_edges", "p_quality", "p_upgrade"]);

let store: Store;
let dataDir: string;
let server: http.Server;
let baseUrl: string;

let nextSpan = 0;
/** An LLM run with neutral defaults; times are UTC. */
function run(overrides: Partial<SpanRow> & { project_id: string; start_time: string }): SpanRow {
  nextSpan += 1;
  const id = nextSpan.toString(16).padStart(16, "0");
  const durationNs = overrides.duration_ns ?? 1_000_000_000;
  const start = `${overrides.start_time.replace(" ", "T")}Z`;
  const end = new Date(Date.parse(start) + durationNs / 1e6).toISOString().replace("T", " ").replace("Z", "");
  return llmSpanRow({
    trace_id: id.padStart(32, "a"),
    span_id: id,
    end_time: end,
    duration_ns: durationNs,
    name: "chat",
    service_name: "checkout",
    scope_name: "test",
    scope_version: "1",
    request_model: overrides.model ?? "gpt-4o",
    response_model: overrides.model ?? "gpt-4o",
    model: "gpt-4o",
    priced_model: overrides.model ?? "gpt-4o",
    price_source: overrides.cost_usd === null ? "unknown" : "catalogue",
    input_tokens: 1000,
    output_tokens: 500,
    cost_usd: "0.01",
    finish_reason: "stop",
    ingested_at: "2026-11-21 00:00:00.000",
    ...overrides,
  });
}

let feedbackVersion = 0;
/** A feedback row for a run, as the rating and feedback routes write it (the newest row is the run's whole feedback). */
async function rate(span: SpanRow, feedback: { rating?: number | null; success?: boolean | null; deleted?: boolean }): Promise<void> {
  feedbackVersion += 1;
  await store.insert("feedback", [
    {
      project_id: span.project_id,
      span_id: span.span_id,
      trace_id: span.trace_id,
      run_start_time: span.start_time,
      model: span.model,
      provider: span.provider,
      status_code: span.status_code,
      tags: span.tags,
      ingest_key_id: span.ingest_key_id,
      prompt_name: span.prompt_name,
      prompt_version: span.prompt_version,
      user_id: span.user_id,
      rating: feedback.rating ?? null,
      success: feedback.success ?? null,
      comment: "",
      author_user_id: "u_viewer",
      created_at: "2026-11-21 00:00:00.000",
      updated_at: "2026-11-21 00:00:00.000",
      version: feedbackVersion,
      is_deleted: feedback.deleted ? 1 : 0,
    },
  ]);
}

// p_main: the runs most scenarios read. [2026-11-20, 2026-11-22) holds r1..r5; prev1, prev2 are in the
// two days before; `late` sits exactly on the end (excluded there); `early` is outside everything.
const alice = { ingest_key_id: "k_alice", user_id: "u1" };
const bob = { ingest_key_id: "k_bob", user_id: "u2" };
const claude = {
  model: "claude-sonnet",
  provider: "anthropic",
  cost_usd: "0.03",
  input_tokens: 2000,
  output_tokens: 1000,
  duration_ns: 2e9,
};
const main = {
  early: run({ project_id: "p_main", start_time: "2026-11-17 23:00:00", ...alice }),
  prev1: run({ project_id: "p_main", start_time: "2026-11-19 08:00:00", duration_ns: 5e8, ...alice }),
  prev2: run({ project_id: "p_main", start_time: "2026-11-19 09:00:00", duration_ns: 5e8, status_code: "error", ...alice }),
  r1: run({
    project_id: "p_main",
    start_time: "2026-11-20 10:15:00",
    ttft_ms: 200,
    prompt_name: "summarize",
    prompt_version: "v1",
    tags: ["t1"],
    ...alice,
  }),
  r2: run({
    project_id: "p_main",
    start_time: "2026-11-20 10:45:00",
    duration_ns: 3e9,
    status_code: "error",
    cost_usd: "0.005",
    output_tokens: 0,
    prompt_name: "summarize",
    prompt_version: "v2",
    ...alice,
  }),
  r3: run({
    project_id: "p_main",
    start_time: "2026-11-21 09:00:00",
    ...claude,
    ...bob,
    ttft_ms: 400,
    cache_read_tokens: 500,
    cache_write_tokens: 100,
    reasoning_tokens: 200,
    prompt_name: "summarize",
    prompt_version: "v2",
    tags: ["t1", "t2"],
  }),
  r4: run({ project_id: "p_main", start_time: "2026-11-21 23:59:59.999", ...claude, ...bob }),
  r5: run({
    project_id: "p_main",
    start_time: "2026-11-21 12:00:00",
    model: "unknown-x",
    provider: "acme",
    cost_usd: null,
    input_tokens: 100,
    output_tokens: 100,
  }),
  late: run({ project_id: "p_main", start_time: "2026-11-22 00:00:00", ...claude, ...bob }),
};
const rateA = run({ project_id: "p_rate", start_time: "2026-11-20 10:00:00" });
const rateB = run({ project_id: "p_rate", start_time: "2026-11-20 11:00:00" });
// p_edges: "the last 24h" before NOW is [2026-11-20 12:30, 2026-11-21 12:30): partial hours at both ends.
const edges = [
  run({ project_id: "p_edges", start_time: "2026-11-20 12:20:00" }),
  run({ project_id: "p_edges", start_time: "2026-11-20 12:45:00" }),
  run({ project_id: "p_edges", start_time: "2026-11-21 03:00:00" }),
  run({ project_id: "p_edges", start_time: "2026-11-21 12:10:00" }),
  run({ project_id: "p_edges", start_time: "2026-11-21 12:40:00" }),
];
const other = run({ project_id: "p_other", start_time: "2026-11-20 10:00:00", cost_usd: "99" });
// p_quality: runs with known quality flags (2 refusal, 8 truncated, 16 error), all on 2026-11-20 between
// 06:00 and 12:00 UTC (the same day in Kolkata). Passing every heuristic: q1, q4, q5, q6, q8, q9.
const gpt = { model: "gpt-4o", provider: "openai" };
const quality = {
  q1: run({ project_id: "p_quality", start_time: "2026-11-20 06:10:00", ...gpt, prompt_name: "triage", prompt_version: "v1" }),
  q2: run({
    project_id: "p_quality",
    start_time: "2026-11-20 07:20:00",
    ...gpt,
    prompt_name: "triage",
    prompt_version: "v1",
    quality_flags: 2,
  }),
  q9: run({ project_id: "p_quality", start_time: "2026-11-20 07:40:00", ...gpt, prompt_name: "triage", prompt_version: "v1" }),
  q3: run({
    project_id: "p_quality",
    start_time: "2026-11-20 08:30:00",
    ...gpt,
    prompt_name: "triage",
    prompt_version: "v2",
    quality_flags: 8,
  }),
  q4: run({ project_id: "p_quality", start_time: "2026-11-20 09:40:00", ...gpt }),
  q5: run({ project_id: "p_quality", start_time: "2026-11-20 10:05:00", ...claude, prompt_name: "triage", prompt_version: "v2" }),
  q6: run({ project_id: "p_quality", start_time: "2026-11-20 10:50:00", ...claude, prompt_name: "triage", prompt_version: "v2" }),
  q7: run({
    project_id: "p_quality",
    start_time: "2026-11-20 11:15:00",
    ...claude,
    prompt_name: "triage",
    prompt_version: "v2",
    status_code: "error",
    quality_flags: 16,
  }),
  q8: run({ project_id: "p_quality", start_time: "2026-11-20 11:45:00", ...claude }),
};
// p_upgrade: runs stored before migration 0017 (October 10th: ok, ok, a refusal, truncated) and after it
// (October 20th: ok, ok, ok, an error).
const upgradeBefore = [0, 0, 2, 8].map((flags, i) =>
  run({ project_id: "p_upgrade", start_time: `2026-10-10 0${i}:30:00`, quality_flags: flags }),
);
const upgradeAfter = [0, 0, 0, 16].map((flags, i) =>
  run({ project_id: "p_upgrade", start_time: `2026-10-20 0${i}:30:00`, quality_flags: flags, status_code: flags ? "error" : "ok" }),
);

const authorizeProject: AuthorizeProject = async (_req, projectId) => {
  if (!VISIBLE.has(projectId)) throw new NotFoundError("Project not found");
  return { projectId, orgId: "org_1", role: "viewer", userId: "u_viewer" };
};

const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof AppError) res.status(error.status).json(toErrorBody(error));
  else res.status(500).json({ error: { code: "internal_error", message: String(error) } });
};

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-analytics-api-"));
  store = openStore({ kind: "embedded", dataDir });
  // An install upgraded with runs in it: p_upgrade's first runs are rolled up before migration 0017.
  await migrate(
    store,
    loadMigrations().filter((migration) => migration.version < 17),
  );
  await insertSpans(store, { rows: upgradeBefore });
  await migrate(store);
  await insertSpans(store, { rows: [...Object.values(main), rateA, rateB, ...edges, other, ...Object.values(quality), ...upgradeAfter] });
  for (const [id, email, name] of [
    ["u_alice", "alice@example.com", "Alice"],
    ["u_bob", "bob@example.com", "Bob"],
  ] as const) {
    await insertUser(store, { id, email, name, passwordHash: "x" });
    await insertApiKey(store, {
      id: `k_${name.toLowerCase()}`,
      kind: "ingest",
      orgId: "org_1",
      projectId: "p_main",
      userId: id,
      name,
      prefix: "pm_ingest_x",
      secretHash: `hash_${id}`,
    });
  }
  await rate(main.r1, { rating: 2 });
  await rate(main.r1, { rating: 5 });
  await rate(main.r2, { rating: 4, success: true });
  await rate(main.r3, { success: false });
  await rate(main.r4, { success: false });
  await rate(main.r5, { success: false });
  await rate(main.r5, { success: false, deleted: true });
  await rate(other, { rating: 1, success: false });

  const app = express();
  app.use(createAnalyticsRouter({ store, authorizeProject, now: () => NOW }));
  const unused = () => {
    throw new Error("not used by exports");
  };
  app.use(
    createExportRouter(
      { store, authorizeProject, authorizeOrg: unused, resolveCaller: unused, now: () => NOW },
      { exporters: analyticsExporters() },
    ),
  );
  app.use(errorHandler);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/analytics`;
});

after(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function get(route: string, query: Record<string, string | string[]>): Promise<{ status: number; body: any }> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of [value].flat()) search.append(name, one);
  const response = await fetch(`${baseUrl}/${route}?${search}`);
  return { status: response.status, body: await response.json() };
}

async function ok(route: string, query: Record<string, string | string[]>): Promise<any> {
  const { status, body } = await get(route, query);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

/** Floating-point figures (derived ratios, summed doubles) compared to 1e-9. */
function near(actual: unknown, expected: number, what: string): void {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) < 1e-9, `${what}: ${String(actual)} is not ${expected}`);
}

const twoDays = { projectId: "p_main", from: "2026-11-20T00:00:00Z", to: "2026-11-22T00:00:00Z" };

describe("overview", () => {
  test("totals of the range and of the two days before, from the model rollup", async () => {
    const body = await ok("overview", twoDays);
    const { p50LatencyMs, p95LatencyMs, costUsd, ...exact } = body.totals;
    assert.deepEqual(exact, {
      requests: 5,
      errors: 1,
      errorRate: 0.2,
      inputTokens: 6100,
      outputTokens: 2600,
      cacheReadTokens: 500,
      cacheWriteTokens: 100,
      reasoningTokens: 200,
      avgLatencyMs: 1800,
      avgTtftMs: 300,
      // r2 is an error marked successful; r3 and r4 are ok but marked unsuccessful; r5's flag was deleted.
      successRate: 0.6,
      // r1 re-rated from 2 to 5, r2 rated 4.
      avgRating: 4.5,
      ratedRuns: 2,
      // No run has a quality flag (p_quality has those).
      qualityRate: 1,
      qualityRuns: 5,
    });
    near(costUsd, 0.075, "costUsd");
    assert.ok(p50LatencyMs >= 1000 && p50LatencyMs <= 2000, `p50 ${p50LatencyMs}`);
    assert.ok(p95LatencyMs >= 2000 && p95LatencyMs <= 3000, `p95 ${p95LatencyMs}`);
    assert.deepEqual(body.previous, {
      requests: 2,
      errors: 1,
      errorRate: 0.5,
      inputTokens: 2000,
      outputTokens: 1000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.02,
      avgLatencyMs: 500,
      p50LatencyMs: 500,
      p95LatencyMs: 500,
      avgTtftMs: null,
      successRate: 0.5,
      avgRating: null,
      ratedRuns: 0,
      qualityRate: 1,
      qualityRuns: 2,
    });
    assert.deepEqual(body.previousRange, { from: "2026-11-18T00:00:00.000Z", to: "2026-11-20T00:00:00.000Z" });
    assert.deepEqual(body.meta, {
      projectId: "p_main",
      from: "2026-11-20T00:00:00.000Z",
      to: "2026-11-22T00:00:00.000Z",
      timeZone: "UTC",
      granularity: "hour",
      sources: ["rollup_model_hourly"],
    });
  });

  test("'the last 24h' counts the partial hours at both ends exactly, and matches raw spans", async () => {
    const body = await ok("overview", { projectId: "p_edges", from: "24h" });
    assert.equal(body.meta.from, "2026-11-20T12:30:00.000Z");
    assert.equal(body.meta.to, "2026-11-21T12:30:00.000Z");
    assert.deepEqual(body.meta.sources, ["rollup_model_hourly"]);
    assert.equal(body.totals.requests, 3);
    assert.equal(body.previous.requests, 1);
    const raw = await ok("overview", { projectId: "p_edges", from: "24h", status: "ok" });
    assert.deepEqual(raw.meta.sources, ["raw"]);
    assert.equal(raw.totals.requests, 3);
  });

  test("filters narrow the figures; a filter value like ' OR 1=1 -- is just a value", async () => {
    const errors = await ok("overview", { ...twoDays, status: "error" });
    assert.equal(errors.totals.requests, 1);
    near(errors.totals.costUsd, 0.005, "cost of errors");
    const byTwoModels = await ok("overview", { ...twoDays, model: ["gpt-4o", "unknown-x"] });
    assert.equal(byTwoModels.totals.requests, 3);
    const injected = await ok("overview", { ...twoDays, model: "' OR 1=1 --" });
    assert.equal(injected.totals.requests, 0);
    assert.equal(injected.totals.costUsd, 0);
    assert.equal(injected.totals.successRate, null);
  });
});

describe("trends", () => {
  test("daily buckets in New York, zero-filled, from the rollup", async () => {
    const body = await ok("trends", {
      projectId: "p_main",
      from: "2026-11-19",
      to: "2026-11-23",
      tz: "America/New_York",
      granularity: "day",
      metric: "requests",
    });
    assert.deepEqual(body.meta.sources, ["rollup_model_hourly"]);
    assert.deepEqual(body.series, [
      {
        kind: "total",
        key: null,
        points: [
          { bucket: "2026-11-19T00:00:00-05:00", value: 2 },
          { bucket: "2026-11-20T00:00:00-05:00", value: 2 },
          // 04:00, 07:00, 18:59 and 19:00 local: `late` (00:00 UTC on the 22nd) is still the 21st in New York.
          { bucket: "2026-11-21T00:00:00-05:00", value: 4 },
          { bucket: "2026-11-22T00:00:00-05:00", value: 0 },
        ],
      },
    ]);
    const cost = await ok("trends", {
      projectId: "p_main",
      from: "2026-11-19",
      to: "2026-11-23",
      tz: "America/New_York",
      granularity: "day",
      metric: "cost",
    });
    assert.equal(cost.metric, "costUsd");
    [0.02, 0.015, 0.09, 0].forEach((expected, i) => near(cost.series[0].points[i].value, expected, `cost day ${i}`));
  });

  test("Asia/Kolkata days come from raw spans and add up to the same totals", async () => {
    const range = { projectId: "p_main", from: "2026-11-19T00:00:00Z", to: "2026-11-23T00:00:00Z" };
    const kolkata = await ok("trends", { ...range, tz: "Asia/Kolkata", granularity: "day", metric: "requests" });
    assert.deepEqual(kolkata.meta.sources, ["raw"]);
    assert.deepEqual(kolkata.series[0].points, [
      { bucket: "2026-11-19T00:00:00+05:30", value: 2 },
      { bucket: "2026-11-20T00:00:00+05:30", value: 2 },
      { bucket: "2026-11-21T00:00:00+05:30", value: 2 },
      { bucket: "2026-11-22T00:00:00+05:30", value: 2 },
      { bucket: "2026-11-23T00:00:00+05:30", value: 0 },
    ]);
    const utc = await ok("trends", { ...range, granularity: "day", metric: "requests" });
    assert.deepEqual(utc.meta.sources, ["rollup_model_hourly"]);
    const overview = await ok("overview", range);
    const sum = (body: any) => body.series[0].points.reduce((total: number, point: any) => total + point.value, 0);
    assert.equal(sum(kolkata), 8);
    assert.equal(sum(utc), 8);
    assert.equal(overview.totals.requests, 8);
    const kolkataCost = await ok("trends", { ...range, tz: "Asia/Kolkata", granularity: "day", metric: "costUsd" });
    near(sum(kolkataCost), overview.totals.costUsd, "cost in Kolkata days");
    near(overview.totals.costUsd, 0.125, "cost over the four days");
  });

  test("split by model: the top group keeps its series, the rest sum into 'other'", async () => {
    const cost = await ok("trends", { ...twoDays, granularity: "day", metric: "cost", splitBy: "model", top: "1" });
    assert.equal(cost.splitBy, "model");
    assert.deepEqual(
      cost.series.map((series: any) => [series.kind, series.key, series.points.map((point: any) => point.value)]),
      [
        ["group", "claude-sonnet", [0, 0.06]],
        ["other", null, [0.015, 0]],
      ],
    );
    const successRate = await ok("trends", { ...twoDays, granularity: "day", metric: "successRate", splitBy: "model", top: "1" });
    assert.deepEqual(
      successRate.series.map((series: any) => [series.kind, series.key, series.points.map((point: any) => point.value)]),
      [
        ["group", "claude-sonnet", [null, 0]],
        ["other", null, [1, 1]],
      ],
    );
    const all = await ok("trends", { ...twoDays, granularity: "day", metric: "requests", splitBy: "model", top: "5" });
    assert.deepEqual(
      all.series.map((series: any) => [series.kind, series.key, series.points.map((point: any) => point.value)]),
      [
        ["group", "claude-sonnet", [0, 2]],
        ["group", "gpt-4o", [2, 0]],
        ["group", "unknown-x", [0, 1]],
      ],
      "no 'other' when every group fits",
    );
  });
});

describe("costs", () => {
  test("by model: largest first, shares add up to 1", async () => {
    const body = await ok("costs", { ...twoDays, groupBy: "model" });
    near(body.totalCostUsd, 0.075, "total");
    assert.equal(body.totalRequests, 5);
    assert.deepEqual(
      body.groups.map((group: any) => [group.key, group.requests]),
      [
        ["claude-sonnet", 2],
        ["gpt-4o", 2],
        ["unknown-x", 1],
      ],
    );
    near(body.groups[0].costUsd, 0.06, "claude cost");
    near(body.groups[0].share, 0.8, "claude share");
    near(body.groups[1].share, 0.2, "gpt-4o share");
    assert.equal(body.groups[2].share, 0);
    near(
      body.groups.reduce((sum: number, group: any) => sum + group.share, 0),
      1,
      "shares",
    );
    assert.deepEqual([body.truncated, body.otherCostUsd], [false, 0]);
    const top = await ok("costs", { ...twoDays, groupBy: "model", limit: "1" });
    assert.deepEqual(
      top.groups.map((group: any) => group.key),
      ["claude-sonnet"],
    );
    assert.equal(top.truncated, true);
    near(top.otherCostUsd, 0.015, "cost of the groups left out");
  });

  test("by team member: the owner of the key that sent each run", async () => {
    const body = await ok("costs", { ...twoDays, groupBy: "member" });
    assert.deepEqual(body.meta.sources, ["rollup_model_hourly", "rollup_member_hourly"]);
    assert.deepEqual(
      body.groups.map((group: any) => [group.key, group.email, group.name, group.requests, Math.round(group.costUsd * 1e6)]),
      [
        ["u_bob", "bob@example.com", "Bob", 2, 60000],
        ["u_alice", "alice@example.com", "Alice", 2, 15000],
        ["", null, null, 1, 0],
      ],
    );
  });

  test("by tag: a run counts under each of its tags, untagged runs under ''", async () => {
    const body = await ok("costs", { ...twoDays, groupBy: "tag" });
    assert.deepEqual(
      body.groups.map((group: any) => [group.key, Math.round(group.costUsd * 1e6)]),
      [
        ["t1", 40000],
        ["", 35000],
        ["t2", 30000],
      ],
    );
    assert.equal(body.otherCostUsd, null);
  });
});

describe("models", () => {
  test("side by side: volume, unit costs, latency, errors, success and ratings", async () => {
    const body = await ok("models", twoDays);
    assert.deepEqual(
      body.models.map((row: any) => `${row.provider}/${row.model}`),
      ["anthropic/claude-sonnet", "openai/gpt-4o", "acme/unknown-x"],
    );
    const [claudeRow, gptRow, unknownRow] = body.models;
    assert.deepEqual(
      [
        claudeRow.requests,
        claudeRow.tokensPerRequest,
        claudeRow.p50LatencyMs,
        claudeRow.p95LatencyMs,
        claudeRow.avgTtftMs,
        claudeRow.errorRate,
        claudeRow.successRate,
        claudeRow.avgRating,
      ],
      [2, 3000, 2000, 2000, 400, 0, 0, null],
    );
    near(claudeRow.costUsd, 0.06, "claude cost");
    near(claudeRow.costPer1kRequests, 30, "claude per 1k requests");
    near(claudeRow.costPer1MTokens, 10, "claude per 1M tokens");
    assert.deepEqual(
      [
        gptRow.requests,
        gptRow.tokensPerRequest,
        gptRow.errorRate,
        gptRow.successRate,
        gptRow.avgRating,
        gptRow.ratedRuns,
        gptRow.avgTtftMs,
      ],
      [2, 1250, 0.5, 1, 4.5, 2, 200],
    );
    near(gptRow.costPer1kRequests, 7.5, "gpt-4o per 1k requests");
    near(gptRow.costPer1MTokens, 6, "gpt-4o per 1M tokens");
    assert.deepEqual([unknownRow.requests, unknownRow.costUsd, unknownRow.costPer1MTokens, unknownRow.successRate], [1, 0, 0, 1]);
  });
});

describe("success rate and ratings", () => {
  test("over time and by model, prompt and version", async () => {
    const body = await ok("success-rate", { ...twoDays, granularity: "day" });
    const known = (runs: number) => ({ qualityRate: 1, qualityRuns: runs });
    assert.deepEqual(body.totals, { requests: 5, errors: 1, successRate: 0.6, avgRating: 4.5, ratedRuns: 2, ...known(5) });
    assert.deepEqual(body.series, [
      { bucket: "2026-11-20T00:00:00+00:00", requests: 2, errors: 1, successRate: 1, avgRating: 4.5, ratedRuns: 2, ...known(2) },
      { bucket: "2026-11-21T00:00:00+00:00", requests: 3, errors: 0, successRate: 1 / 3, avgRating: null, ratedRuns: 0, ...known(3) },
    ]);
    assert.deepEqual(
      body.byModel.map((row: any) => [row.model, row.requests, row.successRate]),
      [
        ["claude-sonnet", 2, 0],
        ["gpt-4o", 2, 1],
        ["unknown-x", 1, 1],
      ],
    );
    assert.deepEqual(body.byPrompt, [
      { prompt: "summarize", requests: 3, errors: 1, successRate: 2 / 3, avgRating: 4.5, ratedRuns: 2, ...known(3) },
    ]);
    assert.deepEqual(body.byPromptVersion, [
      { prompt: "summarize", version: "v2", requests: 2, errors: 1, successRate: 0.5, avgRating: 4, ratedRuns: 1, ...known(2) },
      { prompt: "summarize", version: "v1", requests: 1, errors: 0, successRate: 1, avgRating: 5, ratedRuns: 1, ...known(1) },
    ]);
  });

  test("a rating changes the figures; a re-rating replaces it; a deleted one is gone", async () => {
    const query = { projectId: "p_rate", from: "2026-11-20", to: "2026-11-21" };
    const totals = async () => {
      const { qualityRate, qualityRuns, ...rest } = (await ok("success-rate", query)).totals;
      assert.deepEqual([qualityRate, qualityRuns], [1, 2]);
      return rest;
    };
    assert.deepEqual(await totals(), { requests: 2, errors: 0, successRate: 1, avgRating: null, ratedRuns: 0 });
    await rate(rateA, { rating: 2, success: false });
    assert.deepEqual(await totals(), { requests: 2, errors: 0, successRate: 0.5, avgRating: 2, ratedRuns: 1 });
    await rate(rateA, { rating: 4, success: true });
    assert.deepEqual(await totals(), { requests: 2, errors: 0, successRate: 1, avgRating: 4, ratedRuns: 1 });
    await rate(rateB, { rating: 1 });
    assert.deepEqual(await totals(), { requests: 2, errors: 0, successRate: 1, avgRating: 2.5, ratedRuns: 2 });
    await rate(rateB, { rating: 1, deleted: true });
    assert.deepEqual(await totals(), { requests: 2, errors: 0, successRate: 1, avgRating: 4, ratedRuns: 1 });
  });
});

describe("users", () => {
  test("by end user and by team member", async () => {
    const body = await ok("users", twoDays);
    assert.deepEqual(
      body.byUser.map((row: any) => [row.userId, row.requests, Math.round(row.costUsd * 1e6)]),
      [
        ["u2", 2, 60000],
        ["u1", 2, 15000],
        ["", 1, 0],
      ],
    );
    assert.deepEqual(
      body.byMember.map((row: any) => [row.memberId, row.email, row.name, row.requests, row.successRate, row.avgRating]),
      [
        ["u_bob", "bob@example.com", "Bob", 2, 0, null],
        ["u_alice", "alice@example.com", "Alice", 2, 1, 4.5],
        ["", null, null, 1, 1, null],
      ],
    );
    assert.deepEqual(body.meta.sources, ["rollup_user_hourly", "rollup_member_hourly"]);
  });
});

describe("prompts", () => {
  test("per prompt version, and two versions side by side", async () => {
    const body = await ok("prompts", { ...twoDays, prompt: "summarize", compare: "v1,v2" });
    assert.deepEqual(body.meta.sources, ["rollup_prompt_hourly"]);
    assert.deepEqual(
      body.prompts.map((row: any) => [row.prompt, row.version, row.requests, row.tokensPerRun]),
      [
        ["summarize", "v2", 2, 2000],
        ["summarize", "v1", 1, 1500],
      ],
    );
    near(body.prompts[0].costPerRun, 0.0175, "v2 cost per run");
    assert.equal(body.comparison.prompt, "summarize");
    const [v1, v2] = body.comparison.versions;
    assert.deepEqual([v1.version, v1.requests, v1.costUsd, v1.successRate, v1.avgRating, v1.avgLatencyMs], ["v1", 1, 0.01, 1, 5, 1000]);
    assert.deepEqual([v2.version, v2.requests, v2.errorRate, v2.successRate, v2.avgRating, v2.avgLatencyMs], ["v2", 2, 0.5, 0.5, 4, 2500]);
    near(v2.costUsd, 0.035, "v2 cost");
    const missing = await ok("prompts", { ...twoDays, prompt: "summarize", compare: "v1,v9" });
    assert.deepEqual(
      [missing.comparison.versions[1].version, missing.comparison.versions[1].requests, missing.comparison.versions[1].costPerRun],
      ["v9", 0, null],
    );
  });
});

describe("heuristic quality", () => {
  const day = { projectId: "p_quality", from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" };
  // A status filter is answered from raw spans; both statuses keep every run.
  const raw = { ...day, status: ["ok", "error"] };

  test("overview, models and prompts: the share of runs with no failing heuristic, the same from the rollups and from raw spans", async () => {
    for (const [query, source] of [
      [day, "rollup_model_hourly"],
      [raw, "raw"],
    ] as const) {
      const overview = await ok("overview", query);
      assert.deepEqual(overview.meta.sources, [source]);
      const { requests, qualityRuns, qualityRate, successRate } = overview.totals;
      // Six of nine pass: q2 is a refusal, q3 truncated, q7 an error.
      assert.deepEqual([requests, qualityRuns], [9, 9], source);
      near(qualityRate, 6 / 9, `overview quality (${source})`);
      near(successRate, 8 / 9, `success beside it (${source})`);

      const models = await ok("models", query);
      assert.deepEqual(models.meta.sources, [source]);
      assert.deepEqual(
        models.models.map((row: any) => [row.model, row.requests, row.qualityRuns, row.qualityRate]),
        [
          ["claude-sonnet", 4, 4, 0.75],
          ["gpt-4o", 5, 5, 0.6],
        ],
        source,
      );

      const prompts = await ok("prompts", query);
      assert.deepEqual(prompts.meta.sources, [source === "raw" ? "raw" : "rollup_prompt_hourly"]);
      assert.deepEqual(
        prompts.prompts.map((row: any) => [row.version, row.requests, row.qualityRuns]),
        [
          ["v2", 4, 4],
          ["v1", 3, 3],
        ],
        source,
      );
      near(prompts.prompts[0].qualityRate, 0.5, `v2 quality (${source})`);
      near(prompts.prompts[1].qualityRate, 2 / 3, `v1 quality (${source})`);

      const success = await ok("success-rate", query);
      near(success.totals.qualityRate, 6 / 9, `success-rate totals (${source})`);
      assert.deepEqual(
        success.byModel.map((row: any) => [row.model, row.qualityRate]),
        [
          ["gpt-4o", 0.6],
          ["claude-sonnet", 0.75],
        ],
      );
    }
  });

  test("daily quality in Kolkata (a :30 zone, raw spans) equals the UTC day's from the rollup", async () => {
    const range = { projectId: "p_quality", from: "2026-11-20", to: "2026-11-21", granularity: "day", metric: "qualityRate" };
    const utc = await ok("trends", { ...range, splitBy: "model" });
    const kolkata = await ok("trends", { ...range, splitBy: "model", tz: "Asia/Kolkata" });
    assert.deepEqual(utc.meta.sources, ["rollup_model_hourly"]);
    assert.deepEqual(kolkata.meta.sources, ["rollup_model_hourly", "raw"], "the ranking is time-zone free; the series is not");
    for (const [body, bucket] of [
      [utc, "2026-11-20T00:00:00+00:00"],
      [kolkata, "2026-11-20T00:00:00+05:30"],
    ] as const) {
      assert.deepEqual(
        body.series.map((series: any) => [series.key, series.points]),
        [
          ["gpt-4o", [{ bucket, value: 0.6 }]],
          ["claude-sonnet", [{ bucket, value: 0.75 }]],
        ],
      );
    }
  });

  test("the models export carries qualityRate and qualityRuns beside successRate", async () => {
    const search = new URLSearchParams({ ...day, what: "models", format: "csv" });
    const response = await fetch(`${baseUrl}/export?${search}`);
    assert.equal(response.status, 200);
    const [header, ...lines] = (await response.text()).trimEnd().split("\r\n");
    const columns = header!.split(",");
    const cell = (line: string, column: string) => line.split(",")[columns.indexOf(column)];
    assert.deepEqual(
      lines.map((line) => [cell(line, "model"), cell(line, "successRate"), cell(line, "qualityRate"), cell(line, "qualityRuns")]),
      [
        ["claude-sonnet", "0.75", "0.75", "4"],
        ["gpt-4o", "1", "0.6", "5"],
      ],
    );
  });

  test("runs rolled up before migration 0017 read 'not known' (null), not 100%; raw spans know them, and a rebuild fills the rollup", async () => {
    const tenth = { projectId: "p_upgrade", from: "2026-10-10", to: "2026-10-11" };
    const october = { projectId: "p_upgrade", from: "2026-10-01", to: "2026-11-01" };
    const figures = async (query: Record<string, string | string[]>) => {
      const { meta, totals } = await ok("overview", query);
      return [meta.sources[0], totals.requests, totals.qualityRuns, totals.qualityRate];
    };
    assert.deepEqual(await figures(tenth), ["rollup_model_hourly", 4, 0, null]);
    assert.deepEqual(await figures({ ...tenth, status: ["ok", "error"] }), ["raw", 4, 4, 0.5]);
    // A range across the upgrade: the rate rests on the runs counted since (3 of 4 pass), and says so.
    assert.deepEqual(await figures(october), ["rollup_model_hourly", 8, 4, 0.75]);
    const [model] = (await ok("models", october)).models;
    assert.deepEqual([model.requests, model.qualityRuns, model.qualityRate], [8, 4, 0.75]);

    // promptmetrics rebuild-rollups over October: both now agree with raw spans.
    await rebuildRollupPartitions(store, { partitions: [202610] });
    assert.deepEqual(await figures(tenth), ["rollup_model_hourly", 4, 4, 0.5]);
    assert.deepEqual(await figures(october), ["rollup_model_hourly", 8, 8, 5 / 8]);
    assert.deepEqual(await figures({ ...october, status: ["ok", "error"] }), ["raw", 8, 8, 5 / 8]);
  });
});

describe("access and bad input", () => {
  test("another org's project is a 404 on every route, even with bad parameters", async () => {
    for (const route of ["overview", "costs", "trends", "models", "success-rate", "users", "prompts"]) {
      const { status, body } = await get(route, { projectId: "p_other", from: "2026-11-20", to: "2026-11-22" });
      assert.equal(status, 404, route);
      assert.equal(body.error.code, "not_found");
    }
    assert.equal((await get("overview", { projectId: "p_other", from: "yesterday" })).status, 404);
  });

  test("bad parameters are a 400 naming the field", async () => {
    const cases: [string, Record<string, string | string[]>, string][] = [
      ["overview", { projectId: "p_main", from: "yesterday" }, "from"],
      ["overview", { projectId: "p_main", from: "2026-11-22", to: "2026-11-20" }, "from"],
      ["overview", { projectId: "p_main", tz: "Mars/Olympus_Mons" }, "tz"],
      ["trends", { projectId: "p_main", from: "30d", granularity: "minute" }, "granularity"],
      ["trends", { projectId: "p_main", granularity: "fortnight" }, "granularity"],
      ["overview", { projectId: "p_main", colour: "blue" }, "colour"],
      ["costs", { projectId: "p_main", groupBy: "colour" }, "groupBy"],
      ["overview", { from: "7d" }, "projectId"],
      ["overview", { projectId: ["p_main", "p_other"] }, "projectId"],
      ["prompts", { projectId: "p_main", compare: "v1,v2" }, "compare"],
      ["overview", { projectId: "p_main", status: "maybe" }, "status"],
    ];
    for (const [route, query, field] of cases) {
      const { status, body } = await get(route, query);
      assert.equal(status, 400, `${route} ${JSON.stringify(query)}: ${JSON.stringify(body)}`);
      assert.equal(body.error.code, "validation_error");
      assert.equal(body.error.field, field, JSON.stringify(body));
    }
  });
});
