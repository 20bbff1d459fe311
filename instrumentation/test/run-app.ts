// Starts a fixture app (test/fixtures/) in a child Node process the way a user would, optionally with
// the register hook, and collects what it printed and how it exited. Every child is tracked so a
// test file can kill the ones still running in `after`.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** How the instrumentation is loaded: the two flags of the zero-code start. */
export const IMPORT_HOOK = ["--import", "@promptmetrics/instrumentation/register"] as const;
export const REQUIRE_HOOK = ["--require", "@promptmetrics/instrumentation/register"] as const;

export interface AppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/**
 * The environment of a fresh shell: the test runner's own variables and any tracing or SDK settings
 * of the machine are left out, so each run sees only what the test gives it.
 */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(OTEL_|PROMPTMETRICS_|OPENAI_|ANTHROPIC_|NODE_|npm_)/i.test(name)) continue;
    env[name] = value;
  }
  return env;
}

/** The app's own configuration: its SDK clients talk to the mock provider. */
export function providerEnv(mockUrl: string): Record<string, string> {
  return {
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: `${mockUrl}/v1`,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: mockUrl,
  };
}

export interface RunAppOptions {
  /** Node flags before the script, e.g. IMPORT_HOOK. */
  flags?: readonly string[];
  env?: Record<string, string>;
  /** A child still running after this long is killed and the run fails (a hang, never a timing assertion). */
  timeoutMs?: number;
}

/** Runs `fixtures/<app>` from the repo root (where a user's node_modules would be) until it exits. */
export function runApp(app: string, options: RunAppOptions = {}): Promise<AppRun> {
  const child = spawn(process.execPath, [...(options.flags ?? []), path.join(FIXTURES, app)], {
    cwd: REPO_ROOT,
    env: { ...cleanEnv(), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${app} did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Kills the children of this process that are still running (for `after`). */
export function killRunningApps(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
