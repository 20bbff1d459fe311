// How the heuristic quality figure reads in tables and cards: a percentage like success rate, "Not known"
// (never 100%) when none of the runs' quality was counted (runs rolled up before the upgrade that added
// it), and the runs it rests on when that is only part of them.
import { formatCount, formatPercent } from "./format.ts";

/** What the figure counts, for its tooltips. */
export const QUALITY_DESCRIPTION =
  "Share of runs that no free heuristic flags: the answer is not empty, not a refusal, valid JSON where JSON " +
  "was asked for, not cut off at the token limit, and the call did not fail. Cheap signals, not a judge.";

const REBUILD = "`promptmetrics rebuild-rollups --from <date> --to <date>` counts them";

export interface QualityFigures {
  requests: number;
  qualityRate: number | null;
  qualityRuns: number;
}

export interface QualityText {
  /** "93.8%", "Not known", or "–" without runs. */
  text: string;
  /** A short second line when the rate rests on part of the runs: "of 4 runs". */
  detail: string | null;
  /** Why the figure is not known or partial, for a tooltip. */
  note: string | null;
}

export function describeQuality({ requests, qualityRate, qualityRuns }: QualityFigures): QualityText {
  if (requests === 0) return { text: "–", detail: null, note: null };
  if (qualityRuns === 0 || qualityRate === null) {
    return {
      text: "Not known",
      detail: null,
      note: `These runs were stored before PromptMetrics counted quality in its rollups: ${REBUILD}.`,
    };
  }
  const text = formatPercent(qualityRate);
  if (qualityRuns >= requests) return { text, detail: null, note: null };
  const others = requests - qualityRuns;
  return {
    text,
    detail: `of ${formatCount(qualityRuns)} runs`,
    note:
      `Measured over ${formatCount(qualityRuns)} of ${formatCount(requests)} runs: the other ${formatCount(others)} ` +
      `were stored before PromptMetrics counted quality in its rollups (${REBUILD}).`,
  };
}
