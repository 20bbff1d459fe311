// The one fuzz driver: runs a target's property with fast-check and sorts what went wrong into crashes
// (the target's check failed: a 500, an unexpected exception, a leak), hangs (one input took longer
// than the per-input timeout) and rejections (an unhandled rejection or uncaught exception seen while
// the target ran). The runner (testing/scripts/fuzz.ts) and the fuzz tests both call `runTarget`.
import fc from "fast-check";

/** One fuzz target: hostile inputs for one part of the product, and what must hold for each of them. */
export interface FuzzTarget<Context, Input> {
  name: string;
  /** Its share of `npm run fuzz`'s default million inputs. */
  defaultRuns: number;
  /** Seeded runs in `npm test`. */
  testRuns: number;
  /** An input that takes longer is a hang (default: the runner's). */
  timeoutMs?: number;
  /** Opens its own embedded store: it runs in a process of its own (chDB holds one data directory per process). */
  usesStore: boolean;
  /** Starts what the checks run against (a store, a server); `undefined` for pure targets. */
  open(): Promise<Context>;
  close(context: Context): Promise<void>;
  arbitrary(context: Context): fc.Arbitrary<Input>;
  /** Throws (or rejects) when the input shows a defect; the message says what a user would see. */
  check(context: Context, input: Input): void | Promise<void>;
  /** Hand-picked and found inputs, run before the generated ones. */
  corpus(context: Context): Input[];
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** An input that takes longer than this is a hang. */
  timeoutMs: number;
  /** Called after each input (the runner's watchdog counts them). */
  onInput?: () => void;
  /** fast-check's replay path of a reported counterexample. */
  path?: string;
}

export interface FuzzReport {
  target: string;
  inputs: number;
  crashes: number;
  hangs: number;
  rejections: number;
  ms: number;
  seed: number;
  /** The shrunk counterexample and what went wrong, when something did. */
  finding?: { kind: "crash" | "hang" | "rejection"; message: string; counterexample: string; path: string | null };
}

export class HangError extends Error {
  constructor(ms: number, timeoutMs: number) {
    super(`one input took ${Math.round(ms)} ms, over the ${timeoutMs} ms per-input timeout`);
    this.name = "HangError";
  }
}

class RejectionError extends Error {
  constructor(reason: unknown) {
    super(`unhandled rejection or uncaught exception: ${describe(reason)}`);
    this.name = "RejectionError";
  }
}

/** Runs the corpus, then `runs` generated inputs; stops at the first finding and shrinks it. */
export async function runTarget<C, I>(target: FuzzTarget<C, I>, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const stray: unknown[] = [];
  const onStray = (reason: unknown) => stray.push(reason);
  process.on("unhandledRejection", onStray);
  process.on("uncaughtException", onStray);
  const context = await target.open();
  let inputs = 0;
  try {
    const one = async (input: I) => {
      inputs++;
      options.onInput?.();
      const t0 = performance.now();
      await withTimeout(
        Promise.resolve().then(() => target.check(context, input)),
        options.timeoutMs,
      );
      const ms = performance.now() - t0;
      // A synchronous check cannot be interrupted: one that finished late is still a hang.
      if (ms > options.timeoutMs) throw new HangError(ms, options.timeoutMs);
      if (stray.length > 0) throw new RejectionError(stray.shift());
    };
    const property = fc.asyncProperty(target.arbitrary(context), one);
    const details = await fc.check(property, {
      numRuns: options.runs,
      seed: options.seed,
      examples: target.corpus(context).map((input) => [input] as [I]),
      ...(options.path === undefined ? {} : { path: options.path }),
      endOnFailure: false,
    });
    // A rejection can surface after the last input settled.
    await new Promise((resolve) => setImmediate(resolve));
    const report: FuzzReport = {
      target: target.name,
      inputs,
      crashes: 0,
      hangs: 0,
      rejections: stray.length > 0 ? 1 : 0,
      ms: 0,
      seed: options.seed,
    };
    if (details.failed) {
      const error = details.errorInstance;
      const kind = error instanceof HangError ? "hang" : error instanceof RejectionError ? "rejection" : "crash";
      report[kind === "crash" ? "crashes" : kind === "hang" ? "hangs" : "rejections"] = 1;
      report.finding = {
        kind,
        message: describe(error),
        counterexample: details.counterexample ? fc.stringify(details.counterexample[0]).slice(0, 4000) : "(none)",
        path: details.counterexamplePath,
      };
    } else if (stray.length > 0) {
      report.finding = { kind: "rejection", message: describe(stray[0]), counterexample: "(after the last input)", path: null };
    }
    report.ms = Math.round(performance.now() - started);
    return report;
  } finally {
    process.off("unhandledRejection", onStray);
    process.off("uncaughtException", onStray);
    await target.close(context);
  }
}

/** A one-line account of a report, as the runner prints it. */
export function formatReport(report: FuzzReport): string {
  const line = `${report.target.padEnd(16)} inputs ${String(report.inputs).padStart(9)}  crashes ${report.crashes}  hangs ${report.hangs}  rejections ${report.rejections}  ${(report.ms / 1000).toFixed(1)} s`;
  if (!report.finding) return line;
  const { kind, message, counterexample, path } = report.finding;
  return [
    line,
    `  ${kind}: ${message}`,
    `  counterexample (shrunk): ${counterexample}`,
    `  replay: FUZZ_TARGET=${report.target} FUZZ_SEED=${report.seed}${path ? ` FUZZ_PATH=${path}` : ""} npm run fuzz`,
  ].join("\n");
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(performance.now() - started, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`.slice(0, 2000);
  return String(value).slice(0, 2000);
}
