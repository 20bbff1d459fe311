// (helper of the web benchmark) Loads the overview in Chromium and times, inside the page, from the
// navigation's start to the KPI values shown and to the three charts drawn (their SVG marks exist and have
// a size), checked on every animation frame. A cold load uses a new browser context (empty HTTP cache);
// a warm one reloads in a context that has loaded the page before.
import { findChromium } from "@promptmetrics/testing/chromium";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

const VIEWPORT = { width: 1280, height: 860 };
const LOAD_TIMEOUT_MS = 120_000;

export interface LoadTiming {
  /** KPI cards hold values (none is busy). */
  kpisMs: number;
  /** KPIs and the three charts drawn: the figure the goal is about. */
  drawnMs: number;
  /** The last JavaScript file and the last analytics answer received (the page's resource timing). */
  scriptsDoneMs: number;
  apiDoneMs: number;
  /** The slowest analytics request, from its start to its last byte. */
  slowestApiMs: number;
  /** Each analytics request the page made ("overview", "trends costUsd", …): when it started and ended. */
  api: { name: string; startMs: number; endMs: number }[];
  /**
   * Every request of the load in the order it started (the document, scripts by name without their hash,
   * "me", "suggestions", the analytics requests as in `api`): when it started and ended, ms since navigation.
   */
  waterfall: { name: string; url: string; startMs: number; endMs: number }[];
  /** When the initial route's scripts had run (the first React render was committed). */
  appStartMs: number;
  /** JavaScript bytes the page received over the network, headers included (0 from the HTTP cache). */
  scriptBytes: number;
  requestsKpi: string;
}

