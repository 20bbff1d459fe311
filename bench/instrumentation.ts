// Per-call overhead of OpenAI instrumentations (ours, Traceloop, OpenInference) over the same calls uninstrumented.
// Run: npm run bench -- instrumentation   (BENCH_SCALE, BENCH_ROUNDS, BENCH_VARIANTS, BENCH_OURS_FROM)
// A benchmark, not a test: it prints numbers and asserts nothing about time.
//
// Each variant runs in a child process of its own (patching is global, and the libraries patch the same
// methods), on this Node, with the same tracing: a registered NodeTracerProvider and a BatchSpanProcessor whose
// exporter encodes every batch with the OTLP protobuf serializer and drops the bytes (export work without a
// network). A child times `chat.completions.create` calls one after another, plain and streamed (reading every
// chunk, usage requested with stream_options), through an in-memory fetch that replays the mock's bytes and
// against the mock provider over HTTP, the four kinds taking turns in blocks. Baseline children run before each
// round and after the last, so every overhead is against the same run's baseline, and its spread shows the noise.
// Allocations: V8 heap bytes allocated per call, from v8.GCProfiler (used heap growth plus what each GC freed).
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readMachineCpu } from "./ingest/proc-stats.ts";
import { printLatencyTable, printSpanTable, printVerdict } from "./instrumentation-report.ts";
import { summarise, type ChildResult } from "./instrumentation-results.ts";
import { BASELINE, VARIANTS } from "./instrumentation-variants.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "instrumentation-child.ts");
/** Each kind of call runs in this many blocks, taking turns with the other kinds. */
const BLOCKS = 5;

interface Config {
  scale: number;
  rounds: number;
  variants: string[];
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  const scale = Number(env["BENCH_SCALE"] ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a number above 0, got "${env["BENCH_SCALE"]}"`);
  const rounds = Number(env["BENCH_ROUNDS"] ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ROUNDS must be a whole number from 1, got "${env["BENCH_ROUNDS"]}"`);
  const known = VARIANTS.map((variant) => variant.name).filter((name) => name !== BASELINE);
  const variants = env["BENCH_VARIANTS"]
    ? env["BENCH_VARIANTS"]
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== BASELINE)
    : known;
  const unknown = variants.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_VARIANTS: unknown ${unknown.join(", ")}; known: ${known.join(", ")}`);
  if (env["BENCH_OURS_FROM"] !== undefined && !["src", "dist"].includes(env["BENCH_OURS_FROM"])) {
    throw new Error(`BENCH_OURS_FROM must be src or dist, got "${env["BENCH_OURS_FROM"]}"`);
  }
  return { scale, rounds, variants };
}

/** The caller's settings for any of the libraries would change what a child measures: they are not passed on. */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const settings = /^(OTEL_|PROMPTMETRICS_|OPENINFERENCE_|TRACELOOP_|NODE_OPTIONS$)/;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !settings.test(name)));
}

function runChild(variant: string, config: Config): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, "--expose-gc", CHILD, variant, String(config.scale), String(BLOCKS)];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env: childEnv(process.env) });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`the ${variant} child failed (${signal ?? `exit ${code}`})`));
      else resolve(JSON.parse(last) as ChildResult);
    });
  });
}

/** Baseline first in each round and once more at the end; the variants' order turns each round. */
function schedule(config: Config): string[] {
  const order: string[] = [];
  for (let round = 0; round < config.rounds; round++) {
    const turn = round % config.variants.length;
    order.push(BASELINE, ...config.variants.slice(turn), ...config.variants.slice(0, turn));
  }
  order.push(BASELINE);
  return order;
}

const config = readConfig(process.env);
const order = schedule(config);
const progress = (text: string) => process.stderr.write(`… ${text}\n`);
const machineBefore = readMachineCpu();
const started = performance.now();
const results: ChildResult[] = [];
for (const [index, variant] of order.entries()) {
  progress(`${index + 1}/${order.length}: ${variant}`);
  results.push(await runChild(variant, config));
}
const seconds = (performance.now() - started) / 1000;
const machineAfter = readMachineCpu();
const ownCpu = process.cpuUsage();
const benchCpu = results.reduce((sum, result) => sum + result.cpuSeconds, 0) + (ownCpu.user + ownCpu.system) / 1e6;
const otherCores =
  machineBefore && machineAfter ? Math.max(0, machineAfter.busySeconds - machineBefore.busySeconds - benchCpu) / seconds : undefined;

const summaries = summarise(results);
const cpus = os.cpus();
const versions = VARIANTS.filter((variant) => variant.packageName !== "" && summaries.has(variant.name))
  .map((variant) => `${variant.packageName} ${summaries.get(variant.name)!.version}`)
  .filter((entry, index, all) => all.indexOf(entry) === index);
console.log(
  `OpenAI instrumentation overhead (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC), Node ${results[0]?.node}, ${cpus.length} cores ${cpus[0]?.model ?? ""}`,
);
console.log(
  `Measured: ${versions.join(", ")}${process.env["BENCH_OURS_FROM"] === "dist" ? " (ours from dist/)" : " (ours from src/)"}; openai via require.`,
);
console.log(
  `Per child, after a warm-up: ${callCounts(results[0])}, each kind in ${BLOCKS} blocks taking turns; ${config.rounds} rounds, ` +
    `${order.length} child processes in ${fixed1(seconds)} s.` +
    (otherCores === undefined ? "" : ` Other processes used ${fixed1(otherCores)} cores meanwhile.`),
);
console.log(
  "mean: a block's wall time / its calls (span export and GC pauses included), the median over all blocks; p50, p99: over all calls;",
);
console.log(
  "CPU: the same with the process's CPU time (every thread), which another process on the machine disturbs least; Δ: against the",
);
console.log("same run's baseline. Allocated: V8 heap bytes allocated per call (used-heap growth plus what each GC freed, v8.GCProfiler).");
console.log("Content: whether prompts and completions are recorded on the span; * marks the library's default.");
printLatencyTable(summaries, "memory");
printLatencyTable(summaries, "http");
printSpanTable(summaries);
printVerdict(summaries);

function fixed1(n: number): string {
  return n.toFixed(1);
}

function callCounts(result: ChildResult | undefined): string {
  return (result?.phases ?? [])
    .map((phase) => `${phase.calls} ${phase.mode} ${phase.transport === "memory" ? "in memory" : "over HTTP"}`)
    .join(", ");
}
