// kill -9 of the all-in-one server, several times, under a sustained OTLP load of retrying exporters: spans acknowledged vs stored, rollups vs spans, restart times, throughput against the same load with no kill
// Run: npm run bench -- crash   (BENCH_SPANS 200,000; BENCH_KILLS 4; BENCH_CLIENTS 8; BENCH_BATCH 200)
// Each phase runs `promptmetrics start` as a child process on a fixed OTLP port (exporters keep their
// endpoint across restarts) and `testing/otlp-load` as the exporters (one batch in flight per client,
// 429/503 after Retry-After, refused connections with backoff, a set of every span a 200 acknowledged).
// Baseline: the same load on a fresh data dir with no kill. With kills: SIGKILL each time another
// 1/(kills+1) of the spans is acknowledged, restart at once. Afterwards the server is stopped and the
// store read directly: rows, distinct span ids, acknowledged ids missing, and every hourly rollup
// compared with the spans (clickhouse's findRollupDisagreements).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findRollupDisagreements, openStore } from "@promptmetrics/clickhouse";
import { freePort } from "@promptmetrics/testing/free-port";
import { startOtlpLoad, type LoadReport } from "@promptmetrics/testing/otlp-load";
import { envInt } from "./api-setup.ts";

const CLI = fileURLToPath(new URL("../cli/bin/promptmetrics.ts", import.meta.url));
const INGEST_KEY = "pm_bench_crash_ingest_key_0001";
const spans = envInt("BENCH_SPANS", 200_000);
const kills = Number(process.env.BENCH_KILLS ?? 4);
const clients = envInt("BENCH_CLIENTS", 8);
const spansPerBatch = envInt("BENCH_BATCH", 200);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-bench-crash-"));
const log = (text: string) => console.log(text);

interface Server {
  child: ChildProcess;
  /** Spawn to "OTLP/HTTP ingest" printed (listening), in seconds. */
  readySeconds: number;
  output(): string;
}

async function startServer(dataDir: string, otlpPort: number): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "start"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PROMPTMETRICS_DATA_DIR: dataDir,
      PROMPTMETRICS_PORT: "0",
      PROMPTMETRICS_OTLP_PORT: String(otlpPort),
      PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  while (!/OTLP\/HTTP ingest/.test(output)) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, readySeconds: (performance.now() - started) / 1000, output: () => output };
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill(signal);
  await exited;
}

interface Phase {
  seconds: number;
  report: LoadReport;
  /** Spawn to listening of the phase's first start. */
  firstStart: number;
  restarts: number[];
  repairs: string[];
}

async function runPhase(dataDir: string, killCount: number): Promise<Phase> {
  const port = await freePort();
  let server = await startServer(dataDir, port);
  const firstStart = server.readySeconds;
  const started = performance.now();
  const load = startOtlpLoad({
    url: `http://127.0.0.1:${port}`,
    ingestKey: INGEST_KEY,
    clients,
    spansPerBatch,
    batchesPerClient: Math.ceil(spans / clients / spansPerBatch),
    initialBackoffMs: 250,
    maxBackoffMs: 2000,
  });
  const restarts: number[] = [];
  const repairs: string[] = [];
  for (let kill = 1; kill <= killCount; kill++) {
    const at = Math.floor((spans * kill) / (killCount + 1));
    while (load.ackedCount < at) await new Promise((resolve) => setTimeout(resolve, 10));
    await stop(server, "SIGKILL");
    log(`  kill ${kill} at ${load.ackedCount.toLocaleString("en")} acknowledged spans`);
    server = await startServer(dataDir, port);
    restarts.push(server.readySeconds);
    const repair = server.output().match(/\[recovery\].*/)?.[0];
    if (repair) repairs.push(repair);
  }
  const report = await load.done;
  const seconds = (performance.now() - started) / 1000;
  // A repair found at start is printed a little after the banner.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const repair = server.output().match(/\[recovery\].*/)?.[0];
  if (repair && !repairs.includes(repair)) repairs.push(repair);
  await stop(server, "SIGTERM");
  return { seconds, report, firstStart, restarts, repairs };
}

