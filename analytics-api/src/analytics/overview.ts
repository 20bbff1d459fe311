// GET /overview: the range's figures and the same figures for the period of equal length before it.
import type { Store } from "@promptmetrics/clickhouse";
import type { Figures } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import type { Plan } from "./normalise.ts";
import { readFiguresBatch, totalsOf } from "./read-figures.ts";
import { previousPeriod } from "./time-range.ts";

export interface OverviewResponse {
  meta: Meta;
  totals: Figures;
  previous: Figures;
  /** The previous period: [from, to) with to = meta.from. */
  previousRange: { from: string; to: string };
}

export async function answerOverview(store: Store, plan: Plan, signal?: AbortSignal): Promise<OverviewResponse> {
  const range = previousPeriod(plan.range);
  // Both periods in one query (and their feedback in one more): see readFiguresBatch.
  const [current, previous] = await readFiguresBatch(store, plan, [{ signal }, { range, signal }]);
  return {
    meta: buildMeta(plan, [current!.source, previous!.source]),
    totals: totalsOf(current!.rows),
    previous: totalsOf(previous!.rows),
    previousRange: { from: range.from.toISOString(), to: range.to.toISOString() },
  };
}
