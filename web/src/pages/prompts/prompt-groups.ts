// The prompts page's list and its comparison choice: version rows grouped by prompt (largest cost
// first, versions in natural order: v2 before v10), which versions can be compared, and the pair
// shown when the URL names none.
import type { PromptVersionRow } from "../../api/types.ts";

export interface PromptGroup {
  prompt: string;
  requests: number;
  costUsd: number;
  /** Natural order of the version names. */
  versions: PromptVersionRow[];
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function groupPrompts(rows: readonly PromptVersionRow[]): PromptGroup[] {
  const groups = new Map<string, PromptGroup>();
  for (const row of rows) {
    const group = groups.get(row.prompt) ?? { prompt: row.prompt, requests: 0, costUsd: 0, versions: [] };
    group.requests += row.requests;
    group.costUsd += row.costUsd;
    group.versions.push(row);
    groups.set(row.prompt, group);
  }
  for (const group of groups.values()) group.versions.sort((a, b) => collator.compare(a.version, b.version));
  return [...groups.values()].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || collator.compare(a.prompt, b.prompt));
}

/** The API compares two named versions given as "a,b": an empty name or one with a comma cannot be asked for. */
export function comparable(version: string): boolean {
  return version !== "" && !version.includes(",");
}

export interface ComparisonChoice {
  prompt: string;
  /** The baseline. */
  a: string;
  /** The one measured against it. */
  b: string;
}

/** Reads `comparePrompt` and `compare=a,b` from the page's URL; anything incomplete is undefined. */
export function readComparison(params: URLSearchParams): ComparisonChoice | undefined {
  const prompt = params.get("comparePrompt") ?? "";
  const match = /^([^,]+),([^,]+)$/.exec(params.get("compare") ?? "");
  if (prompt === "" || !match) return undefined;
  return { prompt, a: match[1]!, b: match[2]! };
}

export function writeComparison(params: URLSearchParams, choice: ComparisonChoice): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set("comparePrompt", choice.prompt);
  next.set("compare", `${choice.a},${choice.b}`);
  return next;
}

/**
 * The pair to show without a choice in the URL: the most expensive prompt that has two comparable
 * versions, its second-newest against its newest (by natural order of the names).
 */
export function defaultComparison(groups: readonly PromptGroup[], prompt?: string): ComparisonChoice | undefined {
  const ordered =
    prompt === undefined
      ? groups
      : [...groups.filter((group) => group.prompt === prompt), ...groups.filter((group) => group.prompt !== prompt)];
  for (const group of ordered) {
    const versions = group.versions.map((row) => row.version).filter(comparable);
    if (versions.length >= 2) return { prompt: group.prompt, a: versions[versions.length - 2]!, b: versions[versions.length - 1]! };
  }
  return undefined;
}

/**
 * A new choice after one select changed: a new prompt takes its default pair; picking for one side
 * the version the other side holds swaps them, so the two never match.
 */
export function changeComparison(
  current: ComparisonChoice,
  change: { prompt?: string; a?: string; b?: string },
  groups: readonly PromptGroup[],
): ComparisonChoice | undefined {
  if (change.prompt !== undefined && change.prompt !== current.prompt)
    return defaultComparison(groups.filter((group) => group.prompt === change.prompt));
  if (change.a !== undefined) return change.a === current.b ? { ...current, a: current.b, b: current.a } : { ...current, a: change.a };
  if (change.b !== undefined) return change.b === current.a ? { ...current, a: current.b, b: current.a } : { ...current, b: change.b };
  return current;
}
