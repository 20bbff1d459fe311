// One headline number with its change against the previous period. The change is coloured by what is
// good for the metric: cost up is red, success rate up is green (see lib/kpi.ts).
import { Card } from "@tremor/react";
import { kpiDelta, type ChangeKind, type GoodWhen } from "../lib/kpi.ts";
import { ArrowDownIcon, ArrowUpIcon } from "./icons.tsx";

export interface KpiCardProps {
  title: string;
  value: number | null | undefined;
  /** The same figure for the previous period; omit to show no change. */
  previous?: number | null | undefined;
  format: (value: number | null | undefined) => string;
  /** Which direction is good. @default "up" */
  goodWhen?: GoodWhen;
  /** "points" for rates (success rate, error rate): the difference in percentage points. @default "relative" */
  changeKind?: ChangeKind;
  /** Small text under the value, e.g. "p95 over 1,234 runs". */
  hint?: string;
  /** What the figure counts: a tooltip on the title. */
  description?: string;
  loading?: boolean;
  className?: string;
}

const TONES = {
  good: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  bad: "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300",
  neutral:
    "bg-tremor-background-subtle text-tremor-content-emphasis dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content-emphasis",
} as const;

export function KpiCard({
  title,
  value,
  previous,
  format,
  goodWhen = "up",
  changeKind = "relative",
  hint,
  description,
  loading = false,
  className = "",
}: KpiCardProps) {
  const delta =
    previous === undefined ? null : kpiDelta(value, previous, { goodWhen, kind: changeKind, formatPrevious: (number) => format(number) });
  return (
    <Card className={`p-4 ${className}`} aria-busy={loading}>
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content" title={description}>
        {title}
      </p>
      {loading ? (
        <div
          className="mt-2 h-8 w-24 animate-pulse rounded bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle"
          aria-hidden="true"
        />
      ) : (
        <div className="mt-1 flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <p className="text-2xl font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">
            {format(value)}
          </p>
          {delta?.text && (
            <span
              className={`inline-flex items-center gap-0.5 rounded-tremor-small px-1.5 py-0.5 text-xs font-medium tabular-nums ${TONES[delta.tone]}`}
              title="Change against the previous period"
            >
              {delta.direction === "up" ? <ArrowUpIcon /> : delta.direction === "down" ? <ArrowDownIcon /> : null}
              <span aria-hidden="true">{delta.text}</span>
              <span className="sr-only">{`${delta.description ?? ""} in the previous period`}</span>
            </span>
          )}
        </div>
      )}
      {hint && <p className="mt-1 text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle">{hint}</p>}
    </Card>
  );
}
