// Nothing counted twice (issue #16), against the real embedded store: the same provider call described
// by two instrumentations' spans that arrive in different inserts, and one span stored by two writers at
// the same moment. Every case checks what a user reads: llm_runs, the rollups' requests and cost, and
// that the rollups agree with the runs (findRollupDisagreements).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { findRollupDisagreements, migrate, nextVersion, openStore, rebuildRollupPartitions, type Store } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { RecentKeys } from "../../src/writer/recent-keys.ts";
import { createSpanWriter, type SpanWriter } from "../../src/writer/span-writer.ts";
import { spanRow } from "../span-rows.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-double-count-"));
let store: Store;
before(async () => {
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function newWriter(): SpanWriter {
  return createSpanWriter({ store, recentKeys: new RecentKeys(), maxBatchRows: 10_000, maxQueueBytes: 64 * 1024 * 1024, lingerMs: 0 });
}

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const OTHER_TRACE = "5cf92f3577b34da6a3ce929d0e0e4737";

/** Traceloop's span of one Anthropic call and the SDK's own span of it (as mapped: same usage and cost). */
function callSpans(
  projectId: string,
  { sdkTrace = TRACE, nested = true }: { sdkTrace?: string; nested?: boolean } = {},
): {
  traceloop: SpanRow;
  sdk: SpanRow;
} {
  const figures = {
    project_id: projectId,
    provider: "anthropic",
    request_model: "claude-haiku-4-5",
    response_model: "claude-haiku-4-5-20251001",
    model: "claude-haiku-4-5-20251001",
    priced_model: "claude-haiku-4-5",
    input_tokens: 2920,
    output_tokens: 90,
    cache_read_tokens: 2000,
    cache_write_tokens: 800,
    cost_usd: "0.00177",
    start_time: "2026-11-25 10:00:00.000000000",
    end_time: "2026-11-25 10:00:01.000000000",
  };
  const traceloop = spanRow({
    ...figures,
    trace_id: TRACE,
    span_id: "00000000000000a1",
    scope_name: "@traceloop/instrumentation-anthropic",
  });
  const sdk = spanRow({
    ...figures,
    trace_id: sdkTrace,
    span_id: "00000000000000b2",
    parent_span_id: nested ? traceloop.span_id : "",
    scope_name: "com.anthropic.sdk.typescript",
    start_time: "2026-11-25 10:00:00.100000000",
    end_time: "2026-11-25 10:00:00.900000000",
    span_attributes: { "gen_ai.response.id": "msg_01" },
  });
  return { traceloop, sdk };
}

async function runsOf(projectId: string): Promise<{ span_id: string; cost_usd: string }[]> {
  return store.query("SELECT span_id, toString(cost_usd) AS cost_usd FROM llm_runs WHERE project_id = {p:String} ORDER BY span_id", {
    p: projectId,
  });
}

async function rollupOf(projectId: string): Promise<{ requests: number; cost: string; tokens: number }> {
  const [row] = await store.query<{ requests: number; cost: string; tokens: number }>(
    `SELECT toUInt64(sum(requests)) AS requests, toString(sum(cost_usd)) AS cost, toUInt64(sum(input_tokens)) AS tokens
     FROM rollup_model_hourly WHERE project_id = {p:String}`,
    { p: projectId },
  );
  return { requests: Number(row!.requests), cost: row!.cost, tokens: Number(row!.tokens) };
}

async function disagreements(projectId: string) {
  return findRollupDisagreements(store, { from: new Date("2026-11-25T00:00:00Z"), to: new Date("2026-11-26T00:00:00Z"), projectId });
}

test("the SDK's nested span stored first, Traceloop's outer span in a later insert: one run, Traceloop's, counted once", async () => {
  const projectId = "p_nested_later";
  const { traceloop, sdk } = callSpans(projectId);
  const writer = newWriter();
  await writer.submit([sdk], { bytes: 1 });
  assert.deepEqual(await runsOf(projectId), [{ span_id: sdk.span_id, cost_usd: "0.00177" }], "premise: the SDK's span alone is a run");
  await writer.submit([traceloop], { bytes: 1 });
  await writer.close();
  assert.deepEqual(await runsOf(projectId), [{ span_id: traceloop.span_id, cost_usd: "0.00177" }]);
  assert.deepEqual(await rollupOf(projectId), { requests: 1, cost: "0.00177", tokens: 2920 });
  assert.deepEqual(await disagreements(projectId), []);
  // The SDK's span is still stored, marked as the same call as Traceloop's.
  const [sdkNow] = await store.query<{ superseded_by: string }>(
    "SELECT superseded_by FROM spans FINAL WHERE project_id = {p:String} AND span_id = {s:String}",
    { p: projectId, s: sdk.span_id },
  );
  assert.equal(sdkNow?.superseded_by, `${TRACE}/${traceloop.span_id}`);
});

test("Traceloop's outer span stored first, the SDK's nested span later: one run, counted once", async () => {
  const projectId = "p_nested_earlier";
  const { traceloop, sdk } = callSpans(projectId);
  const writer = newWriter();
  await writer.submit([traceloop], { bytes: 1 });
  await writer.submit([sdk], { bytes: 1 });
  await writer.close();
  assert.deepEqual(await runsOf(projectId), [{ span_id: traceloop.span_id, cost_usd: "0.00177" }]);
  assert.deepEqual(await rollupOf(projectId), { requests: 1, cost: "0.00177", tokens: 2920 });
  assert.deepEqual(await disagreements(projectId), []);
});

test("the two spans in two traces (a stream) and two inserts: matched by their figures, one run", async () => {
  const projectId = "p_two_traces";
  const { traceloop, sdk } = callSpans(projectId, { sdkTrace: OTHER_TRACE, nested: false });
  const writer = newWriter();
  await writer.submit([sdk], { bytes: 1 });
  await writer.submit([traceloop], { bytes: 1 });
  await writer.close();
  assert.deepEqual(await runsOf(projectId), [{ span_id: sdk.span_id, cost_usd: "0.00177" }]);
  assert.deepEqual(await rollupOf(projectId), { requests: 1, cost: "0.00177", tokens: 2920 });
  assert.deepEqual(await disagreements(projectId), []);
});

test("two identical calls at once, each with both spans: two runs, never fewer", async () => {
  const projectId = "p_burst";
  const first = callSpans(projectId, { sdkTrace: OTHER_TRACE, nested: false });
  const second = {
    traceloop: { ...first.traceloop, span_id: "00000000000000c3" },
    sdk: { ...first.sdk, span_id: "00000000000000d4", span_attributes: { "gen_ai.response.id": "msg_02" } },
  };
  const writer = newWriter();
  await writer.submit([first.sdk, second.sdk], { bytes: 1 });
  await writer.submit([first.traceloop, second.traceloop], { bytes: 1 });
  await writer.close();
  assert.equal((await runsOf(projectId)).length, 2);
  assert.deepEqual(await rollupOf(projectId), { requests: 2, cost: "0.00354", tokens: 5840 });
  assert.deepEqual(await disagreements(projectId), []);
});

test("a superseded run stays out when the rollups are rebuilt from the spans (as a reprice does)", async () => {
  const projectId = "p_reprice";
  const { traceloop, sdk } = callSpans(projectId);
  const writer = newWriter();
  await writer.submit([sdk], { bytes: 1 });
  await writer.submit([traceloop], { bytes: 1 });
  await writer.close();
  await rebuildRollupPartitions(store, { partitions: [202611] });
  assert.deepEqual(
    (await runsOf(projectId)).map((run) => run.span_id),
    [traceloop.span_id],
  );
  assert.equal((await rollupOf(projectId)).requests, 1);
  assert.deepEqual(await disagreements(projectId), []);
});

test("two writers store the same retried span at the same moment: one run, counted once", async () => {
  const projectId = "p_race";
  const row = spanRow({ project_id: projectId, start_time: "2026-11-25 11:00:00.000000000", end_time: "2026-11-25 11:00:01.000000000" });
  const first = newWriter();
  // The second writer's store lets the first writer write the span between the second's "already
  // stored?" check and its insert: two ingest replicas racing on one retried export. The second's row is
  // built first (its version is the smaller one), yet it commits last.
  const late = row.span_id;
  const copyOfSecond = { ...row, version: nextVersion() };
  const copyOfFirst = { ...row, version: nextVersion() };
  let firstOutcome: Promise<{ written: number }> | undefined;
  const racing: Store = {
    ...store,
    async insert(table, rows, opts) {
      if (table === "spans" && !firstOutcome && (rows as SpanRow[]).some((r) => r.span_id === late)) {
        firstOutcome = first.submit([copyOfFirst], { bytes: 1 });
        await firstOutcome;
      }
      return store.insert(table, rows, opts);
    },
  };
  const second = createSpanWriter({ store: racing, recentKeys: new RecentKeys(), maxBatchRows: 100, maxQueueBytes: 1 << 20, lingerMs: 0 });
  const secondOutcome = await second.submit([copyOfSecond], { bytes: 1 });
  await Promise.all([first.close(), second.close()]);
  assert.deepEqual([(await firstOutcome!).written, secondOutcome.written], [1, 1], "premise: both writers stored the span");
  assert.equal((await runsOf(projectId)).length, 1);
  assert.deepEqual(await rollupOf(projectId), { requests: 1, cost: "0.000021", tokens: 100 });
  assert.deepEqual(await disagreements(projectId), []);
});
