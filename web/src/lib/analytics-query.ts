// The analytics view's state as it lives in the page's URL, so a view can be shared: the range
// (a preset such as 30d, or custom dates), the bucket size, the time zone and the run filters. The URL
// uses the API's own parameter names and forms, so the state maps 1:1 onto an API query.
import type { AnalyticsFilters, AnalyticsQuery } from "../api/analytics.ts";
import { ANALYTICS_FILTERS, type AnalyticsFilterName } from "../api/endpoints.ts";
import type { Granularity, RunStatus } from "../api/types.ts";

export const RANGE_PRESETS = [
  { value: "24h", label: "Last 24 hours", short: "24h", days: 1 },
  { value: "7d", label: "Last 7 days", short: "7d", days: 7 },
  { value: "30d", label: "Last 30 days", short: "30d", days: 30 },
  { value: "90d", label: "Last 90 days", short: "90d", days: 90 },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]["value"];
export const DEFAULT_RANGE: RangePreset = "30d";

/** Granularities the toggle offers ("auto" when none is in the URL: the API picks from the range). */
export const GRANULARITY_OPTIONS = ["hour", "day", "week", "month"] as const satisfies readonly Granularity[];
export type GranularityOption = (typeof GRANULARITY_OPTIONS)[number];
const MAX_BUCKETS = 1000;

export interface AnalyticsState {
  /** A preset ("30d") or a local date "YYYY-MM-DD" in tz. */
  from: string;
  /** Custom ranges only: local date "YYYY-MM-DD", exclusive (the day after the last day shown). */
  to: string | undefined;
  /** Undefined: the API's default for the range. */
  granularity: GranularityOption | undefined;
  tz: string;
  /** Whether tz came from the URL (false: the browser's zone). */
  tzFromUrl: boolean;
  filters: AnalyticsFilters;
}

const RELATIVE = /^\d{1,6}[mhdw]$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES: readonly RunStatus[] = ["ok", "error"];

export function isPreset(from: string): from is RangePreset {
  return RANGE_PRESETS.some((preset) => preset.value === from);
}

/** Reads the state from a query string; anything malformed falls back to the default, never to a 400. */
export function readAnalyticsState(
  params: URLSearchParams,
  defaults: { tz: string; from?: string; isTimeZone?: (tz: string) => boolean },
): AnalyticsState {
  const rawFrom = params.get("from") ?? "";
  const rawTo = params.get("to") ?? "";
  const custom = DATE.test(rawFrom) && DATE.test(rawTo) && rawFrom < rawTo;
  const from = custom || RELATIVE.test(rawFrom) ? rawFrom : (defaults.from ?? DEFAULT_RANGE);
  const rawGranularity = params.get("granularity");
  const granularity = GRANULARITY_OPTIONS.find((option) => option === rawGranularity);
  const rawTz = params.get("tz");
  const tzValid = rawTz !== null && rawTz !== "" && (defaults.isTimeZone?.(rawTz) ?? true);
  return {
    from,
    to: custom ? rawTo : undefined,
    granularity,
    tz: tzValid ? rawTz : defaults.tz,
    tzFromUrl: tzValid,
    filters: readFilters(params),
  };
}

export function readFilters(params: URLSearchParams): AnalyticsFilters {
  const filters: AnalyticsFilters = {};
  for (const name of ANALYTICS_FILTERS) {
    const values = [...new Set(params.getAll(name))];
    if (name === "status") {
      const statuses = values.filter((value): value is RunStatus => STATUSES.includes(value as RunStatus));
      if (statuses.length > 0) filters.status = statuses;
    } else if (values.length > 0) {
      filters[name] = values;
    }
  }
  return filters;
}

export interface StateChange {
  from?: string;
  /** undefined removes it (presets). */
  to?: string | undefined;
  granularity?: GranularityOption | undefined;
  tz?: string | undefined;
  filters?: AnalyticsFilters;
}

/** A copy of `params` with the change applied; parameters it does not know (a page's own) are kept. */
export function writeAnalyticsState(params: URLSearchParams, change: StateChange): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | undefined) =>
    value === undefined || value === "" ? next.delete(name) : next.set(name, value);
  if ("from" in change) {
    set("from", change.from);
    set("to", change.to);
  }
  if ("granularity" in change) set("granularity", change.granularity);
  if ("tz" in change) set("tz", change.tz);
  if (change.filters) {
    for (const name of ANALYTICS_FILTERS) {
      next.delete(name);
      for (const value of change.filters[name] ?? []) next.append(name, value);
    }
  }
  return next;
}

/** The API query for the state. Custom dates go as local dates, which the API reads in tz. */
export function toAnalyticsQuery(projectId: string, state: AnalyticsState): AnalyticsQuery {
  return {
    projectId,
    from: state.from,
    ...(state.to ? { to: state.to } : {}),
    tz: state.tz,
    ...(state.granularity ? { granularity: state.granularity } : {}),
    ...state.filters,
  };
}

/** Length of the range in days (presets from their length; custom from the dates). */
export function rangeDays(state: Pick<AnalyticsState, "from" | "to">): number {
  const relative = /^(\d+)([mhdw])$/.exec(state.from);
  if (relative) {
    const n = Number(relative[1]);
    return relative[2] === "m" ? n / 1440 : relative[2] === "h" ? n / 24 : relative[2] === "w" ? n * 7 : n;
  }
  if (state.to) return Math.max(1, Math.round((Date.parse(`${state.to}T00:00:00Z`) - Date.parse(`${state.from}T00:00:00Z`)) / 86_400_000));
  return 30;
}

const BUCKET_DAYS: Record<GranularityOption, number> = { hour: 1 / 24, day: 1, week: 7, month: 30 };

/** The toggle's choices: a granularity is offered when the range makes between 1 and 1000 buckets of it. */
export function granularityChoices(
  state: Pick<AnalyticsState, "from" | "to">,
): { value: GranularityOption; label: string; disabled: boolean }[] {
  const days = rangeDays(state);
  return GRANULARITY_OPTIONS.map((value) => {
    const buckets = days / BUCKET_DAYS[value];
    return { value, label: value[0]!.toUpperCase() + value.slice(1), disabled: buckets > MAX_BUCKETS || buckets < 1 };
  });
}

/** "Last 30 days", or "Nov 1 – Nov 20, 2026" for a custom range (its `to` is exclusive). */
export function describeRange(state: Pick<AnalyticsState, "from" | "to">): string {
  const preset = RANGE_PRESETS.find((candidate) => candidate.value === state.from);
  if (preset) return preset.label;
  const relative = /^(\d+)([mhdw])$/.exec(state.from);
  if (relative) return `Last ${relative[1]}${relative[2]}`;
  if (!state.to) return state.from;
  const last = addDays(state.to, -1);
  const label = (date: string, withYear: boolean) => {
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    const text = `${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]} ${day}`;
    return withYear ? `${text}, ${year}` : text;
  };
  if (last === state.from) return label(state.from, true);
  return `${label(state.from, state.from.slice(0, 4) !== last.slice(0, 4))} – ${label(last, true)}`;
}

/** "YYYY-MM-DD" plus n days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Today's date "YYYY-MM-DD" in a zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** How many filter values are set. */
export function countFilters(filters: AnalyticsFilters): number {
  return ANALYTICS_FILTERS.reduce((sum, name: AnalyticsFilterName) => sum + (filters[name]?.length ?? 0), 0);
}
