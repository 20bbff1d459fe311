// What the optimization engine says: a finding (what one kind concludes from a project's figures) and
// the suggestion stored for it. Words from the product plan: a suggestion has a type (cost,
// performance, quality), a title, a description, potential savings, an impact and a status (active,
// dismissed, applied).
import { createHash } from "node:crypto";

export const SUGGESTION_KINDS = [
  "model_switch",
  "prompt_caching",
  "batch_api",
  "duplicate_requests",
  "error_waste",
  "truncation",
  "unknown_price",
  "slow_model",
] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export const SUGGESTION_TYPES = ["cost", "performance", "quality"] as const;
export type SuggestionType = (typeof SUGGESTION_TYPES)[number];
export const SUGGESTION_STATUSES = ["active", "dismissed", "applied"] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
export type Level = "high" | "medium" | "low";

/** What a suggestion is about; every field optional, all text (the id is derived from it). */
export interface SuggestionSubject {
  prompt?: string;
  promptVersion?: string;
  model?: string;
  toModel?: string;
  provider?: string;
  [key: string]: string | undefined;
}

/** One kind's conclusion about a project's window of traffic. */
export interface Finding {
  kind: SuggestionKind;
  type: SuggestionType;
  subject: SuggestionSubject;
  title: string;
  description: string;
  /** What the window would have saved, scaled to 30 days: USD, decimal text with 9 places. */
  monthlySavingsUsd: string;
  confidence: Level;
  impact: Level;
  /** How the savings are known: "measured" (both sides ran), "untested", "observed", "projected". */
  evidenceKind: string;
  evidence: Record<string, unknown>;
}

/** The subject as canonical JSON: keys sorted, empty values left out. */
export function subjectKey(subject: SuggestionSubject): string {
  const entries = Object.entries(subject)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/** Stable per (project, kind, subject): a recomputation finds the same id. */
export function suggestionId(projectId: string, kind: SuggestionKind, subject: SuggestionSubject): string {
  const digest = createHash("sha256")
    .update(`${projectId}\n${kind}\n${subjectKey(subject)}`)
    .digest("hex");
  return `sg_${digest.slice(0, 24)}`;
}

/**
 * Impact of a saving against what the project spends a month: high at 10% or more, medium from 2%,
 * low below (and low when the project spends nothing).
 */
export function impactOfSavings(monthlySavingsUsd: number, monthlyCostUsd: number): Level {
  if (monthlyCostUsd <= 0) return "low";
  const share = monthlySavingsUsd / monthlyCostUsd;
  return share >= 0.1 ? "high" : share >= 0.02 ? "medium" : "low";
}
