// Time series out of bucketed figure rows: one point per bucket of the plan, zero-filled (counts 0,
// rates and averages null), labelled with the bucket's start in the caller's zone.
import { fillBuckets } from "./buckets.ts";
import { toFigures, type Figures } from "./figures.ts";
import type { Plan } from "./normalise.ts";
import type { FigureRow } from "./read-figures.ts";
import { formatInZone } from "./time-zone.ts";

/** Figures for every bucket of the plan, in order, for the rows that `belongs` picks. */
export function bucketFigures(
  plan: Plan,
  rows: readonly FigureRow[],
  belongs: (row: FigureRow) => boolean = () => true,
): { bucket: string; figures: Figures }[] {
  const byBucket = new Map<number, Figures>();
  for (const row of rows) if (row.bucket !== undefined && belongs(row)) byBucket.set(row.bucket, row.figures);
  return fillBuckets(plan.buckets, byBucket, (figures, start) => ({
    bucket: formatInZone(start, plan.timeZone.canonical),
    figures: figures ?? toFigures(undefined, undefined),
  }));
}
