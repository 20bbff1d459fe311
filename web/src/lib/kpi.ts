// How a KPI's change against the previous period reads: the number (relative %, or percentage points
// for rates), its direction, and whether that direction is good for this metric (cost up is bad,
// success rate up is good).
import { change, formatPoints, formatSignedPercent } from "./format.ts";

export type GoodWhen = "up" | "down" | "neutral";
export type ChangeKind = "relative" | "points";

const MAX_SHOWN_CHANGE = 9.99;

export interface KpiDelta {
  /** "+12.0%", "−1.5 pp"; null when there is nothing to compare. */
  text: string | null;
  direction: "up" | "down" | "flat";
  tone: "good" | "bad" | "neutral";
  /** For screen readers: "up 12.0% from $1.20". */
  description: string | null;
}

export function kpiDelta(
  current: number | null | undefined,
  previous: number | null | undefined,
  { goodWhen, kind = "relative", formatPrevious }: { goodWhen: GoodWhen; kind?: ChangeKind; formatPrevious?: (value: number) => string },
): KpiDelta {
  const none: KpiDelta = { text: null, direction: "flat", tone: "neutral", description: null };
  if (current === null || current === undefined || previous === null || previous === undefined) return none;
  const value = kind === "points" ? current - previous : change(current, previous);
  if (value === null || !Number.isFinite(value)) return none;
  // Below 0.05% (or 0.05 pp) reads as no change.
  const direction = Math.abs(value) < 0.0005 ? "flat" : value > 0 ? "up" : "down";
  const tone = direction === "flat" || goodWhen === "neutral" ? "neutral" : (direction === "up") === (goodWhen === "up") ? "good" : "bad";
  // From almost nothing, a percentage stops meaning anything (+184000%): cap what is shown.
  const text = kind === "points" ? formatPoints(value) : value > MAX_SHOWN_CHANGE ? ">+999%" : formatSignedPercent(value);
  const from = formatPrevious ? ` from ${formatPrevious(previous)}` : "";
  const description =
    direction === "flat"
      ? `unchanged${from}`
      : `${direction} ${text.replace(/^>?[+−]/, value > MAX_SHOWN_CHANGE ? "more than " : "")}${from}`;
  return { text, direction, tone, description };
}
