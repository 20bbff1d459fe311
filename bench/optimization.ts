// The optimization engine at scale: a project's suggestion recomputation (goal under 5 s at 10M runs) and the savings calculator (POST /api/optimization/savings) over 30 days of the api benchmark's synthetic runs (10M by default), beside the API's 30-day overview query in the same run.
// Run: npm run bench -- optimization   (BENCH_RUNS, BENCH_DATA_DIR, BENCH_CALLS, BENCH_OPTIMIZE)
// A benchmark, not a test: it prints numbers and asserts nothing about time.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { closeApiApp, createApiApp, refreshProjectSuggestions } from "@promptmetrics/analytics-api";
import { listPromptModelFigures, openStore, sumCostByPricedModel, sumSavingsUsage } from "@promptmetrics/clickhouse";
import { createPricer } from "@promptmetrics/pricing";
import { countRunningMerges, optimizeRollups, sumOverviewFromSpans } from "@promptmetrics/testing/bench-queries";
import { envInt, prepareData, standardWorkload } from "./api-setup.ts";
import { timeApiOverviewTotals } from "./grafana-baselines.ts";
import { timeCalls, type Timing } from "./grafana-timing.ts";
import { readMachineCpu } from "./ingest/proc-stats.ts";
import { fixed, heading, int, line, ms } from "./ingest/report.ts";

const DAY_MS = 86_400_000;
const config = {
  runs: envInt("BENCH_RUNS", 10_000_000),
  calls: envInt("BENCH_CALLS", 10),
  dataDir: process.env.BENCH_DATA_DIR,
  optimize: process.env.BENCH_OPTIMIZE !== "0",
};
const progress = (text: string) => process.stderr.write(`… ${text}\n`);

/** Popular models of the synthetic workload moved to cheaper ones, the last by one prompt-free share. */
const MOVES = [
  { fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.5 },
  { fromModel: "claude-sonnet-4-5", toModel: "claude-haiku-4-5", share: 1 },
  { fromModel: "gpt-4.1", toModel: "gpt-4.1-mini", share: 0.25 },
  { fromModel: "gpt-5", toModel: "gpt-5-mini", share: 1 },
];

