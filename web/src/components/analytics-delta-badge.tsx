// A change (lib/kpi.ts's KpiDelta) as a small coloured badge: green when good for the figure, red
// when bad, grey when neutral or flat; the words for screen readers.
import type { KpiDelta } from "../lib/kpi.ts";
import { ArrowDownIcon, ArrowUpIcon } from "./icons.tsx";

const TONES = {
  good: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  bad: "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300",
  neutral:
    "bg-tremor-background-subtle text-tremor-content-emphasis dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content-emphasis",
} as const;

export function DeltaBadge({ delta, empty = "–" }: { delta: KpiDelta; empty?: string }) {
  if (delta.text === null) return <span className="text-tremor-content-subtle dark:text-dark-tremor-content-subtle">{empty}</span>;
  const flat = delta.direction === "flat";
  return (
    <span
      className={`inline-flex items-center gap-0.5 whitespace-nowrap rounded-tremor-small px-1.5 py-0.5 text-xs font-medium tabular-nums ${TONES[flat ? "neutral" : delta.tone]}`}
    >
      {delta.direction === "up" ? <ArrowUpIcon /> : delta.direction === "down" ? <ArrowDownIcon /> : null}
      <span aria-hidden="true">{flat ? "No change" : delta.text}</span>
      {delta.description && <span className="sr-only">{delta.description}</span>}
    </span>
  );
}
