// Runs one peer scenario in its own Node process (peer-driver.ts) and returns its report. Asynchronous
// on purpose: the ingest and the mock live in the calling process and must keep serving meanwhile.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PEER_ENV, type PeerReport, type PeerScenario } from "./peer-report.ts";

const DRIVER = fileURLToPath(new URL("./peer-driver.ts", import.meta.url));
const DRIVER_TIMEOUT_MS = 30_000;

export class PeerDriverError extends Error {
  override readonly name = "PeerDriverError";
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(`${message}\n${stderr}`);
    this.stderr = stderr;
  }
}

export interface PeerTarget {
  mockUrl: string;
  ingestUrl: string;
  ingestKey: string;
}

export function runPeer(scenario: PeerScenario, target: PeerTarget): Promise<PeerReport> {
  // The parent's environment goes along, minus anything that would switch the SDKs' tracing off or
  // point the exporter elsewhere.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("OTEL_") || name === "ANTHROPIC_OPEN_TELEMETRY") delete env[name];
  }
  Object.assign(env, {
    [PEER_ENV.mockUrl]: target.mockUrl,
    [PEER_ENV.ingestUrl]: target.ingestUrl,
    [PEER_ENV.ingestKey]: target.ingestKey,
  });

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER, scenario], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new PeerDriverError(`peer driver ${scenario} did not finish within ${DRIVER_TIMEOUT_MS} ms`, stderr));
    }, DRIVER_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new PeerDriverError(`peer driver ${scenario} exited with ${code ?? signal}`, stderr));
        return;
      }
      const line = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as PeerReport);
      } catch {
        reject(new PeerDriverError(`peer driver ${scenario} printed no report: ${JSON.stringify(stdout)}`, stderr));
      }
    });
  });
}
