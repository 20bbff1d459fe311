// The rollup/raw check a crash recovery relies on: consistent rollups report nothing; a span whose views'
// parts never landed (as when the process dies between the spans part and the views' parts), a rollup row
// counted twice and a revised cost the rollups never saw are each found by hour, table and figure; the
// start-up repair rebuilds exactly those months and leaves the rollups agreeing with the spans.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  findRollupDisagreements,
  insertSpans,
  listRecentlyWrittenHours,
  migrate,
  repairRecentRollups,
  type Store,
} from "../../src/index.ts";
import { embeddedBackend } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const PROJECT = "p_agree";
let store: Store;
let dispose: () => Promise<void>;
before(async () => {
  ({ store, dispose } = await embeddedBackend.open());
  await migrate(store);
});
after(() => dispose());

let next = 0;
function run(start: string, overrides: Parameters<typeof spanRow>[0] = {}) {
  next += 1;
  const id = next.toString(16).padStart(16, "0");
  return spanRow({
    project_id: PROJECT,
    trace_id: id.padStart(32, "0"),
    span_id: id,
    start_time: start,
    end_time: start,
    ingested_at: "2026-11-20 12:00:00.000",
    ...overrides,
  });
}
const all = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };

test("an empty store has nothing to check or repair", async () => {
  assert.deepEqual(await repairRecentRollups(store), { checked: 0, disagreements: [], rebuilt: [] });
});

test("rollups fed by their views agree with the spans", async () => {
  await insertSpans(store, {
    rows: [
      run("2026-11-20 10:15:00"),
      run("2026-11-20 10:45:00", { prompt_name: "triage", status_code: "error", status_message: "429 Too many requests" }),
      run("2026-11-20 11:05:00", { user_id: "u7" }),
      run("2026-10-03 08:00:00", { ingested_at: "2026-10-03 08:00:01.000" }),
    ],
  });
  assert.deepEqual(await findRollupDisagreements(store, all), []);
  assert.deepEqual(await listRecentlyWrittenHours(store, { windowMinutes: 15 }), ["2026-11-20 10:00:00", "2026-11-20 11:00:00"]);
});

test("a span the views never counted, a row counted twice and an unseen revision are found, then repaired", async () => {
  // The spans part committed, the model rollup's part not: the view is detached for the insert.
  await store.command("DETACH TABLE rollup_model_hourly_mv");
  await insertSpans(store, { rows: [run("2026-11-20 11:20:00")] });
  await store.command("ATTACH TABLE rollup_model_hourly_mv");
  // A row the user rollup holds twice (a view's part written twice).
  await store.command(
    `INSERT INTO rollup_user_hourly (project_id, bucket, user_id, requests, cost_usd) VALUES ('${PROJECT}', '2026-11-20 10:00:00', '', 1, 0.0075)`,
  );
  // A revision with a new cost (a reprice killed before its rebuild): the views skip revisions.
  const revised = run("2026-11-20 10:15:00", { span_id: "0000000000000001", trace_id: "1".padStart(32, "0") });
  await insertSpans(store, { rows: [{ ...revised, cost_usd: "0.010000000000", version: 2, is_revision: true }] });

  const found = await findRollupDisagreements(store, all);
  const summary = found.map((d) => `${d.table} ${d.bucket} ${d.rollupRequests}/${d.spanRequests} ${d.rollupCost}/${d.spanCost}`);
  assert.deepEqual(summary, [
    "rollup_model_hourly 2026-11-20 10:00:00 2/2 0.015/0.0175",
    "rollup_model_hourly 2026-11-20 11:00:00 1/2 0.0075/0.015",
    "rollup_user_hourly 2026-11-20 10:00:00 3/2 0.0225/0.0175",
    "rollup_member_hourly 2026-11-20 10:00:00 2/2 0.015/0.0175",
  ]);

  const repair = await repairRecentRollups(store);
  assert.equal(repair.checked, 2);
  assert.equal(repair.disagreements.length, 4);
  assert.deepEqual(repair.rebuilt, [202611]);
  assert.deepEqual(await findRollupDisagreements(store, all), []);
  const [model] = await store.query<{ requests: number; cost: string }>(
    "SELECT sum(requests) AS requests, toString(sum(cost_usd)) AS cost FROM rollup_model_hourly WHERE toYYYYMM(bucket) = 202611",
  );
  assert.deepEqual(model, { requests: 4, cost: "0.0325" });
});