interface Stored {
  rows: number;
  distinct: number;
  missing: number;
  disagreements: number;
}

async function readStore(dataDir: string, acked: Set<string>): Promise<Stored> {
  const store = openStore({ kind: "embedded", dataDir });
  try {
    const [counts] = await store.query<{ rows: string; distinct: string }>(
      "SELECT toString(count()) AS rows, toString(uniqExact(trace_id, span_id)) AS distinct FROM spans FINAL",
    );
    const ids = await store.query<{ id: string }>("SELECT concat(trace_id, '-', span_id) AS id FROM spans");
    const stored = new Set(ids.map((row) => row.id));
    let missing = 0;
    for (const id of acked) if (!stored.has(id)) missing++;
    const disagreements = await findRollupDisagreements(store, {
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 3_600_000),
    });
    return { rows: Number(counts!.rows), distinct: Number(counts!.distinct), missing, disagreements: disagreements.length };
  } finally {
    await store.close();
  }
}

const attempts = (report: LoadReport) =>
  [...report.attempts]
    .sort()
    .map(([answer, n]) => `${answer} ${n.toLocaleString("en")}`)
    .join(", ");

log(`crash benchmark: ${spans.toLocaleString("en")} spans, ${clients} clients, ${spansPerBatch} spans a batch, ${kills} kills`);
log("\nbaseline: the same load, no kill");
const baseDir = path.join(work, "baseline");
const base = await runPhase(baseDir, 0);
const baseStored = await readStore(baseDir, base.report.acked);
log(
  `  ${base.report.acked.size.toLocaleString("en")} acknowledged in ${base.seconds.toFixed(1)} s (${Math.round(base.report.acked.size / base.seconds).toLocaleString("en")} spans/s); stored ${baseStored.distinct.toLocaleString("en")}; attempts: ${attempts(base.report)}`,
);
fs.rmSync(baseDir, { recursive: true, force: true });

log(`\nwith ${kills} kills`);
const killedDir = path.join(work, "killed");
const killed = await runPhase(killedDir, kills);
const killedStored = await readStore(killedDir, killed.report.acked);
log(
  `  attempts: ${attempts(killed.report)}; batches given up ${killed.report.batchesAbandoned}, spans refused ${killed.report.partiallyRejected}`,
);
log(`  rollup repairs at start: ${killed.repairs.length === 0 ? "none needed" : killed.repairs.join(" | ")}`);
const ok =
  killedStored.missing === 0 &&
  killedStored.distinct === killed.report.acked.size &&
  killedStored.rows === killedStored.distinct &&
  killedStored.disagreements === 0 &&
  killed.report.batchesAbandoned === 0;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
log(`
summary
  acknowledged spans              ${killed.report.acked.size.toLocaleString("en")} (of ${spans.toLocaleString("en")} sent)
  stored, distinct ids            ${killedStored.distinct.toLocaleString("en")}
  stored rows (FINAL)             ${killedStored.rows.toLocaleString("en")}
  acknowledged but missing        ${killedStored.missing}
  rollup hours disagreeing        ${killedStored.disagreements}
  restart to listening            mean ${mean(killed.restarts).toFixed(1)} s, max ${Math.max(...killed.restarts).toFixed(1)} s   (a fresh install's first start ${base.firstStart.toFixed(1)} s)
  throughput, no kill             ${Math.round(base.report.acked.size / base.seconds).toLocaleString("en")} spans/s   1.00x
  throughput, ${kills} kills            ${Math.round(killed.report.acked.size / killed.seconds).toLocaleString("en")} spans/s   ${(killed.report.acked.size / killed.seconds / (base.report.acked.size / base.seconds)).toFixed(2)}x
  ${ok ? "nothing acknowledged lost, nothing counted twice" : "DEFECT: see the figures above"}`);

fs.rmSync(work, { recursive: true, force: true });
if (!ok) process.exit(1);
