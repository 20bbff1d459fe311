// The gateway's cost per call: the official openai SDK through `promptmetrics start`'s gateway and straight to the same local upstream (fixed latency), streamed and not, at several concurrencies: added p50/p99, server CPU per call, memory over a long run
// Run: npm run bench -- gateway   (BENCH_LATENCY_MS 10; BENCH_CALLS 2,000 per case; BENCH_LONG_CALLS 100,000)
// Three processes: the upstream (bench/gateway-upstream.ts, answers after a fixed delay), the real
// `promptmetrics start` with a provider key connected to that upstream, and this one driving the SDK.
// Baseline: the same SDK calls straight to the upstream in the same run. Added latency is the gateway's
// percentile minus the direct one. CPU per call is the server process's user+system time (/proc) over the
// gateway phase divided by its calls: proxying, recording the run, the ingest writer and the embedded
// engine's insert together. The long run samples the server's RSS every 10,000 calls and checks at the
// end that every call became a stored run.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { envInt } from "./api-setup.ts";

const CLI = fileURLToPath(new URL("../cli/bin/promptmetrics.ts", import.meta.url));
const UPSTREAM = fileURLToPath(new URL("./gateway-upstream.ts", import.meta.url));
const latencyMs = envInt("BENCH_LATENCY_MS", 10);
const calls = envInt("BENCH_CALLS", 2_000);
const longCalls = envInt("BENCH_LONG_CALLS", 100_000);
const CONCURRENCIES = [1, 8, 32];
const INGEST_KEY = "pm_bench_gateway_key_0001";
const PASSWORD = "correct horse battery";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-bench-gateway-"));
const children: ChildProcess[] = [];
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
});

function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(ready);
      if (match) {
        child.stdout!.off("data", onData);
        resolve({ child, match });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}:\n${output}`)));
  });
}

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match![1]) / 1024;
}

function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match![1]) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function oneCall(client: OpenAI, streamed: boolean): Promise<void> {
  const messages = [{ role: "user" as const, content: "Say hello" }];
  if (!streamed) {
    await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    return;
  }
  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true });
  for await (const _chunk of stream) {
    // drain
  }
}

/** `n` calls by `concurrency` workers; each call's wall time in ms. */
async function drive(
  client: OpenAI,
  streamed: boolean,
  n: number,
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const started = performance.now();
      await oneCall(client, streamed);
      times.push(performance.now() - started);
      onProgress?.(times.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

const upstream = await start([UPSTREAM, String(latencyMs)], process.env, /(http:\/\/\S+)/);
const upstreamUrl = upstream.match[1]!;
const master = randomBytes(32).toString("hex");
const server = await start(
  [CLI, "start"],
  {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PROMPTMETRICS_DATA_DIR: path.join(work, "data"),
    PROMPTMETRICS_PORT: "0",
    PROMPTMETRICS_OTLP_PORT: "0",
    PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
    PROMPTMETRICS_INIT_ADMIN_EMAIL: "bench@example.com",
    PROMPTMETRICS_INIT_ADMIN_PASSWORD: PASSWORD,
    PROMPTMETRICS_MASTER_KEY: master,
    PROMPTMETRICS_GATEWAY_ALLOW_HTTP: "true",
  },
  /API and dashboard\s+(http:\/\/\S+)/,
);
const apiUrl = server.match[1]!;
const pid = server.child.pid!;
const login = await fetch(`${apiUrl}/api/auth/login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: "bench@example.com", password: PASSWORD }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(";")[0])
  .join("; ");
const projectId = ((await login.json()) as { projects: { id: string }[] }).projects[0]!.id;
const connected = await fetch(`${apiUrl}/api/integrations/connect`, {
  method: "POST",
  headers: { cookie, origin: apiUrl, "content-type": "application/json" },
  body: JSON.stringify({ projectId, provider: "openai", apiKey: "sk-bench-upstream-0000", baseUrl: `${upstreamUrl}/v1` }),
});
if (connected.status !== 201) throw new Error(`connect answered ${connected.status}: ${await connected.text()}`);

// The server's own CPU while idle (merges, health rows), subtracted from each phase's.
await new Promise((resolve) => setTimeout(resolve, 2000));
const idleStart = cpuMs(pid);
const idleStarted = performance.now();
await new Promise((resolve) => setTimeout(resolve, 3000));
const idleCpuPerMs = (cpuMs(pid) - idleStart) / (performance.now() - idleStarted);

