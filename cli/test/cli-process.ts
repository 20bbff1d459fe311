// Runs the real `promptmetrics` command in a child process, as a user would, and waits on its output.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../bin/promptmetrics.ts", import.meta.url));

/** `opts.input`: bytes piped to the command's stdin (then closed), as `echo x | promptmetrics ...` does. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { input?: string; cwd?: string } = {},
): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...baseEnv(), ...env },
    encoding: "utf8",
    timeout: 60_000,
    ...(opts.input === undefined ? {} : { input: opts.input }),
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export interface RunningCli {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout, or rejects at the deadline or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `opts.stdin: "pipe"`: the child's stdin is a pipe the test keeps open and may write to (`child.stdin`), as a supervisor's is. */
export function startCli(args: string[], env: Record<string, string>, opts: { stdin?: "ignore" | "pipe"; cwd?: string } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...baseEnv(), ...env },
    stdio: [opts.stdin ?? "ignore", "pipe", "pipe"],
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => stdout + stderr,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; output:\n${stdout}${stderr}`)), timeoutMs);
        const check = () => {
          const match = stdout.match(pattern);
          if (match) finish(undefined, match);
        };
        const onExit = () => finish(new Error(`process exited while waiting for ${pattern}; output:\n${stdout}${stderr}`));
        function finish(error?: Error, match?: RegExpMatchArray) {
          clearTimeout(deadline);
          child.stdout!.off("data", check);
          child.off("exit", onExit);
          if (error) reject(error);
          else resolve(match!);
        }
        child.stdout!.on("data", check);
        child.once("exit", onExit);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

function baseEnv(): Record<string, string> {
  // A clean environment: the child sees only what a test gives it (plus PATH and HOME).
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PROMPTMETRICS_PORT: "0", PROMPTMETRICS_OTLP_PORT: "0" };
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

export function killQuietly(cli: RunningCli | undefined): void {
  if (cli && cli.child.exitCode === null) cli.child.kill("SIGKILL");
}

export { spawnSync };
