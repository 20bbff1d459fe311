// The overview's charts as rows a chart draws and a screen reader reads: a trend's buckets labelled
// for its granularity, and cost by model as shares with the rest folded into "Other models".
import type { CostsResponse, TrendsResponse } from "../../api/types.ts";
import { formatBucket } from "../../lib/format.ts";
import type { SummaryPoint } from "../../lib/chart-summary.ts";

/** The total series of a trend as labelled points (null stays null: a gap, not a zero). */
export function trendPoints(answer: TrendsResponse): SummaryPoint[] {
  const series = answer.series.find((candidate) => candidate.kind === "total") ?? answer.series[0];
  return (series?.points ?? []).map((point) => ({ label: formatBucket(point.bucket, answer.meta.granularity), value: point.value }));
}

/** Chart rows `{ [index]: label, [category]: value }` for Tremor's AreaChart / BarChart. */
export function chartRows(points: readonly SummaryPoint[], category: string): Record<string, string | number | null>[] {
  return points.map((point) => ({ period: point.label, [category]: point.value }));
}

export interface CostShare {
  /** The model, "" for runs without one; null for the folded rest. */
  key: string | null;
  label: string;
  costUsd: number;
  /** 0..1 of the range's total; null when the total is 0. */
  share: number | null;
  requests: number | null;
}

/** Each listed model's cost and share, largest first, then "Other models" when the list was cut. */
export function costShares(answer: CostsResponse): CostShare[] {
  const shares: CostShare[] = answer.groups.map((group) => ({
    key: group.key,
    label: group.key === "" ? "(no model)" : group.key,
    costUsd: group.costUsd,
    share: group.share,
    requests: group.requests,
  }));
  const other = answer.otherCostUsd ?? 0;
  if (answer.truncated && other > 0) {
    shares.push({
      key: null,
      label: "Other models",
      costUsd: other,
      share: answer.totalCostUsd > 0 ? other / answer.totalCostUsd : null,
      requests: null,
    });
  }
  return shares;
}
