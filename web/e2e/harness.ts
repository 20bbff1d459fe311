// The browser tests' harness: the real `promptmetrics start` in a child process on a fresh data dir
// (with CLI commands run on it first, or between a stop and a restart, as an operator would),
// Chromium (Debian's, else the one packed in @sparticuz/chromium; see @promptmetrics/testing/chromium)
// driven by playwright-core, a screenshot of every step, and waiting with deadlines.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { findChromium } from "@promptmetrics/testing/chromium";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = path.join(REPO_ROOT, "cli/bin/promptmetrics.ts");
export const WEB_DIST = path.join(REPO_ROOT, "web/dist");
export const SCREENSHOTS_DIR = fileURLToPath(new URL("./screenshots/", import.meta.url));

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 120_000;
const execFileAsync = promisify(execFile);

/** The tests drive the built dashboard, as `npm start` serves it; `npm test` builds it first. */
export function assertDashboardBuilt(): void {
  const index = path.join(WEB_DIST, "index.html");
  if (!fs.existsSync(index)) {
    throw new Error(
      `${index} is missing: build the dashboard first with \`npm run build\` (\`npm test\` does it) before running the browser tests.`,
    );
  }
}

export interface RunningServer {
  apiUrl: string;
  otlpUrl: string;
  dataDir: string;
  /** What the server (every start of it) and the commands run on its data dir printed, in order. */
  output(): string;
  /**
   * Stops the server, keeping its data, runs `before` on the data dir, and starts it again on the same
   * ports, so the browser's pages and session cookie still work.
   */
  restart(options?: StartOptions): Promise<void>;
  /** SIGTERM, then SIGKILL after a deadline; removes the data dir. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * `promptmetrics` commands (their arguments), run one after the other on the data dir before the
   * server starts, as an operator runs them with the server stopped: the embedded store admits one
   * process at a time. A command that fails fails the start, with its output.
   */
  before?: readonly (readonly string[])[];
}

/** Starts `promptmetrics start` on a new temporary data dir, both listeners on port 0. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-web-e2e-"));
  let log = "";
  const append = (text: string) => (log += text);
  try {
    await runBefore(dataDir, options, append);
    let current = await startOn(dataDir, { api: 0, otlp: 0 }, append);
    const { apiUrl, otlpUrl } = current;
    const ports = { api: Number(new URL(apiUrl).port), otlp: Number(new URL(otlpUrl).port) };
    return {
      apiUrl,
      otlpUrl,
      dataDir,
      output: () => log,
      async restart(again = {}) {
        await current.halt();
        append("\n--- restart ---\n");
        await runBefore(dataDir, again, append);
        current = await startOn(dataDir, ports, append);
      },
      async stop() {
        await current.halt();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A clean environment: the child sees only what the test gives it (no CLICKHOUSE_URL, no NODE_OPTIONS). */
function childEnv(dataDir: string, ports: { api: number; otlp: number }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_PORT: String(ports.api),
    PROMPTMETRICS_OTLP_PORT: String(ports.otlp),
    // The gateway's provider keys are sealed under it; plain http lets the tests' mock provider be one.
    PROMPTMETRICS_MASTER_KEY: E2E_MASTER_KEY,
    PROMPTMETRICS_GATEWAY_ALLOW_HTTP: "true",
  };
}

/** A fixed test master key (the data dirs are thrown away); fixed so a restart opens the keys again. */
const E2E_MASTER_KEY = "5e".repeat(32);

async function runBefore(dataDir: string, { before = [] }: StartOptions, append: (text: string) => void): Promise<void> {
  for (const args of before) {
    append(`$ promptmetrics ${args.join(" ")}\n`);
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
        cwd: REPO_ROOT,
        env: childEnv(dataDir, { api: 0, otlp: 0 }),
        timeout: CLI_TIMEOUT_MS,
      });
      append(stdout + stderr);
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      append(stdout + stderr);
      throw new Error(`promptmetrics ${args.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
    }
  }
}

interface ServerProcess {
  apiUrl: string;
  otlpUrl: string;
  /** SIGTERM, then SIGKILL after a deadline; keeps the data dir. */
  halt(): Promise<void>;
}

async function startOn(dataDir: string, ports: { api: number; otlp: number }, append: (text: string) => void): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, "start"], {
    cwd: REPO_ROOT,
    env: childEnv(dataDir, ports),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    append(chunk.toString("utf8"));
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const urls = await new Promise<{ apiUrl: string; otlpUrl: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`promptmetrics start printed no URLs within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const api = /API and dashboard\s+(http:\/\/\S+)/.exec(output);
      const otlp = /OTLP\/HTTP ingest\s+(http:\/\/\S+)/.exec(output);
      if (api && otlp) finish(undefined, { apiUrl: api[1]!, otlpUrl: otlp[1]! });
    };
    const onExit = () => finish(new Error(`promptmetrics start exited during start-up:\n${output}`));
    function finish(error?: Error, found?: { apiUrl: string; otlpUrl: string }) {
      clearTimeout(timer);
      child.stdout.off("data", check);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(found!);
    }
    child.stdout.on("data", check);
    child.once("exit", onExit);
  }).catch(async (error: unknown) => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
    throw error;
  });

  return {
    ...urls,
    async halt() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors thrown in the page (a crash a person would see as a broken screen). */
  pageErrors: string[];
  /** Saves web/e2e/screenshots/[<folder>/]NN-<name>.png (the whole page) for a person to look at. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Chromium on a desktop-sized window in UTC and US English, so the dates and numbers shown are stable.
 * `screenshots` names a folder of its own under web/e2e/screenshots/ for a test file, so that test files
 * run side by side (npm test runs two at a time) do not clear each other's screenshots.
 */
export async function launchBrowser(baseURL: string, { screenshots = "" }: { screenshots?: string } = {}): Promise<BrowserSession> {
  const shotsDir = path.join(SCREENSHOTS_DIR, screenshots);
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const file of fs.readdirSync(shotsDir)) if (file.endsWith(".png")) fs.rmSync(path.join(shotsDir, file));
  const found = findChromium();
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: found.args,
    ...(found.env ? { env: found.env } : {}),
    headless: true,
  });
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 860 },
    timezoneId: "UTC",
    locale: "en-US",
    colorScheme: "light",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  // Two cores shared with the rest of the suite: a generous default for every wait.
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
  let shots = 0;
  return {
    browser,
    context,
    page,
    pageErrors,
    async screenshot(name) {
      shots += 1;
      const file = path.join(shotsDir, `${String(shots).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      return file;
    },
    close: () => browser.close(),
  };
}

/**
 * Retries `check` (which throws, e.g. an assert, until the condition holds) until it passes or the
 * deadline ends; then throws its last error. For conditions Playwright's locators cannot wait on
 * themselves: an API answer, a number compared across the page and the API.
 */
export async function eventually<T>(check: () => Promise<T> | T, { timeoutMs = 30_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
