// The overview's API reads, declared once for the page and for first-load.ts, which sends them before the
// page's code has loaded: calling the same functions makes the same URLs, so the page takes those answers.
import { getCosts, getOverview, getTrends, type AnalyticsQuery } from "../../api/analytics.ts";
import { listSuggestions } from "../../api/optimization.ts";

type Signal = AbortSignal | undefined;

/** Models shown by name in "Cost by model"; the rest are one "Other models" share. */
export const MODELS_SHOWN = 6;

/** The range without the bucket size: only the series depend on it. */
export function rangeOf(query: AnalyticsQuery): AnalyticsQuery {
  const { granularity: _granularity, ...rangeQuery } = query;
  return rangeQuery;
}

export const overviewReads = {
  figures: (query: AnalyticsQuery, signal?: Signal) => getOverview(rangeOf(query), signal),
  cost: (query: AnalyticsQuery, signal?: Signal) => getTrends({ ...query, metric: "costUsd" }, signal),
  requests: (query: AnalyticsQuery, signal?: Signal) => getTrends({ ...query, metric: "requests" }, signal),
  byModel: (query: AnalyticsQuery, signal?: Signal) => getCosts({ ...rangeOf(query), groupBy: "model", limit: MODELS_SHOWN }, signal),
  /** The "Potential savings" card's. */
  suggestions: (projectId: string, signal?: Signal) => listSuggestions({ projectId, status: "active" }, signal),
};
