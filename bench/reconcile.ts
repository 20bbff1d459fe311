// rollups.reconcile on one busy settled hour: finding settled hours and correcting one, against reading the hour's spans FINAL (the bare engine) and rebuilding the hour (the previous repair, which needs writers stopped)
// Run: npm run bench -- reconcile   (BENCH_RUNS 1,000,000 in one hour; BENCH_DRIFT 1,000 runs taken out of the rollups first)
// The runs are synthetic (clickhouse's generator, through the ordinary insert and its views) in one UTC hour
// of one project, two hours ago; then BENCH_DRIFT of them are retracted from the rollups, as a lost view
// commit or a replica race would leave them off by that many. Timed, each the median of 5 (after a warm-up):
//   list         listSettledProjectHours over the last 6 h (what every 5-minute run reads first)
//   correct      correctRollupHours for the hour (every rollup compared with the spans; the first run
//                inserts the correction, later ones find nothing)
//   baseline     SELECT count(), sum(cost) FROM spans FINAL for the hour: the least reading the hour costs
//   rebuild      rebuildRollupPartitions narrowed to the hour: the previous way to repair, safe only
//                while nothing writes
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  correctRollupHours,
  findRollupDisagreements,
  insertOrg,
  insertProject,
  listSettledProjectHours,
  migrate,
  openStore,
  rebuildRollupPartitions,
  retractRunsFromRollups,
} from "@promptmetrics/clickhouse";
import { insertSyntheticRuns } from "@promptmetrics/clickhouse/synthetic";
import type { SpanRow } from "@promptmetrics/runs";
import { envInt, standardWorkload } from "./api-setup.ts";

const runs = envInt("BENCH_RUNS", 1_000_000);
const drift = envInt("BENCH_DRIFT", 1_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-bench-reconcile-"));
const store = openStore({ kind: "embedded", dataDir });
const projectId = "proj_bench";
const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000);
const hour = hourStart.toISOString().slice(0, 19).replace("T", " ");

async function median(what: string, repeat: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  console.log(`  ${what.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms`);
  return ms;
}

try {
  await migrate(store);
  await insertOrg(store, { id: "org_bench", name: "Bench" });
  await insertProject(store, { id: projectId, orgId: "org_bench", name: "Production" });
  console.log(`reconcile benchmark: ${runs.toLocaleString("en")} runs in the hour ${hour} UTC of one project`);
  const workload = standardWorkload(runs);
  const started = performance.now();
  await insertSyntheticRuns(store, {
    projectId,
    from: hourStart,
    to: new Date(hourStart.getTime() + 3_600_000),
    runs,
    models: workload.models,
    users: workload.users,
    prompts: workload.prompts,
    versionsPerPrompt: workload.versionsPerPrompt,
    ratingShare: 0,
    errorShare: workload.errorShare,
    seed: 7,
  });
  console.log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const taken = await store.query<SpanRow>(
    `SELECT * FROM spans FINAL WHERE project_id = {projectId:String} AND is_llm ORDER BY span_id LIMIT {drift:UInt32}`,
    { projectId, drift },
  );
  await retractRunsFromRollups(store, taken);
  const off = await findRollupDisagreements(store, { hours: [hour] });
  console.log(`  ${taken.length.toLocaleString("en")} runs retracted: ${off.length} rollup(s) disagree with the spans`);

  const first = await correctRollupHours(store, { projectId, hours: [hour] });
  console.log(
    `  first correction: ${first.length} row(s) inserted, model rollup ${first
      .filter((c) => c.table === "rollup_model_hourly")
      .reduce((sum, c) => sum + c.requests, 0)
      .toLocaleString("en")} run(s); disagreeing after: ${(await findRollupDisagreements(store, { hours: [hour] })).length}`,
  );

  console.log("\ntimings (median of 5)");
  const window = {
    startFrom: new Date(hourStart.getTime() - 4 * 3_600_000),
    lastWriteFrom: new Date(0),
    lastWriteBefore: new Date(Date.now() + 3_600_000),
  };
  const list = await median("list the settled hours (last 6 h)", 5, () => listSettledProjectHours(store, window));
  const correct = await median("correct the hour (5 rollups, nothing to correct)", 5, () =>
    correctRollupHours(store, { projectId, hours: [hour] }),
  );
  const baseline = await median("baseline: count and cost of the hour's spans FINAL", 5, () =>
    store.query(
      `SELECT count(), sum(cost_usd) FROM spans FINAL
       WHERE project_id = {projectId:String} AND is_llm AND toStartOfHour(start_time) = {hour:DateTime('UTC')}`,
      { projectId, hour },
    ),
  );
  const rebuild = await median("previous: rebuild the hour (writers stopped)", 5, () =>
    rebuildRollupPartitions(store, { partitions: [Number(hour.slice(0, 4) + hour.slice(5, 7))], only: { projectId, hours: [hour] } }),
  );
  console.log("\nsummary");
  console.log(`  correct / baseline   ${(correct / baseline).toFixed(2)}x   (five rollups, each a view's SELECT over the hour)`);
  console.log(`  correct / rebuild    ${(correct / rebuild).toFixed(2)}x`);
  console.log(`  a 5-minute run at this volume: ${((list + correct) / 1000).toFixed(2)} s of work per settled project hour`);
} finally {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
