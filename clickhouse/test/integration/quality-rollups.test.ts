// Migration 0017 on a store that already holds runs: rollup rows written before it carry no quality count
// (so the figure can say "not known"), runs inserted between its statements all reach the rollups, runs
// inserted after it are counted, and rebuilding the old months fills the count from the stored spans.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertSpans, loadMigrations, migrate, rebuildRollupPartitions, type Store } from "../../src/index.ts";
import { aggregateRunMetrics, type Source } from "../../src/queries/analytics/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("quality rollups against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

const PROJECT = "p_quality";
const QUALITY_VERSION = 17;

let nextSpan = 0;
/** A run of a named prompt at `start` (UTC) with these quality flags. */
function run(start: string, qualityFlags: number) {
  nextSpan += 1;
  const id = nextSpan.toString(16).padStart(16, "0");
  return spanRow({
    project_id: PROJECT,
    trace_id: id.padStart(32, "0"),
    span_id: id,
    start_time: start,
    end_time: start,
    prompt_name: "triage",
    prompt_version: "v1",
    user_id: "u1",
    quality_flags: qualityFlags,
    status_code: (qualityFlags & 16) !== 0 ? "error" : "ok",
  });
}

const october = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") };
const november = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
const ROLLUPS = ["rollup_model_hourly", "rollup_user_hourly", "rollup_prompt_hourly"] as const satisfies readonly Source[];

for (const backend of backends) {
  describe(`quality rollups (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
    });
    after(() => dispose());

    /** [requests, runs whose quality was counted, runs with no failing heuristic] of the range, from a source (every run has a prompt). */
    async function quality(source: Source, range: { from: Date; to: Date }): Promise<[number, number, number]> {
      const [row] = await aggregateRunMetrics(store, { projectId: PROJECT, ...range, filters: { namedPromptsOnly: true }, source });
      return [row?.requests ?? 0, row?.qualityRuns ?? 0, row?.qualityOkRuns ?? 0];
    }

    test("0017 on a store with runs: old rollup rows say 'not known', nothing is lost, new runs are counted, a rebuild fills the past", async () => {
      const migrations = loadMigrations();
      const quality0017 = migrations.find((migration) => migration.version === QUALITY_VERSION)!;
      await migrate(
        store,
        migrations.filter((migration) => migration.version < QUALITY_VERSION),
      );
      // October, before the upgrade: ok, a refusal, ok, truncated + error.
      await insertSpans(store, {
        rows: [run("2026-10-05 10:00:00", 0), run("2026-10-05 11:00:00", 2), run("2026-10-06 09:00:00", 0), run("2026-10-07 09:00:00", 24)],
      });

      // The upgrade on a live install: a run arrives after each of 0017's statements (three ADD COLUMNs,
      // then the three views' MODIFY QUERY), each passing every heuristic.
      assert.equal(quality0017.statements.length, 6);
      for (const [i, statement] of quality0017.statements.entries()) {
        await store.command(statement);
        await insertSpans(store, { rows: [run(`2026-11-02 0${i}:30:00`, 0)] });
      }
      // Recording it re-runs every statement: they are re-runnable. (Later migrations follow it.)
      assert.deepEqual((await migrate(store)).applied[0], quality0017.name);
      // After the upgrade: ok, ok, invalid JSON.
      await insertSpans(store, {
        rows: [run("2026-11-03 10:00:00", 0), run("2026-11-03 11:00:00", 0), run("2026-11-03 12:00:00", 4)],
      });

      // Raw spans know every run's flags.
      assert.deepEqual(await quality("raw", october), [4, 4, 2]);
      assert.deepEqual(await quality("raw", november), [9, 9, 8]);
      for (const rollup of ROLLUPS) {
        // No run is lost, whichever statement it followed; October's rows have no quality count at all.
        assert.deepEqual(await quality(rollup, october), [4, 0, 0], rollup);
        const [requests, counted, ok] = await quality(rollup, november);
        assert.equal(requests, 9, rollup);
        // A view counts quality from its own MODIFY QUERY on: the model view is statement 4 of 6 (runs 4-6
        // after it), the user view 5 (runs 5-6), the prompt view 6 (run 6); plus the three runs after.
        const since = { rollup_model_hourly: 3, rollup_user_hourly: 2, rollup_prompt_hourly: 1 }[rollup];
        assert.deepEqual([counted, ok], [since + 3, since + 2], rollup);
      }

      // promptmetrics rebuild-rollups: both months recomputed from the spans, now equal to raw.
      await rebuildRollupPartitions(store, { partitions: [202610, 202611] });
      for (const rollup of ROLLUPS) {
        assert.deepEqual(await quality(rollup, october), [4, 4, 2], rollup);
        assert.deepEqual(await quality(rollup, november), [9, 9, 8], rollup);
      }
    });
  });
}
