// The system under test: the real `promptmetrics start` in a child process of its own (so the load
// generator never shares its event loop), on a fresh data directory, plus a count of what it stored.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = path.join(REPO_ROOT, "cli/bin/promptmetrics.ts");
const OTLP_LINE = /OTLP\/HTTP ingest\s+(http:\/\/\S+)/;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 120_000;

export class ServerProcessError extends Error {
  constructor(message: string, output: string) {
    super(`${message}\n--- server output (last lines) ---\n${output.split("\n").slice(-30).join("\n")}`);
    this.name = "ServerProcessError";
  }
}

export interface ServerProcess {
  pid: number;
  otlpUrl: string;
  /** The bearer token its GET /metrics takes (PROMPTMETRICS_METRICS_TOKEN, random per run). */
  metricsToken: string;
  /** Sends SIGTERM and waits for a clean exit (the server writes everything it acknowledged first). */
  stop(): Promise<void>;
  /** SIGKILL, for a run that failed half-way. */
  kill(): void;
  output(): string;
}

export interface ServerOptions {
  dataDir: string;
  ingestKey: string;
  /** Extra environment for the server only, e.g. NODE_OPTIONS=--cpu-prof. */
  extraEnv?: Record<string, string>;
}

export async function startServer({ dataDir, ingestKey, extraEnv = {} }: ServerOptions): Promise<ServerProcess> {
  const metricsToken = randomBytes(24).toString("base64url");
  const child = spawn(process.execPath, [CLI, "start"], {
    cwd: REPO_ROOT,
    env: {
      ...storeEnv(dataDir),
      PROMPTMETRICS_PORT: "0",
      PROMPTMETRICS_OTLP_PORT: "0",
      PROMPTMETRICS_INIT_INGEST_KEY: ingestKey,
      PROMPTMETRICS_METRICS_TOKEN: metricsToken,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-64 * 1024);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const otlpUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ServerProcessError(`The server did not print its OTLP URL within ${START_TIMEOUT_MS / 1000} s`, output)),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      const match = OTLP_LINE.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve(match[1]!);
    };
    child.stdout.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new ServerProcessError(`The server exited during start-up (code ${code}, signal ${signal})`, output));
    });
  }).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });

  return {
    pid: child.pid!,
    otlpUrl,
    metricsToken,
    output: () => output,
    kill: () => killHard(child),
    async stop() {
      child.kill("SIGTERM");
      const result = await withDeadline(exited, STOP_TIMEOUT_MS, () => killHard(child));
      if (result === undefined)
        throw new ServerProcessError(`The server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`, output);
      if (result.code !== 0)
        throw new ServerProcessError(`The server exited with code ${result.code} (signal ${result.signal}) after SIGTERM`, output);
    },
  };
}

export interface StoredCounts {
  spans: number;
  llmSpans: number;
  distinctSpans: number;
}

/** `promptmetrics sql` on the (stopped) server's data directory: only one process may open it at a time. */
export async function countStoredSpans(dataDir: string): Promise<StoredCounts> {
  const query =
    "SELECT count() AS spans, countIf(is_llm) AS llm_spans, uniqExact(project_id, trace_id, span_id) AS distinct_spans FROM spans";
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, "sql", query, "--format", "csv"], {
    cwd: REPO_ROOT,
    env: storeEnv(dataDir),
    maxBuffer: 1024 * 1024,
  });
  const values = stdout.trim().split("\n").at(-1)?.split(",").map(Number) ?? [];
  const [spans, llmSpans, distinctSpans] = values;
  if (spans === undefined || llmSpans === undefined || distinctSpans === undefined || values.some(Number.isNaN)) {
    throw new Error(`Unexpected answer from promptmetrics sql: ${stdout}`);
  }
  return { spans, llmSpans, distinctSpans };
}

/** The caller's environment, pinned to an embedded store on `dataDir` (a CLICKHOUSE_URL would point elsewhere). */
function storeEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PROMPTMETRICS_DATA_DIR: dataDir };
  for (const name of Object.keys(env)) if (name.startsWith("CLICKHOUSE_")) delete env[name];
  delete env.NODE_OPTIONS;
  return env;
}

async function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function killHard(child: ChildProcess): void {
  if (child.exitCode === null) child.kill("SIGKILL");
}
