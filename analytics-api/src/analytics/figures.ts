// The figures every analytics answer reports for a set of runs, derived from the store's sums and
// feedback counts. Rates and averages over no runs are null, not 0, so a chart shows a gap.
import type { RunFeedbackRow, RunMetricsRow } from "@promptmetrics/clickhouse/analytics";

export interface Figures {
  requests: number;
  errors: number;
  /** errors / requests. */
  errorRate: number | null;
  /** All input, cached included. */
  inputTokens: number;
  /** All output, reasoning included. */
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /**
   * Summed exactly as decimals in the store, then sent as the nearest JSON number (a double: about
   * 15 significant digits). Runs of models without a known price add nothing.
   */
  costUsd: number;
  avgLatencyMs: number | null;
  /** Estimates from t-digests (exact for a handful of runs, within about 1% beyond). */
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Mean time to first token over the runs that report one (streamed calls). */
  avgTtftMs: number | null;
  /**
   * The share of runs that succeeded. A run succeeded when its feedback says success=true, failed
   * when its feedback says success=false, and otherwise succeeded iff its status is not error.
   */
  successRate: number | null;
  /** Mean rating (1-5) over rated runs; a re-rating replaces the earlier rating. */
  avgRating: number | null;
  ratedRuns: number;
  /**
   * Heuristic quality: the share of qualityRuns with no failing heuristic (quality_flags = 0: an answer that
   * is not empty, not a refusal, valid JSON where JSON was asked for, not cut off at the token limit, and
   * no error). Null when no run's quality is known.
   */
  qualityRate: number | null;
  /**
   * The runs qualityRate is measured over: every run, except runs read from rollup rows written before
   * migration 0017 (their quality was not counted; `promptmetrics rebuild-rollups` fills those months).
   * Below `requests` when part of the range is not known.
   */
  qualityRuns: number;
}

export const FIGURE_NAMES = [
  "requests",
  "errors",
  "errorRate",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "costUsd",
  "avgLatencyMs",
  "p50LatencyMs",
  "p95LatencyMs",
  "avgTtftMs",
  "successRate",
  "avgRating",
  "ratedRuns",
  "qualityRate",
  "qualityRuns",
] as const satisfies readonly (keyof Figures)[];
export type FigureName = (typeof FIGURE_NAMES)[number];

export function toFigures(run: RunMetricsRow | undefined, feedback: RunFeedbackRow | undefined): Figures {
  const requests = run?.requests ?? 0;
  const errors = run?.errors ?? 0;
  const ratedRuns = feedback?.ratedRuns ?? 0;
  const successes = requests - errors + (feedback?.successOnError ?? 0) - (feedback?.failureOnOk ?? 0);
  return {
    requests,
    errors,
    errorRate: ratio(errors, requests),
    inputTokens: run?.inputTokens ?? 0,
    outputTokens: run?.outputTokens ?? 0,
    cacheReadTokens: run?.cacheReadTokens ?? 0,
    cacheWriteTokens: run?.cacheWriteTokens ?? 0,
    reasoningTokens: run?.reasoningTokens ?? 0,
    costUsd: run?.costUsd ?? 0,
    avgLatencyMs: ratio(run?.latencyMsSum ?? 0, requests),
    p50LatencyMs: run?.p50LatencyMs ?? null,
    p95LatencyMs: run?.p95LatencyMs ?? null,
    avgTtftMs: ratio(run?.ttftMsSum ?? 0, run?.ttftCount ?? 0),
    successRate: ratio(successes, requests),
    avgRating: ratio(feedback?.ratingSum ?? 0, ratedRuns),
    ratedRuns,
    qualityRate: ratio(run?.qualityOkRuns ?? 0, run?.qualityRuns ?? 0),
    qualityRuns: run?.qualityRuns ?? 0,
  };
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
