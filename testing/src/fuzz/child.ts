// Runs one target in a child process (chDB holds one data directory per process, and a synchronous
// hang can only be stopped from outside): the child reports progress and its FuzzReport over IPC, and
// the parent kills it when no input finished for `stallMs` and reports that as a hang.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { formatReport, runTarget, type FuzzReport } from "./driver.ts";
import { fuzzTarget } from "./targets/index.ts";

const CHILD_MAIN = fileURLToPath(import.meta.url);
const DEFAULT_TIMEOUT_MS = 5_000;

export interface ChildRun {
  target: string;
  runs: number;
  seed: number;
  path?: string;
  /** No input finished for this long: the child is killed and the run reported as a hang. */
  stallMs?: number;
  /** Child's stderr (the product's own error log lines): inherited, or dropped. */
  quiet?: boolean;
}

type Message = { kind: "progress"; inputs: number } | { kind: "report"; report: FuzzReport };

export function runInChild({ target, runs, seed, path, stallMs = 120_000, quiet = false }: ChildRun): Promise<FuzzReport> {
  const started = performance.now();
  const child = fork(CHILD_MAIN, [], {
    env: { ...process.env, FUZZ_CHILD: JSON.stringify({ target, runs, seed, path }) },
    stdio: ["ignore", "inherit", quiet ? "ignore" : "inherit", "ipc"],
  });
  return new Promise((resolve) => {
    let report: FuzzReport | undefined;
    let inputs = 0;
    let last = performance.now();
    const watchdog = setInterval(() => {
      if (performance.now() - last > stallMs) child.kill("SIGKILL");
    }, 1_000);
    child.on("message", (message: Message) => {
      last = performance.now();
      if (message.kind === "progress") inputs = message.inputs;
      else report = message.report;
    });
    child.on("exit", (code, signal) => {
      clearInterval(watchdog);
      if (report) return resolve(report);
      const stalled = signal === "SIGKILL";
      resolve({
        target,
        inputs,
        crashes: stalled ? 0 : 1,
        hangs: stalled ? 1 : 0,
        rejections: 0,
        ms: Math.round(performance.now() - started),
        seed,
        finding: {
          kind: stalled ? "hang" : "crash",
          message: stalled
            ? `no input finished for ${stallMs / 1000} s (a synchronous hang); killed`
            : `the process died (exit ${code}, signal ${signal})`,
          counterexample: `(input ${inputs + 1} of the run)`,
          path: null,
        },
      });
    });
  });
}

async function childMain(spec: { target: string; runs: number; seed: number; path?: string }): Promise<void> {
  const target = fuzzTarget(spec.target);
  let inputs = 0;
  const report = await runTarget(target, {
    runs: spec.runs,
    seed: spec.seed,
    timeoutMs: target.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(spec.path === undefined ? {} : { path: spec.path }),
    onInput: () => {
      inputs++;
      if (inputs % 500 === 0) process.send?.({ kind: "progress", inputs } satisfies Message);
    },
  });
  if (report.finding) process.stderr.write(`${formatReport(report)}\n`);
  process.send?.({ kind: "report", report } satisfies Message, () => process.exit(0));
}

if (process.env.FUZZ_CHILD && process.send) await childMain(JSON.parse(process.env.FUZZ_CHILD) as Parameters<typeof childMain>[0]);
