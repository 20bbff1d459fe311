// Soak at ~70% of capacity: the real all-in-one server under a steady paced OTLP load for SOAK_MINUTES (10); latency, RSS and 429/503 per 30 s window, their slopes, acknowledged vs stored
// Run: npm run bench -- soak   (SOAK_MINUTES 10, SOAK_LOAD 0.7, SOAK_CAPACITY_SECONDS 30, SOAK_WINDOW_SECONDS 30, BENCH_CLIENTS 6)
// First the capacity, measured on the same server: BENCH_CLIENTS clients send 512-span exports as fast as
// they are acknowledged for SOAK_CAPACITY_SECONDS (after a short warm-up); acknowledged spans/s is the
// capacity. Then open-loop pacing at SOAK_LOAD × capacity: an export is sent every 512 / rate seconds
// whether or not earlier ones were answered (up to MAX_IN_FLIGHT at once; a send skipped for that is
// counted as late), each retried after its Retry-After on 429/503 as an OTLP exporter does. Each window
// prints acknowledged spans/s, p50/p95/p99 of the attempts answered 200, the server's RSS (VmRSS of its
// process and any children), 429/503 answers. The verdict: least-squares slopes of p95 latency and RSS
// over the second half, last window / first window, and spans acknowledged vs distinct span ids stored.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { envInt } from "./api-setup.ts";
import { SPANS_PER_EXPORT } from "./ingest/config.ts";
import { post, retryAfterMs } from "./ingest/load-clients.ts";
import { rejectedSpansOf } from "./ingest/partial-success.ts";
import { readCpu, readMachineCpu, readMemory } from "./ingest/proc-stats.ts";
import { createRandom } from "./ingest/random-text.ts";
import { fixed, int, mib, percentile } from "./ingest/report.ts";
import { IdSource, mapTemplate, rewriteBatch } from "./ingest/rewrite-ids.ts";
import { countStoredSpans, startServer, type ServerProcess } from "./ingest/server-process.ts";
import { buildTemplateBatch } from "./ingest/workload.ts";

const minutes = envNumber("SOAK_MINUTES", 10);
const load = envNumber("SOAK_LOAD", 0.7);
const capacitySeconds = envInt("SOAK_CAPACITY_SECONDS", 30);
const windowSeconds = envInt("SOAK_WINDOW_SECONDS", 30);
const clients = envInt("BENCH_CLIENTS", 6);
const TEMPLATES = 16;
const MAX_IN_FLIGHT = 64;
const MAX_ATTEMPTS = 30;
const progress = (text: string) => process.stderr.write(`… ${text}\n`);

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

// ---- The workload: SDK-made templates, every export sent a copy with fresh ids and current times -------
progress(`building ${TEMPLATES} template exports of ${SPANS_PER_EXPORT} spans with the OTel SDK`);
const benchStart = Date.now();
const templates = Array.from({ length: TEMPLATES }, (_, i) => buildTemplateBatch(20261205 + i, SPANS_PER_EXPORT, benchStart - 60_000));
const layouts = templates.map((template) => mapTemplate(template.body));
const ids = new IdSource(createRandom(7));
let made = 0;
function nextExport(): { body: Buffer; spans: number } {
  const i = made++ % templates.length;
  const shiftNs = BigInt(Date.now() - benchStart) * 1_000_000n;
  return { body: rewriteBatch(templates[i]!.body, layouts[i]!, ids, shiftNs), spans: templates[i]!.spans };
}

// ---- What the clients saw, per window ------------------------------------------------------------------
interface Tally {
  ackedSpans: number;
  latenciesMs: number[];
  overloaded: number;
  unavailable: number;
  network: number;
  failed: number;
  late: number;
}
const newTally = (): Tally => ({ ackedSpans: 0, latenciesMs: [], overloaded: 0, unavailable: 0, network: 0, failed: 0, late: 0 });
let tally = newTally();
let ackedTotal = 0;
let refusedTotal = 0;
let failedTotal = 0;
let inFlight = 0;

