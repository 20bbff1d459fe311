// The first screen's requests, sent while React and the page's chunk are still loading instead of after:
// the session, and on an overview URL the page's chunk and its data reads (api/http.ts keeps the answers
// for the page's own calls). Without this the reads waited for the session, then for the page's chunk.
import { getMe } from "./api/accounts.ts";
import { sendEarly } from "./api/http.ts";
import { readAnalyticsState, toAnalyticsQuery } from "./lib/analytics-query.ts";
import { browserTimeZone, isTimeZone } from "./lib/time-zone.ts";
import { overviewReads } from "./pages/overview/reads.ts";

const OVERVIEW_PATH = /^\/p\/([^/]+)\/overview\/?$/;

/** Never throws: at worst the page asks for everything itself, as it would without this. */
export function startFirstLoad(location: Pick<Location, "pathname" | "search">): void {
  try {
    sendEarly(() => [getMe()]);
    const projectId = OVERVIEW_PATH.exec(location.pathname)?.[1];
    if (projectId !== undefined) startOverview(decodeURIComponent(projectId), location.search);
  } catch {
    // A malformed URL (decodeURIComponent): the page reports it as it would have.
  }
}

function startOverview(projectId: string, search: string): void {
  // As useAnalyticsQuery() reads the page's URL.
  const state = readAnalyticsState(new URLSearchParams(search), { tz: browserTimeZone(), isTimeZone });
  const query = toAnalyticsQuery(projectId, state);
  // In the order the page needs them (the key figures first): the embedded store answers one at a time.
  sendEarly(() => [
    overviewReads.figures(query),
    overviewReads.cost(query),
    overviewReads.requests(query),
    overviewReads.byModel(query),
    overviewReads.suggestions(query.projectId),
  ]);
  // The same module as the route's lazy(), so the same chunk: loading it now makes the route's import instant.
  // After the reads: the browser opens six connections to the server, and the chunk's ~20 files queued
  // first held the reads back until they had loaded.
  import("./pages/overview-page.tsx").catch(() => undefined);
}
