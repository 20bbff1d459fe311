// useAnalyticsQuery(): the analytics view's range, granularity, time zone and filters, read from and
// written to the URL's query string (see analytics-query.ts), plus the API query they make for the
// current project.
import { useCallback, useMemo } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import type { AnalyticsFilters, AnalyticsQuery } from "../api/analytics.ts";
import type { AnalyticsFilterName } from "../api/endpoints.ts";
import {
  readAnalyticsState,
  toAnalyticsQuery,
  writeAnalyticsState,
  type AnalyticsState,
  type GranularityOption,
  type StateChange,
} from "./analytics-query.ts";
import { browserTimeZone, isTimeZone } from "./time-zone.ts";

export interface AnalyticsQueryApi {
  state: AnalyticsState;
  /** The API query (projectId included) for the analytics routes. */
  query: AnalyticsQuery;
  /** A string that changes whenever `query` does: use it as the deps of useApi. */
  queryKey: string;
  /** A preset ("7d"), or custom local dates with `to` exclusive. */
  setRange: (from: string, to?: string) => void;
  setGranularity: (granularity: GranularityOption | undefined) => void;
  /** undefined goes back to the browser's zone. */
  setTimeZone: (tz: string | undefined) => void;
  setFilter: (name: AnalyticsFilterName, values: readonly string[]) => void;
  setFilters: (filters: AnalyticsFilters) => void;
  clearFilters: () => void;
  /** Any change at once. */
  update: (change: StateChange) => void;
}

export function useAnalyticsQuery(options: { defaultFrom?: string } = {}): AnalyticsQueryApi {
  const { projectId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const state = useMemo(
    () =>
      readAnalyticsState(new URLSearchParams(search), {
        tz: browserTimeZone(),
        isTimeZone,
        ...(options.defaultFrom ? { from: options.defaultFrom } : {}),
      }),
    [search, options.defaultFrom],
  );
  const query = useMemo(() => toAnalyticsQuery(projectId, state), [projectId, state]);
  const queryKey = useMemo(() => JSON.stringify(query), [query]);

  const update = useCallback(
    (change: StateChange) => setParams((current) => writeAnalyticsState(current, change), { replace: true }),
    [setParams],
  );
  return {
    state,
    query,
    queryKey,
    update,
    setRange: useCallback((from: string, to?: string) => update({ from, to }), [update]),
    setGranularity: useCallback((granularity: GranularityOption | undefined) => update({ granularity }), [update]),
    setTimeZone: useCallback((tz: string | undefined) => update({ tz }), [update]),
    setFilter: useCallback(
      (name: AnalyticsFilterName, values: readonly string[]) => update({ filters: { ...state.filters, [name]: values } }),
      [update, state.filters],
    ),
    setFilters: useCallback((filters: AnalyticsFilters) => update({ filters }), [update]),
    clearFilters: useCallback(() => update({ filters: {} }), [update]),
  };
}