/** One export, retried as an OTLP exporter retries it, until a 200 or a final answer. */
async function sendUntilAcked(target: URL, agent: http.Agent, ingestKey: string): Promise<void> {
  const item = nextExport();
  inFlight++;
  try {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const answer = await post(target, agent, ingestKey, item.body).catch((error: unknown) => error as Error);
      const elapsed = performance.now() - started;
      if (answer instanceof Error) {
        tally.network++;
        if (attempt >= MAX_ATTEMPTS) break;
        await delay(1000);
        continue;
      }
      if (answer.status === 200) {
        const refused = rejectedSpansOf(answer.body);
        refusedTotal += refused;
        tally.ackedSpans += item.spans - refused;
        ackedTotal += item.spans - refused;
        tally.latenciesMs.push(elapsed);
        return;
      }
      if ((answer.status === 429 || answer.status === 503) && attempt < MAX_ATTEMPTS) {
        if (answer.status === 429) tally.overloaded++;
        else tally.unavailable++;
        await delay(retryAfterMs(answer.retryAfter));
        continue;
      }
      break;
    }
    tally.failed++;
    failedTotal++;
  } finally {
    inFlight--;
  }
}

/** Resident memory of the server and every process under it (it runs none today; a future worker would count). */
function treeRss(pid: number): number {
  let rss = readMemory(pid)?.rssBytes ?? 0;
  for (const child of childPids(pid)) rss += treeRss(child);
  return rss;
}

function childPids(pid: number): number[] {
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return ""; // exited meanwhile
    }
  };
  const tasks = (() => {
    try {
      return fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  })();
  return tasks.flatMap((tid) => read(`/proc/${pid}/task/${tid}/children`).trim().split(/\s+/).filter(Boolean).map(Number));
}

interface Window {
  endMinutes: number;
  ackedPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  rssBytes: number;
  maxRssBytes: number;
  /** Cores the server used, and everything else on the machine but the server and this process. */
  serverCores: number;
  otherCores: number;
  tally: Tally;
}

interface CpuMark {
  server: number;
  self: number;
  machine: number;
}

function cpuMark(pid: number): CpuMark {
  const self = process.cpuUsage();
  return {
    server: readCpu(pid)?.processSeconds ?? 0,
    self: (self.user + self.system) / 1e6,
    machine: readMachineCpu()?.busySeconds ?? 0,
  };
}

/** Least squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** Cores the server used between two marks, and the cores everything but the server and this process used. */
function coresBetween(before: CpuMark, after: CpuMark, seconds: number): { serverCores: number; otherCores: number } {
  const server = after.server - before.server;
  const other = Math.max(0, after.machine - before.machine - server - (after.self - before.self));
  return { serverCores: server / seconds, otherCores: other / seconds };
}

