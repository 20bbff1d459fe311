// The runs list's view as it lives in the URL: the analytics range, zone and filters (lib/analytics-query.ts)
// plus the list's own parameters (search, rated, session, sort), and the GET /api/runs query they make.
import type { RunSort, RunsQuery } from "../../api/runs.ts";
import type { AnalyticsState } from "../../lib/analytics-query.ts";

export const RUN_SORTS: readonly RunSort[] = ["startTime", "cost", "latency", "tokens"];
export type SortOrder = "asc" | "desc";
export type RatedFilter = "true" | "false";

/** The list's own URL parameters, next to the analytics ones. */
export interface RunsView {
  /** Text to find in input or output; undefined when there is no search. */
  q: string | undefined;
  rated: RatedFilter | undefined;
  sessionId: readonly string[];
  sort: RunSort;
  order: SortOrder;
}

export const DEFAULT_VIEW: RunsView = { q: undefined, rated: undefined, sessionId: [], sort: "startTime", order: "desc" };
/** The API refuses longer searches. */
export const MAX_SEARCH_CHARS = 500;

/** Reads the view; anything malformed falls back to the default rather than making the API answer 400. */
export function readRunsView(params: URLSearchParams): RunsView {
  const q = cleanSearch(params.get("q") ?? "");
  const rated = params.get("rated");
  const sort = params.get("sort");
  const order = params.get("order");
  return {
    q,
    rated: rated === "true" || rated === "false" ? rated : undefined,
    sessionId: [...new Set(params.getAll("sessionId"))],
    sort: RUN_SORTS.find((candidate) => candidate === sort) ?? DEFAULT_VIEW.sort,
    order: order === "asc" || order === "desc" ? order : DEFAULT_VIEW.order,
  };
}

/** The search as the API takes it: trimmed, at most 500 characters, undefined when empty. */
export function cleanSearch(text: string): string | undefined {
  const trimmed = text.trim().slice(0, MAX_SEARCH_CHARS);
  return trimmed === "" ? undefined : trimmed;
}

/** A copy of `params` with the change applied; defaults leave the URL, other parameters stay. */
export function writeRunsView(params: URLSearchParams, change: Partial<RunsView>): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | undefined, fallback?: string) =>
    value === undefined || value === "" || value === fallback ? next.delete(name) : next.set(name, value);
  if ("q" in change) set("q", cleanSearch(change.q ?? ""));
  if ("rated" in change) set("rated", change.rated);
  if ("sort" in change) set("sort", change.sort, DEFAULT_VIEW.sort);
  if ("order" in change) set("order", change.order, DEFAULT_VIEW.order);
  if (change.sessionId) {
    next.delete("sessionId");
    for (const id of change.sessionId) next.append("sessionId", id);
  }
  return next;
}

/**
 * The list query. The run routes read dates in UTC and take no zone, so a custom range's local dates
 * become the instants they start at in the view's zone; presets (30d) are relative and pass as they are.
 */
export function toRunsQuery(projectId: string, state: Pick<AnalyticsState, "from" | "to" | "tz" | "filters">, view: RunsView): RunsQuery {
  return {
    projectId,
    from: isLocalDate(state.from) ? zonedStartOfDay(state.from, state.tz) : state.from,
    ...(state.to ? { to: isLocalDate(state.to) ? zonedStartOfDay(state.to, state.tz) : state.to } : {}),
    ...state.filters,
    ...(view.sessionId.length > 0 ? { sessionId: view.sessionId } : {}),
    ...(view.q ? { q: view.q } : {}),
    ...(view.rated ? { rated: view.rated } : {}),
    sort: view.sort,
    order: view.order,
  };
}

/** Whether the list is narrowed by anything besides the range (for the empty state's wording). */
export function isNarrowed(state: Pick<AnalyticsState, "filters">, view: RunsView): boolean {
  return (
    view.q !== undefined ||
    view.rated !== undefined ||
    view.sessionId.length > 0 ||
    Object.values(state.filters).some((values) => (values?.length ?? 0) > 0)
  );
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLocalDate(text: string): boolean {
  return LOCAL_DATE.test(text);
}

/** Midnight at the start of a local date in a zone, as a UTC ISO instant. Unknown zones count as UTC. */
export function zonedStartOfDay(date: string, timeZone: string): string {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // The zone's offset at the wall time is a first guess; across a DST change the offset at the
  // resulting instant is the right one, so take it a second time.
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(instant));
  } catch {
    return 0;
  }
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}
