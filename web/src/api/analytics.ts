// The analytics routes, and download links for their tables.
import { endpointUrl, request, type AnalyticsFilterName } from "./endpoints.ts";
import type { Query } from "./http.ts";
import type {
  CostsResponse,
  Dimension,
  FigureName,
  Granularity,
  ModelsResponse,
  OverviewResponse,
  PromptsResponse,
  RunStatus,
  SuccessRateResponse,
  TrendsResponse,
  UsersResponse,
} from "./types.ts";

type Signal = AbortSignal | undefined;

export type AnalyticsFilters = Partial<Record<Exclude<AnalyticsFilterName, "status">, readonly string[]>> & {
  status?: readonly RunStatus[];
};

/** What every analytics route takes. useAnalyticsQuery() builds it from the page's URL. */
export interface AnalyticsQuery extends AnalyticsFilters {
  projectId: string;
  /** ISO, a date, or relative ("24h", "7d", "30d"). */
  from?: string;
  to?: string;
  /** IANA zone. */
  tz?: string;
  granularity?: Granularity;
}

const q = (query: object): Query => query as Query;

export const getOverview = (query: AnalyticsQuery, signal?: Signal) => request<OverviewResponse>("overview", { query: q(query), signal });
export const getCosts = (query: AnalyticsQuery & { groupBy?: Dimension; limit?: number }, signal?: Signal) =>
  request<CostsResponse>("costs", { query: q(query), signal });
export const getTrends = (query: AnalyticsQuery & { metric?: FigureName | "cost"; splitBy?: Dimension; top?: number }, signal?: Signal) =>
  request<TrendsResponse>("trends", { query: q(query), signal });
export const getModels = (query: AnalyticsQuery & { limit?: number }, signal?: Signal) =>
  request<ModelsResponse>("models", { query: q(query), signal });
export const getSuccessRate = (query: AnalyticsQuery & { limit?: number }, signal?: Signal) =>
  request<SuccessRateResponse>("successRate", { query: q(query), signal });
export const getUsers = (query: AnalyticsQuery & { limit?: number }, signal?: Signal) =>
  request<UsersResponse>("users", { query: q(query), signal });
/** `compare: "v1,v2"` needs exactly one `prompt`. */
export const getPrompts = (query: AnalyticsQuery & { limit?: number; compare?: string }, signal?: Signal) =>
  request<PromptsResponse>("prompts", { query: q(query), signal });

export type ExportWhat = "overview" | "costs" | "trends" | "models" | "success-rate" | "users" | "prompts";

/** A download link for an analytics table with the same parameters as the page's query (an <a href> target). */
export function analyticsExportUrl(
  what: ExportWhat,
  query: AnalyticsQuery & Record<string, unknown>,
  format: "csv" | "json" = "csv",
): string {
  return endpointUrl("export", {}, q({ ...query, what, format }));
}
