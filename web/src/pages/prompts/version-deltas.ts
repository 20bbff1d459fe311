// Two versions of a prompt side by side: each figure for A and B, and B's change against A coloured
// by what is good for that figure (cheaper and faster is good; more success and better ratings too).
// Plus a one-line verdict and a warning when either side has too few runs to trust the difference.
import type { PromptVersionRow } from "../../api/types.ts";
import { formatCount, formatMs, formatPercent, formatRating, formatUsd } from "../../lib/format.ts";
import { kpiDelta, type GoodWhen, type KpiDelta } from "../../lib/kpi.ts";
import { describeQuality, QUALITY_DESCRIPTION } from "../../lib/quality-figure.ts";

export interface VersionDelta {
  key: string;
  label: string;
  a: string;
  b: string;
  change: KpiDelta;
  /** What the figure counts, for a tooltip. */
  description?: string;
}

type Kind = "relative" | "points" | "rating";

interface Spec {
  key: string;
  label: string;
  value: (row: PromptVersionRow) => number | null;
  format: (value: number | null | undefined) => string;
  goodWhen: GoodWhen;
  kind: Kind;
  /** How a side reads when its row says more than its value (quality: "Not known"). */
  text?: (row: PromptVersionRow) => string;
  description?: string;
}

const SPECS: readonly Spec[] = [
  { key: "requests", label: "Runs", value: (row) => row.requests, format: formatCount, goodWhen: "neutral", kind: "relative" },
  // Per 1k runs: per-run costs of a cent or two would round to the same "$0.02" on both sides.
  {
    key: "costPer1kRuns",
    label: "Cost per 1k runs",
    value: (row) => (row.costPerRun === null ? null : row.costPerRun * 1000),
    format: formatUsd,
    goodWhen: "down",
    kind: "relative",
  },
  {
    key: "tokensPerRun",
    label: "Tokens per run",
    value: (row) => row.tokensPerRun,
    format: formatCount,
    goodWhen: "down",
    kind: "relative",
  },
  { key: "avgLatencyMs", label: "Average latency", value: (row) => row.avgLatencyMs, format: formatMs, goodWhen: "down", kind: "relative" },
  { key: "p95LatencyMs", label: "p95 latency", value: (row) => row.p95LatencyMs, format: formatMs, goodWhen: "down", kind: "relative" },
  { key: "errorRate", label: "Error rate", value: (row) => row.errorRate, format: formatPercent, goodWhen: "down", kind: "points" },
  { key: "successRate", label: "Success rate", value: (row) => row.successRate, format: formatPercent, goodWhen: "up", kind: "points" },
  {
    key: "qualityRate",
    label: "Quality",
    value: (row) => row.qualityRate,
    format: formatPercent,
    text: (row) => describeQuality(row).text,
    goodWhen: "up",
    kind: "points",
    description: QUALITY_DESCRIPTION,
  },
  { key: "avgRating", label: "Average rating", value: (row) => row.avgRating, format: formatRating, goodWhen: "up", kind: "rating" },
  { key: "costUsd", label: "Total cost", value: (row) => row.costUsd, format: formatUsd, goodWhen: "neutral", kind: "relative" },
];

/** Ratings differ by stars, not percent: "+0.25 ★". */
function ratingDelta(a: number | null, b: number | null, goodWhen: GoodWhen): KpiDelta {
  if (a === null || b === null) return { text: null, direction: "flat", tone: "neutral", description: null };
  const difference = b - a;
  const direction = Math.abs(difference) < 0.005 ? "flat" : difference > 0 ? "up" : "down";
  const text = `${difference > 0 ? "+" : difference < 0 ? "−" : ""}${Math.abs(difference).toFixed(2)} ★`;
  const tone = direction === "flat" || goodWhen === "neutral" ? "neutral" : (direction === "up") === (goodWhen === "up") ? "good" : "bad";
  return {
    text,
    direction,
    tone,
    description:
      direction === "flat" ? `unchanged from ${formatRating(a)}` : `${direction} ${text.replace(/^[+−]/, "")} from ${formatRating(a)}`,
  };
}

/** B against A, figure by figure. */
export function compareVersions(a: PromptVersionRow, b: PromptVersionRow): VersionDelta[] {
  return SPECS.map((spec) => {
    const valueA = spec.value(a);
    const valueB = spec.value(b);
    const change =
      spec.kind === "rating"
        ? ratingDelta(valueA, valueB, spec.goodWhen)
        : kpiDelta(valueB, valueA, { goodWhen: spec.goodWhen, kind: spec.kind, formatPrevious: (value) => spec.format(value) });
    const text = (row: PromptVersionRow, value: number | null) => (spec.text ? spec.text(row) : spec.format(value));
    return {
      key: spec.key,
      label: spec.label,
      a: text(a, valueA),
      b: text(b, valueB),
      change,
      ...(spec.description ? { description: spec.description } : {}),
    };
  });
}

/** Below this many runs (or rated runs, for the rating) a difference is mostly noise. */
export const FEW_RUNS = 30;
export const FEW_RATINGS = 10;

/** Sentences warning that a side has too few runs or ratings to trust the comparison. */
export function sampleWarnings(a: PromptVersionRow, b: PromptVersionRow): string[] {
  const warnings: string[] = [];
  for (const row of [a, b]) {
    if (row.requests === 0) warnings.push(`${row.version} has no runs in this range.`);
    else if (row.requests < FEW_RUNS)
      warnings.push(`${row.version} has only ${formatCount(row.requests)} run${row.requests === 1 ? "" : "s"}: differences may be noise.`);
    else if (row.ratedRuns > 0 && row.ratedRuns < FEW_RATINGS)
      warnings.push(`${row.version} has ${row.ratedRuns} rated run${row.ratedRuns === 1 ? "" : "s"}: its average rating is rough.`);
  }
  return warnings;
}

/** "v3 costs 12.0% less per run than v2, with success rate +1.0 pp and rating +0.20 ★." */
export function comparisonVerdict(a: PromptVersionRow, b: PromptVersionRow): string | null {
  if (a.requests === 0 || b.requests === 0) return null;
  const deltas = Object.fromEntries(compareVersions(a, b).map((delta) => [delta.key, delta.change]));
  const cost = deltas["costPer1kRuns"]!;
  const success = deltas["successRate"]!;
  const rating = deltas["avgRating"]!;
  const costText =
    cost.text === null
      ? "costs the same per run as"
      : cost.direction === "flat"
        ? "costs about the same per run as"
        : `costs ${cost.text.replace(/^[+−]/, "")} ${cost.direction === "down" ? "less" : "more"} per run than`;
  const quality = [
    success.text && `success rate ${success.direction === "flat" ? "unchanged" : success.text}`,
    rating.text && `rating ${rating.direction === "flat" ? "unchanged" : rating.text}`,
  ].filter(Boolean);
  return `${b.version} ${costText} ${a.version}${quality.length > 0 ? `, with ${quality.join(" and ")}` : ""}.`;
}
