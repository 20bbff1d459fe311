// Ingest throughput, end to end: concurrent OTLP/HTTP clients post protobuf batches of 512 realistic LLM spans
// to the real all-in-one server (a child process); then the same rows go straight into chDB as the ceiling.
// Run: npm run bench -- ingest   (BENCH_SPANS, BENCH_CLIENTS, BENCH_TEMPLATES, BENCH_CPU_PROF, BENCH_KEEP_DATA)
// A benchmark, not a test: it prints numbers and asserts nothing about time.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { BARE_BATCH_ROWS, measureBareEngine } from "./ingest/bare-engine.ts";
import { readConfig, SPANS_PER_EXPORT } from "./ingest/config.ts";
import { summariseProfiles } from "./ingest/cpu-profile.ts";
import { runLoad, type Export, type LoadResult } from "./ingest/load-clients.ts";
import { cpuBetween, readCpu, readMachineCpu, readMemory, type CpuSnapshot } from "./ingest/proc-stats.ts";
import { createRandom } from "./ingest/random-text.ts";
import { fixed, heading, int, line, mib, ms, percentile, share } from "./ingest/report.ts";
import { IdSource, mapTemplate, rewriteBatch } from "./ingest/rewrite-ids.ts";
import { readWriterFigures } from "./ingest/server-metrics.ts";
import { countStoredSpans, startServer, type ServerProcess } from "./ingest/server-process.ts";
import { buildTemplateBatch } from "./ingest/workload.ts";

const config = readConfig(process.env);
const progress = (text: string) => process.stderr.write(`… ${text}\n`);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "promptmetrics-bench-ingest-"));
const dirs = {
  server: path.join(scratch, "server-data"),
  ceiling: path.join(scratch, "ceiling-data"),
  bare: path.join(scratch, "bare-engine-data"),
  profile: path.join(scratch, "cpu-profile"),
};

// ---- The workload, encoded before any clock starts -------------------------------------------------
const exportCount = Math.ceil(config.spans / SPANS_PER_EXPORT);
const warmupCount = Math.min(config.clients * 2, Math.floor(exportCount / 10));
progress(`building ${config.templates} template exports with the OTel SDK, then ${exportCount} distinct exports`);
const HISTORY_MS = 6 * 60_000; // start times spread over the last few minutes
const benchStart = Date.now();
const templates = Array.from({ length: config.templates }, (_, i) =>
  buildTemplateBatch(20261125 + i, SPANS_PER_EXPORT, benchStart - HISTORY_MS),
);
const layouts = templates.map((template) => mapTemplate(template.body));
const ids = new IdSource(createRandom(42));
const exports: (Export & { llmSpans: number })[] = [];
for (let i = 0; i < exportCount; i++) {
  const template = templates[i % templates.length]!;
  // Later exports carry later spans: the whole run covers the last five minutes.
  const shiftNs = BigInt(Math.floor((i / exportCount) * (HISTORY_MS - 60_000))) * 1_000_000n;
  exports.push({
    body: rewriteBatch(template.body, layouts[i % layouts.length]!, ids, shiftNs),
    spans: template.spans,
    llmSpans: template.llmSpans,
  });
}
const warmup = exports.slice(0, warmupCount);
const timed = exports.slice(warmupCount);
const totalSpans = exports.reduce((sum, e) => sum + e.spans, 0);
const llmShare = templates.reduce((sum, t) => sum + t.llmSpans, 0) / templates.reduce((sum, t) => sum + t.spans, 0);
const llmCount = templates.reduce((sum, t) => sum + t.llmSpans, 0);
const textPerLlmSpan = templates.reduce((sum, t) => sum + t.textChars, 0) / llmCount;
const attributesPerLlmSpan = templates.reduce((sum, t) => sum + t.llmAttributes, 0) / llmCount;
const bodyBytes = exports.reduce((sum, e) => sum + e.body.length, 0) / exports.length;