const direct = new OpenAI({ apiKey: "sk-bench-upstream-0000", baseURL: `${upstreamUrl}/v1`, maxRetries: 0 });
const gateway = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
const fmt = (ms: number) => ms.toFixed(2);
const openaiVersion = (
  JSON.parse(fs.readFileSync(new URL("../node_modules/openai/package.json", import.meta.url), "utf8")) as { version: string }
).version;
let gatewayCalls = 0;

console.log(
  `Gateway bench: upstream latency ${latencyMs} ms, ${calls.toLocaleString("en-US")} calls per case (after 200 warm-up calls), the openai SDK ${openaiVersion}`,
);
console.log("");
console.log(`Server CPU while idle: ${(idleCpuPerMs * 1000).toFixed(0)} ms per second, subtracted from "net" below.`);
console.log("| mode | concurrency | direct p50 / p99 ms | gateway p50 / p99 ms | added p50 / p99 ms | server CPU ms/call (raw / net) |");
console.log("|---|---|---|---|---|---|");
for (const streamed of [false, true]) {
  for (const concurrency of CONCURRENCIES) {
    await drive(direct, streamed, 200, concurrency);
    await drive(gateway, streamed, 200, concurrency);
    gatewayCalls += 200;
    const straight = (await drive(direct, streamed, calls, concurrency)).sort((a, b) => a - b);
    const cpuBefore = cpuMs(pid);
    const phaseStarted = performance.now();
    const through = (await drive(gateway, streamed, calls, concurrency)).sort((a, b) => a - b);
    const cpuUsed = cpuMs(pid) - cpuBefore;
    const cpuPerCall = cpuUsed / calls;
    const netCpuPerCall = Math.max(0, cpuUsed - idleCpuPerMs * (performance.now() - phaseStarted)) / calls;
    gatewayCalls += calls;
    const [d50, d99, g50, g99] = [percentile(straight, 50), percentile(straight, 99), percentile(through, 50), percentile(through, 99)];
    console.log(
      `| ${streamed ? "streamed" : "JSON"} | ${concurrency} | ${fmt(d50)} / ${fmt(d99)} | ${fmt(g50)} / ${fmt(g99)} | ${fmt(g50 - d50)} / ${fmt(g99 - d99)} | ${cpuPerCall.toFixed(2)} / ${netCpuPerCall.toFixed(2)} |`,
    );
  }
}

console.log("");
console.log(
  `Long run: ${longCalls.toLocaleString("en-US")} JSON calls through the gateway at concurrency 32; server RSS every 10,000 calls (MiB):`,
);
const samples: { calls: number; rss: number }[] = [{ calls: 0, rss: rssMiB(pid) }];
const longStarted = performance.now();
await drive(gateway, false, longCalls, 32, (done) => {
  if (done % 10_000 === 0) samples.push({ calls: done, rss: rssMiB(pid) });
});
const longSeconds = (performance.now() - longStarted) / 1000;
gatewayCalls += longCalls;
console.log(samples.map((s) => `${(s.calls / 1000).toFixed(0)}k: ${s.rss.toFixed(0)}`).join(" · "));
const half = samples.slice(Math.floor(samples.length / 2));
const slope = half.length > 1 ? (half.at(-1)!.rss - half[0]!.rss) / ((half.at(-1)!.calls - half[0]!.calls) / 10_000) : 0;
console.log(
  `${(longCalls / longSeconds).toFixed(0)} calls/s; second-half RSS slope ${slope.toFixed(1)} MiB per 10,000 calls; peak RSS ${peakRssMiB(pid).toFixed(0)} MiB`,
);

// Every call answered through the gateway is a stored run (the writer flushes within its linger).
let stored = 0;
for (let attempt = 0; attempt < 50; attempt++) {
  const answer = await fetch(`${apiUrl}/api/sql`, {
    method: "POST",
    headers: { cookie, origin: apiUrl, "content-type": "application/json" },
    body: JSON.stringify({ projectId, query: "SELECT count() AS n FROM llm_runs" }),
  });
  stored = Number(((await answer.json()) as { rows: unknown[][] }).rows[0]![0]);
  if (stored >= gatewayCalls) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
console.log(`Runs stored: ${stored.toLocaleString("en-US")} of ${gatewayCalls.toLocaleString("en-US")} gateway calls.`);
process.exit(0);
