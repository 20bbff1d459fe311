// A run's content-free evidence as the run page shows it: each quality flag as a labelled badge with
// what it means, and the stable prefix's size with whether the provider measured it or it is estimated.
import type { RunDetail } from "../api/types.ts";

export type QualityFlag = RunDetail["qualityFlags"][number];

export interface QualityBadge {
  flag: QualityFlag;
  label: string;
  /** What the heuristic saw, for the badge's tooltip. */
  title: string;
}

const BADGES: Record<QualityFlag, Omit<QualityBadge, "flag">> = {
  empty_output: { label: "Empty output", title: "The answer had no text and no tool call (or 0 output tokens were reported)." },
  refusal: { label: "Refusal", title: "The model declined: a refusal field or stop reason, or an answer opening with a refusal phrase." },
  invalid_json: {
    label: "Invalid JSON",
    title: "JSON was asked for (or the answer is tool-call arguments) and what came back does not parse.",
  },
  truncated: { label: "Truncated", title: "The answer was cut off at the output token limit." },
  error: { label: "Error", title: "The call failed." },
};

/**
 * The badges of a run's flags, in the API's order. `withoutError` leaves the error flag out where the
 * run's status badge already says it.
 */
export function qualityBadges(flags: readonly QualityFlag[], withoutError = false): QualityBadge[] {
  return flags.filter((flag) => !(withoutError && flag === "error")).map((flag) => ({ flag, ...BADGES[flag] }));
}

/** "1,024 tokens, measured by the cache" or "≈ 7 tokens, estimated"; null when the run has no stable prefix known. */
export function describePrefix(
  run: Pick<RunDetail, "prefixHash" | "prefixTokens" | "cacheReadTokens" | "cacheWriteTokens">,
): string | null {
  if (run.prefixHash === "" && run.prefixTokens === 0) return null;
  const tokens = run.prefixTokens.toLocaleString("en-US");
  // The rule the stored figure follows: exact exactly when the call read or wrote the cache.
  return run.cacheReadTokens + run.cacheWriteTokens > 0 ? `${tokens} tokens, measured by the cache` : `≈ ${tokens} tokens, estimated`;
}