// ---- End to end -------------------------------------------------------------------------------------
const ingestKey = `pm_ingest_bench_${randomBytes(24).toString("hex")}`;
fs.mkdirSync(dirs.profile);
let server: ServerProcess | undefined;
let e2e: {
  warm: LoadResult;
  load: LoadResult;
  cpu: CpuSnapshot | undefined;
  clientCpuSeconds: number;
  otherCpuSeconds: number | undefined;
  stealSeconds: number | undefined;
};
let idleRss: number | undefined;
let loadAverageAtStart: number;
let peakRss = 0;
let writer: Awaited<ReturnType<typeof readWriterFigures>>;
let stopSeconds: number;
try {
  progress("starting the server (promptmetrics start)");
  server = await startServer({
    dataDir: dirs.server,
    ingestKey,
    extraEnv: config.cpuProfile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dirs.profile}` } : {},
  });
  const pid = server.pid;
  idleRss = readMemory(pid)?.rssBytes;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, readMemory(pid)?.peakRssBytes ?? 0)), 250);
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.clients });
  progress(`warm-up: ${warmup.length} exports`);
  const warm = await runLoad({ url: server.otlpUrl, ingestKey, exports: warmup, clients: config.clients, agent });
  progress(`load: ${timed.length} exports from ${config.clients} clients`);
  loadAverageAtStart = os.loadavg()[0]!;
  const cpuBefore = readCpu(pid);
  const machineBefore = readMachineCpu();
  const clientBefore = process.cpuUsage();
  const load = await runLoad({ url: server.otlpUrl, ingestKey, exports: timed, clients: config.clients, agent });
  const clientUsed = process.cpuUsage(clientBefore);
  const cpuAfter = readCpu(pid);
  const machineAfter = readMachineCpu();
  const cpu = cpuBefore && cpuAfter ? cpuBetween(cpuBefore, cpuAfter) : undefined;
  const clientCpuSeconds = (clientUsed.user + clientUsed.system) / 1e6;
  const machineBusy = machineBefore && machineAfter ? machineAfter.busySeconds - machineBefore.busySeconds : undefined;
  e2e = {
    warm,
    load,
    cpu,
    clientCpuSeconds,
    // Whatever else ran on the machine meanwhile (another build, a test run): it takes cores from the server.
    otherCpuSeconds: machineBusy === undefined || !cpu ? undefined : Math.max(0, machineBusy - cpu.processSeconds - clientCpuSeconds),
    stealSeconds: machineBefore && machineAfter ? machineAfter.stealSeconds - machineBefore.stealSeconds : undefined,
  };
  writer = await readWriterFigures(server.otlpUrl, server.metricsToken);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, readMemory(pid)?.peakRssBytes ?? 0);
  agent.destroy();
  progress("stopping the server (SIGTERM) and counting what it stored");
  const stopStarted = performance.now();
  await server.stop();
  stopSeconds = (performance.now() - stopStarted) / 1000;
  server = undefined;
} finally {
  // A failed run must not leave a server holding the data directory (kept for a look: ${scratch}).
  if (server) server.kill();
}
const stored = await countStoredSpans(dirs.server);

// ---- The ceiling ------------------------------------------------------------------------------------
const rowsPerInsert = writer.inserts > 0 ? writer.spansAccepted / writer.inserts : SPANS_PER_EXPORT;
const exportsPerInsert = Math.max(1, Math.round(rowsPerInsert / SPANS_PER_EXPORT));
progress(
  `ceiling: the same rows into a fresh embedded store, ${exportsPerInsert} exports (${int(exportsPerInsert * SPANS_PER_EXPORT)} rows) per insert`,
);
const { measureCeiling } = await import("./ingest/ceiling.ts");
const ceilingMachineBefore = readMachineCpu();
const ceilingSelfBefore = process.cpuUsage();
const ceilingStarted = performance.now();
const ceiling = await measureCeiling({ dataDir: dirs.ceiling, warmup, timed, exportsPerInsert });
const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
const ceilingSelf = process.cpuUsage(ceilingSelfBefore);
const ceilingMachineAfter = readMachineCpu();
const ceilingOtherCores =
  ceilingMachineBefore && ceilingMachineAfter
    ? Math.max(0, ceilingMachineAfter.busySeconds - ceilingMachineBefore.busySeconds - (ceilingSelf.user + ceilingSelf.system) / 1e6) /
      ceilingSeconds
    : undefined;
const profile = config.cpuProfile ? summariseProfiles(dirs.profile) : undefined;

// ---- Report -----------------------------------------------------------------------------------------
const { load, warm } = e2e;
const e2eRate = load.acknowledgedSpans / load.seconds;
const ceilingRate = ceiling.rows / ceiling.insertSeconds;
progress(`bare engine: the same rows cut to 21 columns, pre-serialized, into a plain MergeTree, ${BARE_BATCH_ROWS} rows per insert`);
const bare = await measureBareEngine({ dataDir: dirs.bare, exports: timed });
const bareRate = bare.rows / bare.insertSeconds;
const acknowledged = warm.acknowledgedSpans + load.acknowledgedSpans;
const latencies = [...load.latenciesMs].sort((a, b) => a - b);
const cpus = os.cpus();
const expectedLlm = exports.reduce((sum, e) => sum + e.llmSpans, 0);

console.log(`PromptMetrics ingest benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`);
line("machine", `${cpus.length} cores`, `${cpus[0]?.model ?? "unknown CPU"}, ${mib(os.totalmem())} RAM, ${os.platform()} ${os.release()}`);
line("runtime", `Node ${process.version}`, `server: promptmetrics start (child process), embedded chDB in ${os.tmpdir()}`);
line(
  "workload",
  `${int(totalSpans)} spans`,
  `${exports.length} exports × ${SPANS_PER_EXPORT} (${warmup.length} of them warm-up), ${share(llmShare)} LLM spans, from ${templates.length} SDK-made templates`,
);
line(
  "LLM span",
  `${fixed(attributesPerLlmSpan, 0)} attributes`,
  `${int(textPerLlmSpan)} chars of prompt + completion text; body ${fixed(bodyBytes / 1024 ** 2, 2)} MiB per export (protobuf)`,
);
line("clients", `${config.clients}`, "keep-alive http.request, one export in flight each, retry 429/503 after Retry-After");

heading("End to end: OTLP/HTTP → promptmetrics start → chDB (timed part, after warm-up)");
line(
  "accepted and durable",
  `${int(e2eRate)} spans/s`,
  `${int(load.acknowledgedSpans)} spans acknowledged (200) in ${fixed(load.seconds, 1)} s`,
);
line(
  "request latency p50",
  ms(percentile(latencies, 50)),
  `per 200 attempt: mean ${ms(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length))}, max ${ms(latencies.at(-1) ?? Number.NaN)}`,
);
line("request latency p99", ms(percentile(latencies, 99)));
line(
  "retries",
  `${int(load.retries.overloaded + load.retries.unavailable + load.retries.network + warm.retries.overloaded + warm.retries.unavailable + warm.retries.network)}`,
  `429: ${load.retries.overloaded + warm.retries.overloaded}, 503: ${load.retries.unavailable + warm.retries.unavailable}, connection errors: ${load.retries.network + warm.retries.network}`,
);
const failed = [...warm.failed, ...load.failed].map(([reason, n]) => `${reason}: ${n}`).join(", ");
line(
  "failed requests",
  failed || "0",
  load.refusedSpans + warm.refusedSpans > 0 ? `spans refused through partial_success: ${load.refusedSpans + warm.refusedSpans}` : "",
);
const verdict =
  stored.spans === acknowledged && stored.distinctSpans === stored.spans
    ? "= acknowledged: OK"
    : `≠ ${int(acknowledged)} acknowledged: MISMATCH`;
line(
  "stored (SELECT count() FROM spans)",
  int(stored.spans),
  `${verdict} (warm-up included); ${int(stored.llmSpans)} LLM rows, expected ${int(expectedLlm)}; ${int(stored.distinctSpans)} distinct ids`,
);
line("server peak RSS (VmHWM)", mib(peakRss), idleRss === undefined ? "" : `${mib(idleRss)} right after start-up`);
if (e2e.cpu) {
  const cores = (seconds: number) => `${fixed(seconds / load.seconds, 2)} cores`;
  const threads = [...e2e.cpu.byThreadName].sort((a, b) => b[1] - a[1]).slice(0, 5);
  line(
    "server CPU",
    cores(e2e.cpu.processSeconds),
    `JS main thread ${cores(e2e.cpu.mainThreadSeconds)}, other threads ${cores(e2e.cpu.processSeconds - e2e.cpu.mainThreadSeconds)}`,
  );
  line("  busiest other threads", "", threads.map(([name, seconds]) => `${name} ${fixed(seconds / load.seconds, 2)}`).join(", "));
  line(
    "  server CPU per span",
    `${fixed((e2e.cpu.processSeconds * 1e6) / load.acknowledgedSpans, 0)} µs`,
    `main thread ${fixed((e2e.cpu.mainThreadSeconds * 1e6) / load.acknowledgedSpans, 0)} µs`,
  );
}
line("load generator CPU", `${fixed(e2e.clientCpuSeconds / load.seconds, 2)} cores`, "the bench process, on the same machine");
if (e2e.otherCpuSeconds !== undefined) {
  const steal = e2e.stealSeconds ? `, hypervisor steal ${fixed(e2e.stealSeconds / load.seconds, 2)} cores` : "";
  line(
    "other processes' CPU",
    `${fixed(e2e.otherCpuSeconds / load.seconds, 2)} cores`,
    `during the timed part (1-min load average at its start ${fixed(loadAverageAtStart, 2)})${steal}; high values mean a noisy run`,
  );
}
line(
  "server's writer",
  `${int(rowsPerInsert)} rows/insert`,
  `${int(writer.inserts)} inserts, mean ${ms(writer.insertMsSum / Math.max(1, writer.inserts))} each (dedup lookup included), ${writer.insertFailures} failed`,
);
line("shutdown after load", `${fixed(stopSeconds, 1)} s`, "SIGTERM to exit");

heading("Ceiling: the same rows, mapSpan + buildSpanRow, store.insert straight into chDB (fresh store, migrated)");
line(
  "store.insert",
  `${int(ceilingRate)} rows/s`,
  `${int(ceiling.rows)} rows in ${fixed(ceiling.insertSeconds, 1)} s, ${ceiling.inserts} inserts of ${int(exportsPerInsert * SPANS_PER_EXPORT)} rows (the writer's size), mean ${ms((ceiling.insertSeconds * 1000) / ceiling.inserts)}`,
);
const js = ceiling.perSpanMicros;
line(
  "JS work per span (apart)",
  `${fixed(js.decode + js.map + js.build, 0)} µs`,
  `decode ${fixed(js.decode, 1)}, mapSpan ${fixed(js.map, 1)}, buildSpanRow ${fixed(js.build, 1)}`,
);
line(
  "writer's dedup lookup (apart)",
  ms((ceiling.dedupSeconds * 1000) / ceiling.inserts),
  `per insert: dedupeBatch → findStoredSpanKeys on the same batches and store, ${share(ceiling.dedupSeconds / ceiling.insertSeconds)} of the insert time`,
);
line(
  "JSON of a row (inside store.insert)",
  `${fixed(js.serialize, 1)} µs`,
  `${share((js.serialize * ceiling.rows) / 1e6 / ceiling.insertSeconds)} of the ceiling's insert time`,
);
if (ceilingOtherCores !== undefined)
  line("other processes' CPU", `${fixed(ceilingOtherCores, 2)} cores`, "during the ceiling phase; high values mean a noisy run");

heading(
  "Bare engine: like rows (21 columns, two maps, the same text), pre-serialized JSONCompactEachRow, plain MergeTree, no views or skip indexes",
);
line(
  "session.insert",
  `${int(bareRate)} rows/s`,
  `${int(bare.rows)} rows in ${fixed(bare.insertSeconds, 1)} s, ${bare.inserts} inserts of up to ${int(BARE_BATCH_ROWS)} rows, ${int(bare.bytesPerRow)} bytes of JSON a row`,
);

heading("Result");
line("end to end / ceiling", fixed(e2eRate / ceilingRate, 2), `the product's own schema's insert (end to end: ${int(e2eRate)} spans/s)`);
line("end to end / bare engine", fixed(e2eRate / bareRate, 2), "goal ≥ 0.6 (aim 0.8) and ≥ 12,000 spans/s (issue #18)");
line("ceiling / bare engine", fixed(ceilingRate / bareRate, 2), "what the schema (views, skip indexes, width) costs the insert itself");

if (profile) {
  heading(
    `Server JavaScript thread, CPU profile (--cpu-prof; ${fixed(profile.busyMs / 1000, 1)} s busy over the server's life, idle excluded)`,
  );
  console.log("  by area:");
  for (const spot of profile.areas) console.log(`    ${share(spot.share).padStart(6)}  ${spot.label}`);
  console.log("  by function (self time):");
  for (const spot of profile.functions) console.log(`    ${share(spot.share).padStart(6)}  ${spot.label}`);
  console.log(`  profile: ${config.keepData ? profile.file : "(deleted; BENCH_KEEP_DATA=1 keeps it)"}`);
}

if (config.keepData) console.log(`\nData kept in ${scratch}`);
else fs.rmSync(scratch, { recursive: true, force: true });
