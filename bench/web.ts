// Dashboard speed: the overview's first render in Chromium with 10M runs in the store (navigation to KPI values and charts drawn, cold and warm loads) and the initial route's JavaScript gzipped.
// Run: npm run bench -- web   (BENCH_RUNS, BENCH_DATA_DIR, BENCH_LOADS, BENCH_OPTIMIZE; builds nothing: run `npm run build` first)
// A benchmark, not a test: it prints numbers and a verdict against the issue's goals and asserts nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@promptmetrics/analytics-api/auth";
import { getUserByEmail, insertUser, openStore, upsertMembership } from "@promptmetrics/clickhouse";
import { countRunningMerges, optimizeRollups } from "@promptmetrics/testing/bench-queries";
import { envInt, prepareData, standardWorkload } from "./api-setup.ts";
import { readMachineCpu } from "./ingest/proc-stats.ts";
import { fixed, heading, int, percentile } from "./ingest/report.ts";
import { measureBundle, type RouteSize } from "./web-bundle.ts";
import { openRenderBench, type LoadTiming } from "./web-render.ts";
import { startWebServer, type WebServer } from "./web-server.ts";

const RENDER_GOAL_MS = 1500;
const INITIAL_JS_GOAL_BYTES = 350_000;
const FLOOR_ROUNDS = 5;
const WEB_DIST = fileURLToPath(new URL("../web/dist", import.meta.url));
const USER = { email: "web-bench@bench.example", password: "web benchmark password" };

const config = {
  runs: envInt("BENCH_RUNS", 10_000_000),
  loads: envInt("BENCH_LOADS", 5),
  dataDir: process.env.BENCH_DATA_DIR,
  optimize: process.env.BENCH_OPTIMIZE !== "0",
};
const workload = standardWorkload(config.runs);
const progress = (text: string) => process.stderr.write(`… ${text}\n`);

// ---- JavaScript: no server needed ------------------------------------------------------------------------------
const bundle = measureBundle(WEB_DIST);

