// A card for the wide tables of the analytics pages: tighter cells than Tremor's default, so a dozen
// columns fit a laptop screen, and the first column (the row's name) stays in view while the table
// scrolls sideways on a phone.
import { Card } from "@tremor/react";
import { formatCount, formatRating } from "../lib/format.ts";
import { describeQuality, QUALITY_DESCRIPTION, type QualityFigures } from "../lib/quality-figure.ts";
import type { ReactNode } from "react";

// Headers, not the numbers, made the columns wide: they may wrap ("Per 1k / req"), and the space
// DataTable keeps for the sort arrow of unsorted columns (an invisible .opacity-0 icon) is dropped.
const DENSE = "[&_td]:px-2 [&_th]:px-2 [&_th]:whitespace-normal [&_th]:align-bottom [&_th_.opacity-0]:hidden";
const STICKY_FIRST =
  "[&_tr>*:first-child]:sticky [&_tr>*:first-child]:left-0 [&_tr>*:first-child]:z-[1] [&_tr>*:first-child]:bg-tremor-background dark:[&_tr>*:first-child]:bg-dark-tremor-background";

export function AnalyticsTableCard({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <Card className={`p-4 ${DENSE} ${STICKY_FIRST} ${className}`}>{children}</Card>;
}

/** An average rating with how many runs it stands on, the count on a second line to keep the column narrow. */
export function RatingCell({ rating, ratedRuns }: { rating: number | null; ratedRuns: number }) {
  return (
    <>
      {formatRating(rating)}
      {ratedRuns > 0 && (
        <div className="text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle">{formatCount(ratedRuns)} rated</div>
      )}
    </>
  );
}

/**
 * Heuristic quality as a rate, "Not known" when the runs' quality was never counted, and the runs it rests
 * on on a second line when that is only part of them (the reason in the tooltip).
 */
export function QualityCell({ figures }: { figures: QualityFigures }) {
  const { text, detail, note } = describeQuality(figures);
  return (
    <>
      <span title={note ?? undefined}>{text}</span>
      {detail && <div className="text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle">{detail}</div>}
    </>
  );
}

/** The quality column of the analytics tables, beside success rate: sorted by the rate, the heuristics in the header's tooltip. */
export function qualityColumn<Row extends QualityFigures>() {
  return {
    key: "qualityRate",
    header: "Quality",
    description: QUALITY_DESCRIPTION,
    value: (row: Row) => row.qualityRate,
    format: (_value: unknown, row: Row) => <QualityCell figures={row} />,
    align: "right" as const,
  };
}
