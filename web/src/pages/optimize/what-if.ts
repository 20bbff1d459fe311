// The savings calculator's what-if, pure: the window it asks about (the suggestions' window, 30 days unless
// the project's optimization settings say otherwise, fixed when the page opens so every answer is about
// the same runs), the choices of prompt, version and model from the analytics routes, the choice a
// suggestion hands over ("Price it in the what-if"), and the request for POST /api/optimization/savings
// (none until it is complete).
import type { ModelRow, PromptVersionRow, SavingsRequest, Suggestion } from "../../api/types.ts";

const DAY_MS = 86_400_000;
/** The engine's window when the project has no settings of its own. */
export const DEFAULT_WINDOW_DAYS = 30;

/** [now − days, now), to the minute, as ISO instants. */
export function whatIfWindow(now: Date, days = DEFAULT_WINDOW_DAYS): { from: string; to: string } {
  const to = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return { from: new Date(to.getTime() - days * DAY_MS).toISOString(), to: to.toISOString() };
}

export interface PromptChoice {
  prompt: string;
  /** Its versions with runs in the range, as the analytics name them ("" for runs without one left out). */
  versions: string[];
}

/** Named prompts, most runs first, each with its versions in name order. */
export function promptChoices(rows: readonly PromptVersionRow[]): PromptChoice[] {
  const byPrompt = new Map<string, { requests: number; versions: Set<string> }>();
  for (const row of rows) {
    if (row.prompt === "") continue;
    const entry = byPrompt.get(row.prompt) ?? { requests: 0, versions: new Set<string>() };
    entry.requests += row.requests;
    if (row.version !== "") entry.versions.add(row.version);
    byPrompt.set(row.prompt, entry);
  }
  return [...byPrompt.entries()]
    .sort(([a, x], [b, y]) => y.requests - x.requests || (a < b ? -1 : 1))
    .map(([prompt, entry]) => ({ prompt, versions: [...entry.versions].sort((a, b) => a.localeCompare(b, "en", { numeric: true })) }));
}

/** Model names with runs, most cost first, once each (a model on two providers is one name to the calculator). */
export function modelChoices(rows: readonly ModelRow[]): string[] {
  const cost = new Map<string, number>();
  for (const row of rows) if (row.model !== "") cost.set(row.model, (cost.get(row.model) ?? 0) + row.costUsd);
  return [...cost.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([model]) => model);
}

export interface WhatIfInput {
  projectId: string;
  window: { from: string; to: string };
  /** "" for every prompt. */
  prompt: string;
  /** "" for every version. */
  promptVersion: string;
  fromModel: string;
  toModel: string;
  /** 0 to 100, whole percent. */
  sharePercent: number;
}

/** A share the API takes (0 to 1, at most 6 decimals) from a whole percent; clamped. */
export function shareOf(percent: number): number {
  const whole = Math.min(100, Math.max(0, Math.round(Number.isFinite(percent) ? percent : 0)));
  return whole / 100;
}

/** The request, or undefined while a model is missing or both are the same. */
export function savingsRequest(input: WhatIfInput): SavingsRequest | undefined {
  if (input.fromModel === "" || input.toModel === "" || input.fromModel === input.toModel) return undefined;
  const move = {
    fromModel: input.fromModel,
    toModel: input.toModel,
    share: shareOf(input.sharePercent),
    ...(input.prompt !== "" ? { prompt: input.prompt } : {}),
    ...(input.prompt !== "" && input.promptVersion !== "" ? { promptVersion: input.promptVersion } : {}),
  };
  return { projectId: input.projectId, from: input.window.from, to: input.window.to, moves: [move] };
}

/** The calculator's choice a suggestion hands over. */
export interface WhatIfChoice {
  prompt: string;
  promptVersion: string;
  fromModel: string;
  toModel: string;
}

/** A suggestion that names a model and another one to move to (a model switch, a faster model) as a what-if. */
export function whatIfChoiceOf(suggestion: Pick<Suggestion, "subject">): WhatIfChoice | undefined {
  const { prompt = "", promptVersion = "", model = "", toModel = "" } = suggestion.subject;
  if (model === "" || toModel === "" || model === toModel) return undefined;
  return { prompt, promptVersion: prompt === "" ? "" : promptVersion, fromModel: model, toModel };
}
