// The first screen's requests, sent before React and the page's chunk have loaded instead of after them:
// the session, and on an overview URL the page's data reads (api/http.ts keeps the answers for the page's
// own calls). Without this the reads waited for the session lookup, then for the page's chunk. index.html
// runs sendFirstReads inline before its scripts load (vite.config.ts builds it from here); main.tsx starts
// loading the page's chunk.
import { getMe } from "./api/accounts.ts";
import { sendEarly } from "./api/http.ts";
import { readAnalyticsState, toAnalyticsQuery } from "./lib/analytics-query.ts";
import { browserTimeZone, isTimeZone } from "./lib/time-zone.ts";
import { overviewReads } from "./pages/overview/reads.ts";

// /p/:projectId/overview, or /p/:projectId, whose index route goes to the overview without the query.
const OVERVIEW_PATH = /^\/p\/([^/]+)(\/overview)?\/?$/;
type Where = { pathname: string; search: string };

/**
 * Sends the session lookup and, on an overview URL, its reads: once per page, whichever copy runs first
 * (the inline script in a build, main.tsx in `vite` dev). Never throws: at worst the page asks itself.
 */
export function sendFirstReads(location: Where): void {
  const marked = globalThis as { __pmFirstReadsSent?: boolean };
  if (marked.__pmFirstReadsSent) return;
  marked.__pmFirstReadsSent = true;
  try {
    const view = overviewView(location);
    sendEarly(() => [getMe()]);
    if (view === undefined) return;
    // As useAnalyticsQuery() reads the page's URL.
    const state = readAnalyticsState(new URLSearchParams(view.search), { tz: browserTimeZone(), isTimeZone });
    const query = toAnalyticsQuery(view.projectId, state);
    // In the order the page needs them (the key figures first): the embedded store answers one query at a time.
    sendEarly(() => [overviewReads.figures(query), overviewReads.cost(query), overviewReads.requests(query), overviewReads.byModel(query)]);
  } catch {
    // Nothing sent early: the page asks itself, as it would have.
  }
}

/** The overview a URL shows (its project and the query it reads), else (a malformed URL too) undefined. */
export function overviewView(location: Where): { projectId: string; search: string } | undefined {
  const match = OVERVIEW_PATH.exec(location.pathname);
  if (!match) return undefined;
  try {
    return { projectId: decodeURIComponent(match[1]!), search: match[2] ? location.search : "" };
  } catch {
    return undefined;
  }
}