// ---- Data: generated (or reused) in this process, then closed for the server ------------------------------------
const dataDir = config.dataDir ? path.resolve(config.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), "promptmetrics-bench-web-"));
const store = openStore({ kind: "embedded", dataDir });
let data: Awaited<ReturnType<typeof prepareData>>;
try {
  data = await prepareData(store, dataDir, workload, progress);
  if (config.optimize) {
    progress("OPTIMIZE ... FINAL on the three rollups");
    await optimizeRollups(store);
  }
  progress("waiting for background merges to finish (at most 5 minutes)");
  const deadline = performance.now() + 5 * 60_000;
  while ((await countRunningMerges(store)) > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
  // A user of the benchmark's org to sign in with (the generated members' passwords are the api benchmark's).
  let user = await getUserByEmail(store, { email: USER.email });
  user ??= await insertUser(store, {
    id: "usr_web_bench",
    email: USER.email,
    name: "Web benchmark",
    passwordHash: await hashPassword(USER.password),
  });
  await upsertMembership(store, { orgId: data.generated.orgId, userId: user.id, role: "owner" });
} finally {
  await store.close();
}

// ---- The overview in Chromium against the real server -----------------------------------------------------------
const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const end = Date.parse(data.generated.to);
// Custom dates around the generated range, so a reused directory measures the same runs whenever it runs.
const views = [
  { name: "30 days", from: day(end - 29 * 86_400_000), to: day(end + 86_400_000) },
  { name: "90 days", from: day(Date.parse(data.generated.from)), to: day(end + 86_400_000) },
].map((view) => ({ ...view, url: `/p/${data.projectId}/overview?from=${view.from}&to=${view.to}&tz=UTC` }));

interface ApiFloor {
  /** Each of the page's API requests sent alone, one after another: p50 of its own time. */
  alone: { name: string; ms: number }[];
  /** All of them sent at once, as the page could at best: p50 of the time to the last answer. */
  togetherMs: number;
}

interface ViewResult {
  name: string;
  url: string;
  runsInRange: number;
  floor: ApiFloor;
  first: LoadTiming;
  cold: LoadTiming[];
  warm: LoadTiming[];
}

let server: WebServer | undefined;
const results: ViewResult[] = [];
let browserVersion: string;
let machineCores = 0;
let serverStartMs: number;
try {
  progress(`starting promptmetrics on ${dataDir}`);
  server = await startWebServer(dataDir);
  serverStartMs = server.startMs;
  const bench = await openRenderBench(server.apiUrl, USER);
  browserVersion = bench.browserVersion;
  const cpuBefore = readMachineCpu();
  const started = performance.now();
  try {
    for (const view of views) {
      progress(`${view.name}: first load after start, ${config.loads} cold, 1 + ${config.loads} warm`);
      const first = await bench.cold(view.url);
      const cold: LoadTiming[] = [];
      for (let i = 0; i < config.loads; i++) cold.push(await bench.cold(view.url));
      const warm = await bench.warm(view.url, config.loads);
      const overview = await fetch(
        `${server.apiUrl}/api/analytics/overview?projectId=${data.projectId}&from=${view.from}&to=${view.to}&tz=UTC`,
        {
          headers: { authorization: `Bearer ${data.token}` },
        },
      );
      const body = (await overview.json()) as { totals?: { requests?: number } };
      const floor = await measureApiFloor(server.apiUrl, bench.cookie, first);
      results.push({ ...view, runsInRange: body.totals?.requests ?? Number.NaN, floor, first, cold, warm });
    }
  } finally {
    await bench.close();
  }
  const cpuAfter = readMachineCpu();
  if (cpuBefore && cpuAfter) machineCores = (cpuAfter.busySeconds - cpuBefore.busySeconds) / ((performance.now() - started) / 1000);
} finally {
  await server?.stop();
  if (!config.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The same-run baseline: the API requests the page's first render needs (from its first load), sent from here with its session
 * cookie (no browser, no JavaScript), alone one after another and all at once, `FLOOR_ROUNDS` times each.
 * The page cannot be drawn before all of them are answered, so "all at once" is the floor for the web side.
 */
async function measureApiFloor(baseUrl: string, cookie: string, load: LoadTiming): Promise<ApiFloor> {
  // The session lookup and the analytics reads the drawn page shows (not the savings card's).
  const calls = load.waterfall.filter((entry) => entry.url.startsWith("/api/analytics/") || entry.url.startsWith("/api/auth/me"));
  const send = async (url: string) => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${url}`, { headers: { cookie, accept: "application/json" } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    return performance.now() - started;
  };
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const alone: number[][] = calls.map(() => []);
  const together: number[] = [];
  for (let round = 0; round < FLOOR_ROUNDS; round++) {
    for (const [index, call] of calls.entries()) alone[index]!.push(await send(call.url));
    const started = performance.now();
    await Promise.all(calls.map((call) => send(call.url)));
    together.push(performance.now() - started);
  }
  return { alone: calls.map((call, index) => ({ name: call.name, ms: median(alone[index]!) })), togetherMs: median(together) };
}

// ---- Report -------------------------------------------------------------------------------------------------------
const kb = (bytes: number) => `${fixed(bytes / 1000, 1)} kB`;
const msText = (value: number) => `${int(value)} ms`;
const cpus = os.cpus();
console.log(`PromptMetrics dashboard benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`);
console.log(
  `  machine: ${cpus.length} cores ${cpus[0]?.model ?? ""}; busy ${fixed(machineCores, 2)} cores on average while loading (server, browser and anything else running)`,
);
console.log(
  `  store: ${int(config.runs)} synthetic runs over ${workload.days} days (${data.reused ? "reused" : "generated"}: ${dataDir}); server ready ${msText(serverStartMs)} after spawn`,
);
console.log(`  browser: Chromium ${browserVersion}, headless, ${"1280×860"}, on the same machine as the server (localhost)`);

heading("JavaScript (gzip at its default level, as `vite build` prints it; kB = 1,000 bytes)");
const routeLine = (route: RouteSize, note = "") =>
  console.log(
    `  ${route.name.padEnd(30)}${String(route.files.length).padStart(6)}${kb(route.bytes).padStart(12)}${kb(route.gzipBytes).padStart(12)}${note ? `   ${note}` : ""}`,
  );
console.log(`  ${"route".padEnd(30)}${"files".padStart(6)}${"raw".padStart(12)}${"gzip".padStart(12)}`);
routeLine(bundle.initial, `${bundle.initial.files.map((file) => file.file).join(", ")}; goal under ${kb(INITIAL_JS_GOAL_BYTES)}`);
for (const page of bundle.pages) {
  routeLine(
    page,
    page.name === "overview-page" ? `+ initial = ${kb(page.gzipBytes + bundle.initial.gzipBytes)} gzip for the overview's first load` : "",
  );
}
routeLine(bundle.css, "CSS, loaded with the initial route");
console.log(
  "  The server sends the build's precompressed .gz beside each file (Content-Encoding: gzip): a cold load transfers about the gzip size.",
);

heading(`Overview first render: navigation start → KPI values shown and the cost, requests and cost-by-model charts drawn`);
console.log(
  `  ${"view".padEnd(9)}${"runs in range".padStart(14)}  ${"load".padEnd(14)}${"KPIs p50".padStart(10)}${"drawn p50".padStart(11)}${"drawn max".padStart(11)}${"JS done".padStart(10)}${"API done".padStart(10)}${"slowest API".padStart(13)}${"JS received".padStart(13)}`,
);
for (const result of results) {
  const rows: [string, LoadTiming[]][] = [
    ["first (cold)", [result.first]],
    [`cold ×${result.cold.length}`, result.cold],
    [`warm ×${result.warm.length}`, result.warm],
  ];
  for (const [index, [label, loads]] of rows.entries()) {
    const p50 = (pick: (load: LoadTiming) => number) =>
      percentile(
        [...loads.map(pick)].sort((a, b) => a - b),
        50,
      );
    const max = Math.max(...loads.map((load) => load.drawnMs));
    console.log(
      `  ${(index === 0 ? result.name : "").padEnd(9)}${(index === 0 ? int(result.runsInRange) : "").padStart(14)}  ${label.padEnd(14)}${msText(p50((load) => load.kpisMs)).padStart(10)}${msText(p50((load) => load.drawnMs)).padStart(11)}${msText(max).padStart(11)}${msText(p50((load) => load.scriptsDoneMs)).padStart(10)}${msText(p50((load) => load.apiDoneMs)).padStart(10)}${msText(p50((load) => load.slowestApiMs)).padStart(13)}${kb(p50((load) => load.scriptBytes)).padStart(13)}`,
    );
  }
  const requests = [...new Set(result.warm.flatMap((load) => load.api.map((call) => call.name)))];
  const answered = (loads: LoadTiming[], name: string) =>
    msText(
      percentile(
        loads.flatMap((load) => load.api.filter((call) => call.name === name).map((call) => call.endMs)).sort((a, b) => a - b),
        50,
      ),
    );
  console.log(
    `  ${"".padEnd(25)}answered at, p50 cold / warm: ${requests.map((name) => `${name} ${answered(result.cold, name)} / ${answered(result.warm, name)}`).join("; ")}`,
  );
  console.log(`  ${"".padEnd(25)}Requests card showed "${result.first.requestsKpi}"`);
  const names = [...new Set(result.cold.flatMap((load) => load.waterfall.map((entry) => entry.name)))];
  const at = (name: string, pick: (entry: { startMs: number; endMs: number }) => number) =>
    percentile(
      result.cold.flatMap((load) => load.waterfall.filter((entry) => entry.name === name).map(pick)).sort((a, b) => a - b),
      50,
    );
  const steps = names.map((name) => ({ name, start: at(name, (entry) => entry.startMs), end: at(name, (entry) => entry.endMs) }));
  steps.sort((a, b) => a.start - b.start);
  const appStart = percentile(
    result.cold.map((load) => load.appStartMs).sort((a, b) => a - b),
    50,
  );
  console.log(
    `  ${"".padEnd(25)}cold waterfall, p50 start–end: ${steps.map((step) => `${step.name} ${int(step.start)}–${int(step.end)}`).join("; ")}; first React render ${msText(appStart)}`,
  );
  console.log(
    `  ${"".padEnd(25)}baseline, the same API requests from Node (p50 of ${FLOOR_ROUNDS}): alone ${result.floor.alone.map((call) => `${call.name} ${msText(call.ms)}`).join("; ")} (sum ${msText(result.floor.alone.reduce((sum, call) => sum + call.ms, 0))}); all at once ${msText(result.floor.togetherMs)}`,
  );
}
console.log("  JS done / API done: when the last script and the last /api/analytics answer arrived; slowest API: one request's own time.");
console.log(
  "  first: the first load after the server started (its caches cold); cold: a new browser context (empty HTTP cache); warm: the same tab again.",
);

heading("Verdict");
const initialMet = bundle.initial.gzipBytes < INITIAL_JS_GOAL_BYTES;
console.log(
  `  initial route JavaScript ${kb(bundle.initial.gzipBytes)} gzip: ${initialMet ? "meets" : "misses"} the goal of under ${kb(INITIAL_JS_GOAL_BYTES)}`,
);
for (const result of results) {
  const all = [result.first, ...result.cold, ...result.warm].map((load) => load.drawnMs).sort((a, b) => a - b);
  const p50 = percentile(all, 50);
  const max = all.at(-1)!;
  const verdict = max < RENDER_GOAL_MS ? "every load meets" : p50 < RENDER_GOAL_MS ? "the median meets, the slowest load misses" : "misses";
  console.log(
    `  overview over ${result.name} (${int(result.runsInRange)} runs): drawn in ${msText(p50)} p50, ${msText(max)} max over ${all.length} loads: ${verdict} the goal of under ${msText(RENDER_GOAL_MS)}`,
  );
}