const dataDir = config.dataDir ? path.resolve(config.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), "promptmetrics-bench-savings-"));
const store = openStore({ kind: "embedded", dataDir });
let server: http.Server | undefined;
let app: ReturnType<typeof createApiApp> | undefined;
try {
  const data = await prepareData(store, dataDir, standardWorkload(config.runs), progress);
  if (config.optimize && !data.reused) {
    progress("OPTIMIZE ... FINAL on the rollups (the overview baseline reads them)");
    await optimizeRollups(store);
  }
  progress("waiting for background merges to finish (at most 5 minutes)");
  for (const started = performance.now(); performance.now() - started < 5 * 60_000;) {
    if ((await countRunningMerges(store)) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  const to = data.now;
  const from = new Date(to.getTime() - 30 * DAY_MS);
  const body = { projectId: data.projectId, from: from.toISOString(), to: to.toISOString(), moves: MOVES, batch: { share: 0.5 } };

  app = createApiApp({ store, now: () => data.now });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/optimization/savings`;
  let answer: { savingsUsd: string; monthlySavingsUsd: string; moves: { matchedRuns: number; prices: unknown[] }[] } | undefined;

  const machineBefore = readMachineCpu();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  progress(`POST /api/optimization/savings (${MOVES.length} moves + batch, 30 days): 1 warm-up + ${config.calls} calls`);
  const route = await timeCalls(async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${data.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    answer = (await res.json()) as typeof answer;
    if (res.status !== 200) throw new Error(`savings answered ${res.status}: ${JSON.stringify(answer)}`);
    return answer!.moves.length;
  }, config.calls);

  const pricer = createPricer();
  progress(`the suggestions' recomputation (30 days): 1 warm-up + ${config.calls} calls`);
  let findings = 0;
  let written = 0;
  const recompute = await timeCalls(async () => {
    const report = await refreshProjectSuggestions({ store, projectId: data.projectId, pricer, now: to, windowDays: 30 });
    findings = report.findings;
    written += report.written;
    return report.findings;
  }, config.calls);
  const evidence = await timeCalls(
    async () => (await listPromptModelFigures(store, { projectId: data.projectId, from, to })).length,
    config.calls,
  );
  const thresholds = [...new Set(MOVES.flatMap((move) => pricer.longContextThresholds(move.toModel)))];
  const window = { projectId: data.projectId, from, to };
  progress("its queries alone, and the overview baselines");
  const usage = await timeCalls(async () => (await sumSavingsUsage(store, { ...window, moves: MOVES, thresholds })).length, config.calls);
  const costs = await timeCalls(async () => (await sumCostByPricedModel(store, window)).length, config.calls);
  const overview = await timeApiOverviewTotals(store, window, config.calls);
  let rawRuns = 0;
  const raw = await timeCalls(async () => {
    const rows = await sumOverviewFromSpans(store, window);
    rawRuns = rows.find((row) => row.period === "current")?.requests ?? 0;
    return rows.length;
  }, config.calls);
  const seconds = (performance.now() - started) / 1000;
  const selfUsed = process.cpuUsage(selfBefore);
  const machineAfter = readMachineCpu();

  heading("Data");
  line("runs in the store", int(data.generated.workload.runs), `${data.reused ? "reused" : "generated"} in ${dataDir}`);
  line("runs in the 30-day window", int(Number(rawRuns)));
  const matched = answer?.moves.reduce((sum, move) => sum + move.matchedRuns, 0) ?? 0;
  const buckets = answer?.moves.reduce((sum, move) => sum + move.prices.length, 0) ?? 0;
  line(
    "runs the moves re-price",
    int(matched),
    `${buckets} prices applied; saves ${answer?.savingsUsd} (${answer?.monthlySavingsUsd} a month)`,
  );

  line("suggestions found", int(findings), `${written} versions written over the timed recomputations (the first writes them all)`);

  heading(`Timings: p50 (max) over ${config.calls} calls after one warm-up`);
  const show = (label: string, timing: Timing, note: string) => line(label, ms(timing.p50Ms), `max ${ms(timing.maxMs)}; ${note}`);
  show("recompute a project's suggestions", recompute, "evidence query, every kind, model-switch pricing query, reconcile and write");
  show("  its evidence query", evidence, `${evidence.rows} (prompt, version, model) rows from llm_runs`);
  show("POST /api/optimization/savings", route, "HTTP, both queries in parallel, pricing and the answer");
  show("sumSavingsUsage", usage, `${usage.rows} bucket rows from spans FINAL`);
  show("sumCostByPricedModel", costs, `${costs.rows} rows from spans FINAL`);
  show("overview totals, 30 days", overview, overview.how);
  show("overview from raw spans, 30 days", raw, "sumOverviewFromSpans: both periods, ratings joined, no FINAL");

  heading("Ratios");
  line("recomputation / overview totals", `${fixed(recompute.p50Ms / overview.p50Ms, 1)}×`);
  line("recomputation / overview from raw spans", `${fixed(recompute.p50Ms / raw.p50Ms, 2)}×`);
  line("savings route / overview totals", `${fixed(route.p50Ms / overview.p50Ms, 1)}×`);
  line("savings route / overview from raw spans", `${fixed(route.p50Ms / raw.p50Ms, 2)}×`);
  line("sumSavingsUsage / overview from raw spans", `${fixed(usage.p50Ms / raw.p50Ms, 2)}×`);

  heading("Machine");
  const cpus = os.cpus();
  line("cores", `${cpus.length}`, cpus[0]?.model ?? "unknown CPU");
  if (machineBefore && machineAfter) {
    const self = (selfUsed.user + selfUsed.system) / 1e6;
    const others = Math.max(0, machineAfter.busySeconds - machineBefore.busySeconds - self) / seconds;
    line("other processes' CPU while timing", `${fixed(others, 2)} cores`, "a test run or build at the same time slows every figure");
  }
} finally {
  if (server) await new Promise((resolve) => server!.close(resolve));
  if (app) closeApiApp(app);
  await store.close();
  if (!config.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
