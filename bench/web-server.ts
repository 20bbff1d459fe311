// (helper of the web benchmark) The real `promptmetrics start` in a child process of its own on a data
// directory the benchmark prepared (and closed: chDB lets one process at a time open it).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO_ROOT, "cli/bin/promptmetrics.ts");
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

export interface WebServer {
  apiUrl: string;
  /** Milliseconds from spawning the process to its printed URLs. */
  startMs: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startWebServer(dataDir: string): Promise<WebServer> {
  // Only what the server needs: a CLICKHOUSE_URL or NODE_OPTIONS of the caller would change what is measured.
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_PORT: "0",
    PROMPTMETRICS_OTLP_PORT: "0",
  };
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "start"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-64 * 1024));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`promptmetrics start printed no URL within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const match = /API and dashboard\s+(http:\/\/\S+)/.exec(output);
      if (match && /OTLP\/HTTP ingest/.test(output)) finish(undefined, match[1]!);
    };
    const onExit = () => finish(new Error(`promptmetrics start exited during start-up:\n${output}`));
    function finish(error?: Error, url?: string) {
      clearTimeout(timer);
      child.stdout.off("data", check);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(url!);
    }
    child.stdout.on("data", check);
    child.once("exit", onExit);
  }).catch(async (error: unknown) => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
    throw error;
  });

  return {
    apiUrl,
    startMs: performance.now() - started,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
