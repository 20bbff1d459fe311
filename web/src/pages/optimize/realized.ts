// What an applied suggestion's "realized" section says: its subject's cost per run, success and rating
// before the apply and since, and the realized monthly saving, or that it is still being measured.
import type { RealizedSavings } from "../../api/types.ts";
import { formatCount, formatPercent, formatRating } from "../../lib/format.ts";
import { formatUsdCents, formatUsdExact, formatUsdPerRun, usdNumber } from "../../lib/usd-decimal.ts";

export interface RealizedRow {
  label: string;
  before: string;
  since: string;
  /** Exact figures for tooltips (money). */
  beforeExact?: string;
  sinceExact?: string;
}

export type RealizedOutcome =
  | { state: "measured"; monthlySavingsUsd: string; text: string; exact: string }
  /** No runs since the apply (or none before it) yet: nothing to compare. */
  | { state: "measuring"; text: string };

export function realizedRows(realized: RealizedSavings): RealizedRow[] {
  const { before, since } = realized;
  const money = (value: string | null) => (value === null ? "–" : formatUsdPerRun(usdNumber(value)));
  return [
    { label: "Runs", before: formatCount(before.runs), since: formatCount(since.runs) },
    {
      label: "Cost per run",
      before: money(before.costPerRunUsd),
      since: money(since.costPerRunUsd),
      ...(before.costPerRunUsd === null ? {} : { beforeExact: formatUsdExact(before.costPerRunUsd) }),
      ...(since.costPerRunUsd === null ? {} : { sinceExact: formatUsdExact(since.costPerRunUsd) }),
    },
    { label: "Success rate", before: formatPercent(before.successRate), since: formatPercent(since.successRate) },
    { label: "Mean rating", before: formatRating(before.meanRating), since: formatRating(since.meanRating) },
  ];
}

export function realizedOutcome(realized: RealizedSavings): RealizedOutcome {
  if (realized.monthlySavingsUsd === null) {
    return {
      state: "measuring",
      text:
        realized.since.runs === 0
          ? "Measuring: no runs since the apply yet."
          : "Measuring: there were no runs in the window before the apply to compare with.",
    };
  }
  return {
    state: "measured",
    monthlySavingsUsd: realized.monthlySavingsUsd,
    text: formatUsdCents(realized.monthlySavingsUsd),
    exact: formatUsdExact(realized.monthlySavingsUsd),
  };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function duration(ms: number): string {
  if (ms < HOUR_MS) {
    const minutes = Math.max(1, Math.round(ms / MINUTE_MS));
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  if (ms < DAY_MS) {
    const hours = Math.round(ms / HOUR_MS);
    return hours === 1 ? "1 hour" : `${hours} hours`;
  }
  const days = Math.round(ms / DAY_MS);
  return days === 1 ? "1 day" : `${days} days`;
}

/**
 * What the realized figure rests on: "4 runs in the 3 minutes since the apply". Early (less than a day) the
 * API still scales it to a month, so a few runs make a large, unsteady figure: the card says so.
 */
export function realizedBasis(realized: RealizedSavings): { text: string; early: boolean } {
  const ms = Math.max(0, Date.parse(realized.since.to) - Date.parse(realized.since.from));
  const runs = realized.since.runs;
  return {
    text: `${formatCount(runs)} ${runs === 1 ? "run" : "runs"} in the ${duration(ms)} since the apply`,
    early: ms < DAY_MS,
  };
}