// Runs in the page before its own scripts; records performance.now() (ms since the navigation started)
// the first frame each condition holds.
const RENDER_PROBE = `(() => {
  const MARKS = "svg path[d], svg .recharts-bar-rectangle rect";
  const CHARTS = ["Cost over time", "Requests over time", "Cost by model"];
  const state = {};
  window.__pmRender = state;
  const hasSize = (element) => { const box = element.getBoundingClientRect(); return box.width > 0 && box.height > 0; };
  const drawn = (title) => [...document.querySelectorAll("figure[aria-labelledby]")].some((figure) =>
    document.getElementById(figure.getAttribute("aria-labelledby"))?.textContent === title && [...figure.querySelectorAll(MARKS)].some(hasSize));
  const check = () => {
    const now = performance.now();
    const cards = document.querySelector('section[aria-label="Key figures"]');
    if (state.app === undefined && document.getElementById("root")?.children.length) state.app = now;
    if (state.kpis === undefined && cards && cards.children.length >= 8 && !cards.querySelector('[aria-busy="true"]')) state.kpis = now;
    if (state.charts === undefined && CHARTS.every(drawn)) state.charts = now;
    if (state.kpis === undefined || state.charts === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

const READ_TIMINGS = `(() => {
  const state = window.__pmRender;
  if (!state || state.kpis === undefined || state.charts === undefined) return null;
  const resources = performance.getEntriesByType("resource");
  const scripts = resources.filter((entry) => entry.initiatorType === "script" || entry.name.endsWith(".js"));
  const api = resources.filter((entry) => entry.name.includes("/api/analytics/"));
  const card = [...document.querySelectorAll('section[aria-label="Key figures"] > *')].find((element) => element.querySelector("p")?.textContent === "Requests");
  return {
    kpisMs: state.kpis,
    drawnMs: Math.max(state.kpis, state.charts),
    scriptsDoneMs: Math.max(0, ...scripts.map((entry) => entry.responseEnd)),
    apiDoneMs: Math.max(0, ...api.map((entry) => entry.responseEnd)),
    slowestApiMs: Math.max(0, ...api.map((entry) => entry.responseEnd - entry.startTime)),
    api: api.map((entry) => {
      const url = new URL(entry.name);
      const detail = url.searchParams.get("metric") ?? url.searchParams.get("groupBy") ?? "";
      return { name: (url.pathname.split("/").pop() + " " + detail).trim(), startMs: entry.startTime, endMs: entry.responseEnd };
    }),
    waterfall: [performance.getEntriesByType("navigation")[0], ...resources].map((entry) => {
      const url = new URL(entry.name);
      const last = url.pathname.split("/").pop() || "";
      const detail = url.searchParams.get("metric") ?? url.searchParams.get("groupBy") ?? "";
      const name = entry.entryType === "navigation" ? "document"
        : url.pathname.startsWith("/assets/") ? last.replace(/-[\\w-]{8}(\\.\\w+)$/, "$1")
        : url.pathname.startsWith("/api/analytics/") ? (last + " " + detail).trim()
        : url.pathname.startsWith("/api/") ? last
        : url.pathname;
      return { name, url: url.pathname + url.search, startMs: entry.startTime, endMs: entry.responseEnd };
    }),
    appStartMs: state.app ?? 0,
    scriptBytes: scripts.reduce((total, entry) => total + entry.transferSize, 0),
    requestsKpi: card?.querySelectorAll("p")[1]?.textContent ?? "",
  };
})()`;

export interface RenderBench {
  browserVersion: string;
  /** The signed-in session's Cookie header, to send the page's own API requests from Node. */
  cookie: string;
  /** One load in a fresh context (empty HTTP cache). */
  cold(url: string): Promise<LoadTiming>;
  /** `count` reloads in one context after a first, unmeasured load. */
  warm(url: string, count: number): Promise<LoadTiming[]>;
  close(): Promise<void>;
}

/** Signs in through the API once; every context then starts with that session cookie. */
export async function openRenderBench(baseUrl: string, credentials: { email: string; password: string }): Promise<RenderBench> {
  const found = findChromium();
  const browser: Browser = await chromium.launch({
    executablePath: found.executablePath,
    args: found.args,
    ...(found.env ? { env: found.env } : {}),
    headless: true,
  });
  try {
    const login = await browser.newContext({ baseURL: baseUrl });
    const response = await login.request.post("/api/auth/login", { data: credentials, headers: { origin: baseUrl } });
    if (response.status() !== 200) throw new Error(`POST /api/auth/login answered ${response.status()}: ${await response.text()}`);
    const storageState = await login.storageState();
    await login.close();

    const newContext = async (): Promise<BrowserContext> => {
      const context = await browser.newContext({
        baseURL: baseUrl,
        storageState,
        viewport: VIEWPORT,
        timezoneId: "UTC",
        locale: "en-US",
        colorScheme: "light",
      });
      await context.addInitScript(RENDER_PROBE);
      return context;
    };
    const load = async (context: BrowserContext, url: string, page = context.pages()[0]): Promise<LoadTiming> => {
      const target = page ?? (await context.newPage());
      await target.goto(url, { waitUntil: "commit", timeout: LOAD_TIMEOUT_MS });
      // Polled from here: waitForFunction evaluates its predicate with eval inside the page, which the
      // dashboard's Content-Security-Policy (no 'unsafe-eval') refuses. The probe holds the times itself.
      const deadline = performance.now() + LOAD_TIMEOUT_MS;
      for (;;) {
        const timings = (await target.evaluate(READ_TIMINGS)) as LoadTiming | null;
        if (timings) return timings;
        if (performance.now() > deadline) throw new Error(`${url}: KPIs and charts not drawn within ${LOAD_TIMEOUT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    return {
      browserVersion: browser.version(),
      cookie: storageState.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; "),
      async cold(url) {
        const context = await newContext();
        try {
          return await load(context, url);
        } finally {
          await context.close();
        }
      },
      async warm(url, count) {
        const context = await newContext();
        try {
          await load(context, url);
          const timings: LoadTiming[] = [];
          for (let i = 0; i < count; i++) timings.push(await load(context, url));
          return timings;
        } finally {
          await context.close();
        }
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