// ---- Run ---------------------------------------------------------------------------------------------------
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "promptmetrics-bench-soak-"));
const dataDir = path.join(scratch, "data");
const ingestKey = `pm_ingest_soak_${randomBytes(24).toString("hex")}`;
let server: ServerProcess | undefined;
const windows: Window[] = [];
try {
  progress("starting the server (promptmetrics start)");
  server = await startServer({ dataDir, ingestKey });
  const pid = server.pid;
  const idleRss = treeRss(pid);
  const target = new URL("/v1/traces", server.otlpUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });

  // Capacity: closed loop, clients as fast as acknowledged.
  progress(`capacity: ${clients} clients as fast as acknowledged, ${capacitySeconds} s after a 10 s warm-up`);
  const closedClient = async (until: number) => {
    while (performance.now() < until) await sendUntilAcked(target, agent, ingestKey);
  };
  const warmUntil = performance.now() + 10_000;
  await Promise.all(Array.from({ length: clients }, () => closedClient(warmUntil)));
  tally = newTally();
  const capacityStarted = performance.now();
  const capacityCpuBefore = cpuMark(pid);
  await Promise.all(Array.from({ length: clients }, () => closedClient(capacityStarted + capacitySeconds * 1000)));
  const capacityElapsed = (performance.now() - capacityStarted) / 1000;
  const capacityCpu = coresBetween(capacityCpuBefore, cpuMark(pid), capacityElapsed);
  const capacityTally = tally;
  const capacity = tally.ackedSpans / capacityElapsed;
  const capacityLatencies = [...tally.latenciesMs].sort((a, b) => a - b);
  const paceRate = capacity * load;
  const intervalMs = (SPANS_PER_EXPORT / paceRate) * 1000;
  progress(
    `capacity ${int(capacity)} spans/s (p50 ${fixed(percentile(capacityLatencies, 50), 0)} ms); soak at ${int(paceRate)} spans/s, an export every ${fixed(intervalMs, 1)} ms, for ${minutes} min`,
  );

  // Soak: open loop. Sends are due at fixed times from the start; a due send is skipped (late) only
  // when MAX_IN_FLIGHT exports are already unanswered.
  const soakStarted = performance.now();
  const soakEnd = soakStarted + minutes * 60_000;
  tally = newTally();
  let windowStarted = soakStarted;
  let windowCpu = cpuMark(pid);
  let maxRss = 0;
  const pending = new Set<Promise<void>>();
  let due = 0;
  let nextSample = performance.now() + 1000;
  let nextWindow = soakStarted + windowSeconds * 1000;
  for (;;) {
    const now = performance.now();
    while (soakStarted + due * intervalMs <= now && soakStarted + due * intervalMs < soakEnd) {
      due++;
      if (inFlight >= MAX_IN_FLIGHT) {
        tally.late++;
        continue;
      }
      const send = sendUntilAcked(target, agent, ingestKey);
      pending.add(send);
      void send.finally(() => pending.delete(send));
    }
    if (now >= nextSample) {
      maxRss = Math.max(maxRss, treeRss(pid));
      nextSample += 1000;
    }
    if (now >= nextWindow || now >= soakEnd) {
      const seconds = (now - windowStarted) / 1000;
      const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
      const rss = treeRss(pid);
      const cpu = cpuMark(pid);
      const { serverCores, otherCores } = coresBetween(windowCpu, cpu, seconds);
      windowCpu = cpu;
      windows.push({
        endMinutes: (now - soakStarted) / 60_000,
        ackedPerSecond: tally.ackedSpans / seconds,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        rssBytes: rss,
        maxRssBytes: Math.max(maxRss, rss),
        serverCores,
        otherCores,
        tally,
      });
      tally = newTally();
      maxRss = 0;
      windowStarted = now;
      nextWindow += windowSeconds * 1000;
      const w = windows.at(-1)!;
      progress(
        `window ${windows.length}: ${int(w.ackedPerSecond)} spans/s, p95 ${fixed(w.p95, 0)} ms, RSS ${mib(w.rssBytes)}, in flight ${inFlight}`,
      );
      if (now >= soakEnd) break;
    }
    const nextDue = soakStarted + due * intervalMs;
    await delay(Math.max(1, Math.min(nextDue, nextSample, nextWindow, soakEnd) - performance.now()));
  }
  progress(`soak over; waiting for ${pending.size} exports in flight`);
  await Promise.all(pending);
  agent.destroy();

  progress("stopping the server (SIGTERM) and counting what it stored with promptmetrics sql");
  await server.stop();
  server = undefined;
  const stored = await countStoredSpans(dataDir);

  // ---- Report ------------------------------------------------------------------------------------------
  const cpus = os.cpus();
  console.log(`PromptMetrics soak benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`);
  console.log(
    `  machine: ${cpus.length} cores, ${cpus[0]?.model ?? "unknown CPU"}, ${mib(os.totalmem())} RAM; load average at the end ${os
      .loadavg()
      .map((n) => fixed(n, 2))
      .join(" ")}`,
  );
  console.log(`  server: promptmetrics start (child process), embedded chDB; RSS right after start-up ${mib(idleRss)}`);
  console.log(
    `  capacity (baseline, this run): ${int(capacity)} spans/s acknowledged, ${clients} clients as fast as answered for ${capacitySeconds} s; ` +
      `p50 ${fixed(percentile(capacityLatencies, 50), 0)} ms, p99 ${fixed(percentile(capacityLatencies, 99), 0)} ms; 429 ${capacityTally.overloaded}, 503 ${capacityTally.unavailable}; ` +
      `server CPU ${fixed(capacityCpu.serverCores, 2)} cores, other processes' ${fixed(capacityCpu.otherCores, 2)} (a busy machine lowers the capacity, and so the soak's rate)`,
  );
  console.log(
    `  soak: ${fixed(load * 100, 0)}% of capacity = ${int(paceRate)} spans/s offered, open loop, one ${SPANS_PER_EXPORT}-span export every ${fixed(intervalMs, 1)} ms, ${minutes} min, windows of ${windowSeconds} s`,
  );
  console.log("");
  const header = [
    "window end",
    "acked spans/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "RSS MiB",
    "max RSS MiB",
    "429",
    "503",
    "late",
    "conn. errors",
    "server CPU",
    "others' CPU",
  ];
  const rows = windows.map((w) => [
    `${fixed(w.endMinutes, 1)} min`,
    int(w.ackedPerSecond),
    fixed(w.p50, 0),
    fixed(w.p95, 0),
    fixed(w.p99, 0),
    int(w.rssBytes / 1024 ** 2),
    int(w.maxRssBytes / 1024 ** 2),
    String(w.tally.overloaded),
    String(w.tally.unavailable),
    String(w.tally.late),
    String(w.tally.network),
    fixed(w.serverCores, 2),
    fixed(w.otherCores, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  console.log(`  ${header.map((h, i) => h.padStart(widths[i]!)).join("  ")}`);
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padStart(widths[i]!)).join("  ")}`);

  const secondHalf = windows.slice(Math.floor(windows.length / 2));
  const latencySlope = slope(secondHalf.map((w) => ({ x: w.endMinutes, y: w.p95 })));
  const p50Slope = slope(secondHalf.map((w) => ({ x: w.endMinutes, y: w.p50 })));
  const rssSlope = slope(secondHalf.map((w) => ({ x: w.endMinutes, y: w.rssBytes / 1024 ** 2 })));
  const first = windows[0]!;
  const last = windows.at(-1)!;
  const ratio = (a: number, b: number) => `${fixed(a / b, 2)}x`;
  const meanRate = windows.reduce((s, w) => s + w.ackedPerSecond, 0) / windows.length;
  console.log("");
  console.log("verdict");
  console.log(`  acknowledged, mean of windows      ${int(meanRate)} spans/s (${fixed((meanRate / capacity) * 100, 0)}% of capacity)`);
  console.log(
    `  second half (${secondHalf.length} windows), per minute  p95 ${fixed(latencySlope, 1)} ms/min, p50 ${fixed(p50Slope, 1)} ms/min, RSS ${fixed(rssSlope, 1)} MiB/min`,
  );
  console.log(
    `  last window / first window         p50 ${ratio(last.p50, first.p50)}, p95 ${ratio(last.p95, first.p95)}, p99 ${ratio(last.p99, first.p99)}, RSS ${ratio(last.rssBytes, first.rssBytes)}, acked/s ${ratio(last.ackedPerSecond, first.ackedPerSecond)}`,
  );
  const total = windows.reduce((s, w) => ({ o: s.o + w.tally.overloaded, u: s.u + w.tally.unavailable, l: s.l + w.tally.late }), {
    o: 0,
    u: 0,
    l: 0,
  });
  console.log(`  soak answers 429 / 503 / late sends ${total.o} / ${total.u} / ${total.l}; exports given up ${failedTotal}`);
  const ok = stored.distinctSpans === ackedTotal && stored.spans === stored.distinctSpans;
  console.log(
    `  acknowledged (capacity + soak)     ${int(ackedTotal)} spans; stored ${int(stored.distinctSpans)} distinct ids, ${int(stored.spans)} rows: ${ok ? "equal" : "MISMATCH"}` +
      (refusedTotal ? `; ${int(refusedTotal)} refused through partial_success` : ""),
  );
  if (!ok) process.exitCode = 1;
} finally {
  if (server) server.kill();
  fs.rmSync(scratch, { recursive: true, force: true });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
