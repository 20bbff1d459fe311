// What every suggestion kind is: a pure function from a project's window of figures to findings.
import type { PromptModelFigures } from "@promptmetrics/clickhouse";
import type { Pricer } from "@promptmetrics/pricing";
import type { Finding } from "../suggestion.ts";

export interface KindInput {
  figures: readonly PromptModelFigures[];
  /** The window's length in days (its figures are scaled to 30 days). */
  windowDays: number;
  /** The project's known cost in the window, scaled to 30 days (for impact). */
  monthlyCostUsd: number;
  /** The project's prices (catalogue, synced, overrides) as of the end of the window. */
  pricer: Pricer;
  /** The end of the window. */
  at: Date;
}

export type SuggestionKindFunction = (input: KindInput) => Finding[];

/** "prompt summarize v3" or "runs without a prompt name", for titles. */
export function promptLabel(prompt: string, version: string): string {
  if (prompt === "") return "runs without a prompt name";
  if (version === "") return `prompt ${prompt}`;
  // "v2" reads as a version already; "2" or "2026-10" gets the word.
  return /^v\d/i.test(version) ? `prompt ${prompt} ${version}` : `prompt ${prompt} (version ${version})`;
}

/** "3.2%" */
export function percent(part: number, whole: number): string {
  return `${whole === 0 ? "0" : ((100 * part) / whole).toFixed(1)}%`;
}

/** "$12.34" for descriptions (the exact figure is in monthlySavingsUsd). */
export function dollars(usd: number): string {
  return `$${usd.toFixed(2)}`;
}
