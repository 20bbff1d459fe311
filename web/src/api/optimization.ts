// The optimization engine's savings suggestions (the list, recomputing it now, applying and dismissing one)
// and the savings calculator.
import { request } from "./endpoints.ts";
import type { OptimizationSettings, RefreshedSuggestions, Savings, SavingsRequest, Suggestion, SuggestionList } from "./types.ts";

type Signal = AbortSignal | undefined;

export type SuggestionType = Suggestion["type"];
export type SuggestionStatus = Suggestion["status"];

export interface SuggestionsQuery {
  projectId: string;
  status?: SuggestionStatus;
  type?: SuggestionType;
  kind?: string;
}

/** What the last recomputation found (active and dismissed) and every applied one, largest saving first. */
export const listSuggestions = (query: SuggestionsQuery, signal?: Signal) =>
  request<SuggestionList>("listSuggestions", { query: { ...query }, signal });
/** Recomputes the project's suggestions now (members and up) and answers the new list. */
export const refreshSuggestions = (projectId: string) => request<RefreshedSuggestions>("refreshSuggestions", { body: { projectId } });
export const applySuggestion = (suggestionId: string) => request<Suggestion>("applySuggestion", { body: { suggestionId } });
/** An empty reason is left out: the API keeps "" then. */
export const dismissSuggestion = (suggestionId: string, reason?: string) =>
  request<Suggestion>("dismissSuggestion", { body: reason?.trim() ? { suggestionId, reason: reason.trim() } : { suggestionId } });
/** The savings calculator: what moving a share of some runs to other models would have saved in [from, to). */
export const estimateSavings = (body: SavingsRequest, signal?: Signal) => request<Savings>("estimateSavings", { body, signal });
/** The window suggestions look at and what counts as offline traffic (defaults until an admin sets them). */
export const getOptimizationSettings = (projectId: string, signal?: Signal) =>
  request<OptimizationSettings>("optimizationSettings", { query: { projectId }, signal });
