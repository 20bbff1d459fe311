// The overview's headline cards: which figures, how each reads, which direction is good, and the
// line under each number, built from the overview answer (current range and the period before it).
import type { Figures, OverviewResponse } from "../../api/types.ts";
import { formatCount, formatDate, formatDateTime, formatMs, formatPercent, formatRating, formatUsd } from "../../lib/format.ts";
import type { ChangeKind, GoodWhen } from "../../lib/kpi.ts";
import { describeQuality, QUALITY_DESCRIPTION } from "../../lib/quality-figure.ts";

export interface Kpi {
  key: string;
  title: string;
  value: number | null;
  previous: number | null;
  format: (value: number | null | undefined) => string;
  goodWhen: GoodWhen;
  changeKind: ChangeKind;
  hint?: string;
  /** What the figure counts, for the title's tooltip. */
  description?: string;
}

const tokens = (figures: Figures) => figures.inputTokens + figures.outputTokens;
const costPerRequest = (figures: Figures) => (figures.requests > 0 ? figures.costUsd / figures.requests : null);

/** Nine cards in reading order: spend and volume first, then reliability and quality. */
export function buildKpis({ totals, previous }: Pick<OverviewResponse, "totals" | "previous">): Kpi[] {
  const plural = (count: number, word: string) => `${formatCount(count)} ${word}${count === 1 ? "" : "s"}`;
  const quality = describeQuality(totals);
  return [
    {
      key: "cost",
      title: "Cost",
      value: totals.costUsd,
      previous: previous.costUsd,
      format: formatUsd,
      goodWhen: "down",
      changeKind: "relative",
    },
    {
      key: "requests",
      title: "Requests",
      value: totals.requests,
      previous: previous.requests,
      format: formatCount,
      // More traffic is neither good nor bad by itself.
      goodWhen: "neutral",
      changeKind: "relative",
    },
    {
      key: "tokens",
      title: "Tokens",
      value: tokens(totals),
      previous: tokens(previous),
      format: formatCount,
      goodWhen: "neutral",
      changeKind: "relative",
      hint: `${formatCount(totals.inputTokens)} in · ${formatCount(totals.outputTokens)} out`,
    },
    {
      key: "costPerRequest",
      title: "Cost per request",
      value: costPerRequest(totals),
      previous: costPerRequest(previous),
      format: formatUsd,
      goodWhen: "down",
      changeKind: "relative",
      ...(totals.requests > 0 ? { hint: `${formatUsd((totals.costUsd / totals.requests) * 1000)} per 1k requests` } : {}),
    },
    {
      key: "errorRate",
      title: "Error rate",
      value: totals.errorRate,
      previous: previous.errorRate,
      format: formatPercent,
      goodWhen: "down",
      changeKind: "points",
      hint: plural(totals.errors, "error"),
    },
    {
      key: "p95Latency",
      title: "p95 latency",
      value: totals.p95LatencyMs,
      previous: previous.p95LatencyMs,
      format: formatMs,
      goodWhen: "down",
      changeKind: "relative",
      ...(totals.p50LatencyMs === null ? {} : { hint: `p50 ${formatMs(totals.p50LatencyMs)}` }),
    },
    {
      key: "successRate",
      title: "Success rate",
      value: totals.successRate,
      previous: previous.successRate,
      format: formatPercent,
      goodWhen: "up",
      changeKind: "points",
      // How the API decides: feedback first, the run's status otherwise.
      hint: "From feedback, else run status",
    },
    {
      key: "qualityRate",
      title: "Quality",
      value: totals.qualityRate,
      previous: previous.qualityRate,
      // "Not known" rather than a rate when the range's runs were rolled up before quality was counted.
      format: (value) => (value === null || value === undefined ? quality.text : formatPercent(value)),
      goodWhen: "up",
      changeKind: "points",
      hint:
        totals.requests === 0
          ? "No runs in this range"
          : totals.qualityRuns === 0
            ? "Not counted for these runs yet"
            : totals.qualityRuns < totals.requests
              ? `Over ${formatCount(totals.qualityRuns)} of ${plural(totals.requests, "run")}`
              : "Runs no heuristic flagged",
      description: quality.note ? `${QUALITY_DESCRIPTION} ${quality.note}` : QUALITY_DESCRIPTION,
    },
    {
      key: "avgRating",
      title: "Average rating",
      value: totals.avgRating,
      previous: previous.avgRating,
      format: formatRating,
      goodWhen: "up",
      changeKind: "relative",
      hint: totals.ratedRuns === 0 ? "No rated runs in this range" : `From ${plural(totals.ratedRuns, "rated run")}`,
    },
  ];
}

/** All-zero figures: the cards' shape while the first answer loads. */
export function emptyFigures(): Figures {
  return {
    requests: 0,
    errors: 0,
    errorRate: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    avgLatencyMs: null,
    p50LatencyMs: null,
    p95LatencyMs: null,
    avgTtftMs: null,
    successRate: null,
    avgRating: null,
    ratedRuns: 0,
    qualityRate: null,
    qualityRuns: 0,
  };
}

/**
 * The period the changes are measured against, in the view's zone: "Oct 2 – Oct 31, 2026" (its `to`
 * is exclusive, so the last day shown is the one before), or with times when it is shorter than 3 days.
 */
export function describePrevious(range: { from: string; to: string }, timeZone: string): string {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return "";
  if (to - from < 3 * 86_400_000) return `${formatDateTime(range.from, timeZone)} – ${formatDateTime(range.to, timeZone)}`;
  const first = formatDate(range.from, timeZone);
  const last = formatDate(new Date(to - 1).toISOString(), timeZone);
  if (first === last) return first;
  // "Oct 2, 2026 – Oct 31, 2026" reads better without the first year when both share it.
  const year = first.slice(-4);
  return `${last.endsWith(year) ? first.slice(0, -6) : first} – ${last}`;
}
