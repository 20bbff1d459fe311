// Backup and restore of the embedded store at 10M runs: `promptmetrics backup` offline and online (the running server takes it), `promptmetrics restore` into an empty data dir, against a plain copy of the stopped data dir
// Run: npm run bench -- backup   (BENCH_RUNS, default 10,000,000; BENCH_DATA_DIR reuses the api benchmark's store)
// The store is the api benchmark's (same generator and workload, so one BENCH_DATA_DIR serves both). Each
// step runs the real CLI in a child process, as an operator would; the baseline is `cp -a` of the stopped
// data dir, the least any file-level backup can cost. After the restore, the runs, their cost to the last
// decimal and the tables' row counts are compared with the original.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "@promptmetrics/clickhouse";
import { envInt, prepareData, standardWorkload } from "./api-setup.ts";

const CLI = fileURLToPath(new URL("../cli/bin/promptmetrics.ts", import.meta.url));
const runs = envInt("BENCH_RUNS", 10_000_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-bench-backup-"));
const dataDir = process.env.BENCH_DATA_DIR ?? path.join(work, "data");
const log = (text: string) => console.log(text);

/** The child's environment: the embedded store at `dir`, nothing of the caller's ClickHouse or Node options. */
function cliEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PROMPTMETRICS_DATA_DIR: dir, ...extra };
  return env;
}

function timed(what: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr || result.stdout}`);
  log(`  ${what}: ${seconds.toFixed(1)} s (the whole command, start-up included)`);
  for (const line of result.stdout.trim().split("\n")) log(`    | ${line}`);
  return seconds;
}

function sizeOf(dir: string): number {
  const out = spawnSync("du", ["-sb", dir], { encoding: "utf8" }).stdout;
  return Number(out.split("\t")[0]);
}

interface Figures {
  runs: string;
  cost: string;
  tables: string;
}

function figuresOf(dir: string): Figures {
  const query = (sql: string) => {
    const result = spawnSync(process.execPath, [CLI, "sql", sql, "--format", "json"], { env: cliEnv(dir), encoding: "utf8" });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout) as Record<string, string | number>[];
  };
  const [spans] = query("SELECT toString(count()) AS runs, toString(sum(cost_usd)) AS cost FROM spans WHERE is_llm");
  const tables = query(
    "SELECT concat(name, ' ', toString(total_rows)) AS t FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree' ORDER BY name",
  );
  return { runs: String(spans!.runs), cost: String(spans!.cost), tables: tables.map((row) => row.t).join(", ") };
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

log(`backup benchmark: ${runs.toLocaleString("en")} runs, data dir ${dataDir}`);
const store = openStore({ kind: "embedded", dataDir });
const generatedAt = performance.now();
const data = await prepareData(store, dataDir, standardWorkload(runs), (text) => log(`  ${text}`));
await store.close();
log(
  data.reused
    ? "  reused the generated store"
    : `  generated in ${((performance.now() - generatedAt) / 1000).toFixed(0)} s (${data.generated.runsSeconds.toFixed(0)} s for the runs)`,
);
const original = figuresOf(dataDir);
const storeBytes = sizeOf(dataDir);
log(`  store: ${Number(original.runs).toLocaleString("en")} runs, cost ${original.cost} USD, ${gib(storeBytes)} on disk`);

log("\nbaseline: cp -a of the stopped data dir");
const copyDir = path.join(work, "copy");
const copyStarted = performance.now();
const copied = spawnSync("cp", ["-a", dataDir, copyDir]);
if (copied.status !== 0) throw new Error(`cp failed: ${copied.stderr}`);
const copySeconds = (performance.now() - copyStarted) / 1000;
log(`  cp -a: ${copySeconds.toFixed(1)} s`);
fs.rmSync(copyDir, { recursive: true, force: true });

log("\npromptmetrics backup, offline (no server holds the data dir)");
const offlineDir = path.join(work, "backup-offline");
const offlineSeconds = timed("backup", ["backup", offlineDir], cliEnv(dataDir));
const backupBytes = sizeOf(offlineDir);

log("\npromptmetrics backup, online (the running server takes it and keeps serving)");
const server = spawn(process.execPath, [CLI, "start"], {
  env: cliEnv(dataDir, { PROMPTMETRICS_PORT: "0", PROMPTMETRICS_OTLP_PORT: "0" }),
  stdio: ["ignore", "pipe", "pipe"],
});
let serverOutput = "";
server.stdout.on("data", (chunk) => (serverOutput += chunk));
const serverUp = Date.now();
while (!/OTLP\/HTTP ingest/.test(serverOutput)) {
  if (Date.now() - serverUp > 600_000 || server.exitCode !== null) throw new Error(`the server did not start: ${serverOutput}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const onlineDir = path.join(work, "backup-online");
const onlineSeconds = timed("backup", ["backup", onlineDir], cliEnv(dataDir));
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));
fs.rmSync(onlineDir, { recursive: true, force: true });

log("\npromptmetrics restore into an empty data dir");
const restoredDir = path.join(work, "restored");
const restoreSeconds = timed("restore", ["restore", offlineDir], cliEnv(restoredDir));
const restored = figuresOf(restoredDir);
const same = JSON.stringify(restored) === JSON.stringify(original);
log(
  `  restored: ${Number(restored.runs).toLocaleString("en")} runs, cost ${restored.cost} USD: ${same ? "identical to the original, every table's rows too" : "DIFFERENT"}`,
);
if (!same) log(`  original: ${original.tables}\n  restored: ${restored.tables}`);

log(`
summary (${Number(original.runs).toLocaleString("en")} runs, store ${gib(storeBytes)}, backup ${gib(backupBytes)})
  cp -a of the stopped data dir   ${copySeconds.toFixed(1)} s   1.00x
  backup, offline                 ${offlineSeconds.toFixed(1)} s   ${(offlineSeconds / copySeconds).toFixed(2)}x
  backup, online                  ${onlineSeconds.toFixed(1)} s   ${(onlineSeconds / copySeconds).toFixed(2)}x
  restore                         ${restoreSeconds.toFixed(1)} s   ${(restoreSeconds / copySeconds).toFixed(2)}x`);

fs.rmSync(work, { recursive: true, force: true });
if (!same) process.exit(1);
