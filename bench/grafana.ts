// Grafana boards at scale: every panel and variable query of dashboards/boards/*.json, expanded as Grafana sends it (All, default range and 30 days), timed on the embedded store beside the API's own overview query.
// Run: npm run bench -- grafana   (BENCH_DATA_DIR, BENCH_RUNS, BENCH_CALLS, BENCH_BOARDS, BENCH_OPTIMIZE)
// A benchmark, not a test: it prints numbers and asserts nothing about time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore } from "@promptmetrics/clickhouse";
import { loadBoards } from "../dashboards/test/support/boards.ts";
import { timeApiOverviewTotals, timeRollupFloor } from "./grafana-baselines.ts";
import { envInt } from "./api-setup.ts";
import { prepareDataset, type Dataset } from "./grafana-dataset.ts";
import { boardRanges, measureBoard } from "./grafana-panels.ts";
import { printBaselines, printBoardRun, printSummary, type BoardRun } from "./grafana-report.ts";
import { timeGrafanaSql } from "./grafana-timing.ts";
import { readMachineCpu } from "./ingest/proc-stats.ts";
import { fixed, heading, int, line, mib } from "./ingest/report.ts";

const DAY_MS = 86_400_000;
const config = {
  dataDir: process.env.BENCH_DATA_DIR,
  /** Only when the directory holds no runs yet: a reused directory keeps its own size. */
  runs: envInt("BENCH_RUNS", 1_000_000),
  calls: envInt("BENCH_CALLS", 5),
  /** Board uids, comma-separated; all boards when unset. */
  boards: process.env.BENCH_BOARDS?.split(",")
    .map((uid) => uid.trim())
    .filter(Boolean),
  optimize: process.env.BENCH_OPTIMIZE !== "0",
};
const progress = (text: string) => process.stderr.write(`… ${text}\n`);

const boards = loadBoards()
  .map(({ board }) => board)
  .filter((board) => !config.boards || config.boards.includes(board.uid));
if (boards.length === 0) throw new Error(`BENCH_BOARDS=${process.env.BENCH_BOARDS} names no board`);

const dataDir = config.dataDir ? path.resolve(config.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), "promptmetrics-bench-grafana-"));
const store = openStore({ kind: "embedded", dataDir });
try {
  const dataset = await prepareDataset(store, { dataDir, runs: config.runs, optimize: config.optimize }, progress);
  printDataset(dataset);
  const now = dataset.data.now;
  const cpus = os.cpus();
  const loadBefore = os.loadavg();
  const machineBefore = readMachineCpu();
  const selfBefore = process.cpuUsage();
  const started = performance.now();

  progress(`baselines: API overview totals over 30 days and a full scan of rollup_model_hourly, 1 warm-up + ${config.calls} calls`);
  const api = await timeApiOverviewTotals(
    store,
    { projectId: dataset.data.projectId, from: new Date(now.getTime() - 30 * DAY_MS), to: now },
    config.calls,
  );
  const floor = await timeRollupFloor(store, config.calls);

  const runs: BoardRun[] = [];
  for (const board of boards) {
    for (const range of boardRanges(board, now)) {
      progress(`${board.title}, ${range.label}: 1 warm-up + ${config.calls} calls per query`);
      const queries = await measureBoard(board, range, (sql) => timeGrafanaSql(store, sql, config.calls));
      runs.push({ board: board.title, range, queries });
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const selfUsed = process.cpuUsage(selfBefore);
  const machineAfter = readMachineCpu();
  const loadAfter = os.loadavg();

  heading("Machine");
  line("cores", `${cpus.length}`, `${cpus[0]?.model ?? "unknown CPU"}, ${mib(os.totalmem())} RAM`);
  line(
    "load average (1, 5, 15 min)",
    loadAfter.map((n) => fixed(n, 2)).join(" "),
    `at the end; ${loadBefore.map((n) => fixed(n, 2)).join(" ")} before timing`,
  );
  const selfCores = (selfUsed.user + selfUsed.system) / 1e6 / seconds;
  if (machineBefore && machineAfter) {
    const others = Math.max(0, machineAfter.busySeconds - machineBefore.busySeconds - (selfUsed.user + selfUsed.system) / 1e6) / seconds;
    line(
      "other processes' CPU",
      `${fixed(others, 2)} cores`,
      `on average over the ${fixed(seconds, 0)} s of timing (this process: ${fixed(selfCores, 2)} cores)`,
    );
    if (others > 0.25 * cpus.length) {
      console.log(
        `  The machine is shared: other processes used ${fixed(others, 1)} of ${cpus.length} cores while timing, so the figures below include waiting for a core.`,
      );
    }
  }
  if (loadBefore[0]! > 0.75 * cpus.length) {
    console.log(
      `  The machine was busy when timing began (1-minute load average ${fixed(loadBefore[0]!, 2)} on ${cpus.length} cores): compare with a quieter run before trusting small differences.`,
    );
  }
  line(
    "runtime",
    `Node ${process.version}`,
    `embedded chDB; one query at a time on the store's reader session (as the embedded store serves Grafana-like SQL)`,
  );

  printBaselines(api, floor);
  for (const run of runs) printBoardRun(run, api);
  printSummary(runs, api);
} finally {
  await store.close();
  if (!config.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

function printDataset(dataset: Dataset): void {
  const { data, workload } = dataset;
  const generated = data.generated;
  console.log(`PromptMetrics Grafana boards benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`);
  line(
    "dataset",
    `${int(workload.runs)} runs`,
    `${workload.days} days, ${generated.from.slice(0, 16)} → ${generated.to.slice(0, 16)} UTC, ${workload.models.length} models, ${int(workload.users)} users; ` +
      `${data.reused ? `reused from ${dataDir}` : `generated in ${dataDir}${config.dataDir ? "" : " (temporary)"}`}`,
  );
  line(
    "ingest_health",
    `${int(dataset.ingestHealth.rows)} rows`,
    dataset.ingestHealth.inserted
      ? `inserted by this run: ${dataset.ingestHealth.days} days × ${dataset.ingestHealth.instances} instances × one report every 10 s (the table's 30-day TTL, counted from the real clock, drops the oldest)`
      : "already in the store, left as it was",
  );
  for (const parts of dataset.parts.filter((row) => ["spans", "ingest_health"].includes(row.table) || row.table.startsWith("rollup_"))) {
    line(`  ${parts.table}`, `${int(parts.rows)} rows`, `${mib(parts.bytes_on_disk)} on disk, ${parts.parts} parts`);
  }
  line(
    "housekeeping",
    dataset.optimizeSeconds === undefined ? "none" : `${fixed(dataset.optimizeSeconds, 1)} s`,
    `${dataset.optimizeSeconds === undefined ? "" : "OPTIMIZE FINAL on the rollups; "}merges ${dataset.merges.idle ? `idle after ${fixed(dataset.merges.seconds, 1)} s` : `still running after ${fixed(dataset.merges.seconds, 0)} s`}`,
  );
  line(
    "now",
    data.now.toISOString().slice(0, 16),
    `every range ends at the end of the data, as the api benchmark's; month-to-date panels use the real clock (now('UTC'))`,
  );
}
