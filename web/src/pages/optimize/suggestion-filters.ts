// The Optimize page's filters, kept in the URL with the API's own parameter names (?type=, ?status=).
// The page loads the whole list once and filters here, so switching is instant and each status shows its count.
import type { Suggestion } from "../../api/types.ts";

export const TYPE_FILTERS = ["all", "cost", "performance", "quality"] as const;
export type TypeFilter = (typeof TYPE_FILTERS)[number];
export const STATUS_FILTERS = ["active", "dismissed", "applied"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface SuggestionFilters {
  type: TypeFilter;
  status: StatusFilter;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

/** The filters of a URL; an unknown or missing value is the default (all types, active). */
export function readFilters(params: URLSearchParams): SuggestionFilters {
  return { type: oneOf(TYPE_FILTERS, params.get("type"), "all"), status: oneOf(STATUS_FILTERS, params.get("status"), "active") };
}

/** The URL's parameters with one filter changed; defaults are left out so the plain page has a plain URL. */
export function withFilter(params: URLSearchParams, name: keyof SuggestionFilters, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const isDefault = name === "type" ? value === "all" : value === "active";
  if (isDefault) next.delete(name);
  else next.set(name, value);
  return next;
}

/** The suggestions shown for the filters, in the API's order (largest saving first). */
export function filterSuggestions<T extends Pick<Suggestion, "type" | "status">>(items: readonly T[], filters: SuggestionFilters): T[] {
  return items.filter((item) => item.status === filters.status && (filters.type === "all" || item.type === filters.type));
}

/** How many suggestions of the chosen type each status has, for the status switch's labels. */
export function countByStatus(items: readonly Pick<Suggestion, "type" | "status">[], type: TypeFilter): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = { active: 0, dismissed: 0, applied: 0 };
  for (const item of items) if (type === "all" || item.type === type) counts[item.status] += 1;
  return counts;
}
