// Migration 0028 on a store that already holds runs: migrate() fills the member rollup's new columns
// (tokens, latency, quality) for the runs counted before it, so the member rollup equals raw spans;
// running the backfill again adds nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertApiKey, insertSpans, loadMigrations, migrate, type Store } from "../../src/index.ts";
import { aggregateRunMetrics, type RunMetricsRow } from "../../src/queries/analytics/index.ts";
import { backfillMemberRollupMetrics } from "../../src/queries/rollup-backfill.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("member rollup backfill against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

const PROJECT = "p_member_backfill";
const BACKFILL_VERSION = 28;

/** Run i: every third sent with k_owned, the others with no key; 10:xx and 11:xx on two days. */
function run(i: number) {
  const id = (i + 1).toString(16).padStart(16, "0");
  const start = `2026-11-${20 + (i % 2)} ${10 + (i % 2)}:${String(i % 60).padStart(2, "0")}:00.000000000`;
  return spanRow({
    project_id: PROJECT,
    trace_id: id.padStart(32, "0"),
    span_id: id,
    start_time: start,
    end_time: start,
    duration_ns: (100 + (i % 7) * 40) * 1e6,
    input_tokens: 100 + i,
    output_tokens: 10 + (i % 5),
    ttft_ms: i % 2 === 0 ? 30 + i : null,
    quality_flags: i % 4 === 0 ? 8 : 0,
    ingest_key_id: i % 3 === 0 ? "k_owned" : "",
  });
}

const range = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") };

function figures(rows: RunMetricsRow[]) {
  return rows
    .map((row) => [
      row.keys[0],
      row.requests,
      row.inputTokens,
      row.outputTokens,
      row.latencyMsSum,
      row.ttftCount,
      row.qualityRuns,
      row.qualityOkRuns,
    ])
    .sort();
}

for (const backend of backends) {
  describe(`member rollup backfill (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
    });
    after(() => dispose());

    test("runs counted before 0028 and after it: the member rollup equals raw spans, and a second backfill adds nothing", async () => {
      await migrate(
        store,
        loadMigrations().filter((migration) => migration.version < BACKFILL_VERSION),
      );
      await insertApiKey(store, {
        id: "k_owned",
        kind: "ingest",
        orgId: "o1",
        projectId: PROJECT,
        userId: "u_owner",
        name: "owned",
        prefix: "p",
        secretHash: "h",
      });
      await insertSpans(store, { rows: Array.from({ length: 40 }, (_, i) => run(i)) });
      await migrate(store);
      await insertSpans(store, { rows: Array.from({ length: 20 }, (_, i) => run(40 + i)) });

      const read = (source: "rollup_member_hourly" | "raw") =>
        aggregateRunMetrics(store, { projectId: PROJECT, ...range, filters: {}, dimensions: ["member"], source });
      const fromRaw = figures(await read("raw"));
      assert.deepEqual(
        fromRaw.map((row) => [row[0], row[1]]),
        [
          ["", 40],
          ["u_owner", 20],
        ],
      );
      const fromRollup = await read("rollup_member_hourly");
      assert.deepEqual(figures(fromRollup), fromRaw);
      assert.ok(fromRollup.every((row) => row.p50LatencyMs !== null && row.p95LatencyMs !== null));

      await backfillMemberRollupMetrics(store, { before: new Date(0) });
      assert.deepEqual(figures(await read("rollup_member_hourly")), fromRaw);
    });
  });
}
