// The browser tests' harness: the real `promptmetrics start` in a child process on a fresh data dir,
// Chromium (Debian's, else the one packed in @sparticuz/chromium; see @promptmetrics/testing/chromium)
// driven by playwright-core, a screenshot of every step, and waiting with deadlines.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "@promptmetrics/testing/chromium";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = path.join(REPO_ROOT, "cli/bin/promptmetrics.ts");
export const WEB_DIST = path.join(REPO_ROOT, "web/dist");
export const SCREENSHOTS_DIR = fileURLToPath(new URL("./screenshots/", import.meta.url));

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

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
  output(): string;
  /** SIGTERM, then SIGKILL after a deadline; removes the data dir. */
  stop(): Promise<void>;
}

/** Starts `promptmetrics start` on a new temporary data dir, both listeners on port 0. */
export async function startServer(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-web-e2e-"));
  try {
    return await startOn(dataDir);
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function startOn(dataDir: string): Promise<RunningServer> {
  // A clean environment: the child sees only what the test gives it (no CLICKHOUSE_URL, no NODE_OPTIONS).
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_PORT: "0",
    PROMPTMETRICS_OTLP_PORT: "0",
  };
  const child = spawn(process.execPath, [CLI, "start"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
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
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors thrown in the page (a crash a person would see as a broken screen). */
  pageErrors: string[];
  /** Saves web/e2e/screenshots/NN-<name>.png (the whole page) for a person to look at. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Chromium on a desktop-sized window in UTC and US English, so the dates and numbers shown are stable. */
export async function launchBrowser(baseURL: string): Promise<BrowserSession> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  for (const file of fs.readdirSync(SCREENSHOTS_DIR)) if (file.endsWith(".png")) fs.rmSync(path.join(SCREENSHOTS_DIR, file));
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
      const file = path.join(SCREENSHOTS_DIR, `${String(shots).padStart(2, "0")}-${name}.png`);
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
