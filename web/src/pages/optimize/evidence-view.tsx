// A suggestion's evidence on its card: a small table of the figures, and for a switch between two models
// (`from` and `to` sides) the two compared in small bar charts, one per figure, with the table as their
// text version. Every value is rendered as text (model names and prompts come from the project's own data).
import { BarChart } from "@tremor/react";
import type { Suggestion } from "../../api/types.ts";
import { describeTest, evidenceView, intervalPlot, type ComparedMetric, type Comparison, type EvidenceRow } from "./evidence.ts";

const FROM_COLOR = "slate";
const TO_COLOR = "emerald";

const cell = "px-2 py-1.5 align-top";
const wrap = "break-words [overflow-wrap:anywhere]";

export function EvidenceView({ suggestion }: { suggestion: Pick<Suggestion, "evidence" | "evidenceKind" | "windowDays"> }) {
  const view = evidenceView(suggestion);
  return (
    <div className="space-y-4">
      {view.layout === "comparison" && <ComparisonView comparison={view.comparison} />}
      {view.rows.length > 0 && <FiguresTable rows={view.rows} caption="Evidence" />}
      {view.layout === "table" && view.rows.length === 0 && (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">This suggestion carries no figures.</p>
      )}
    </div>
  );
}

function FiguresTable({ rows, caption }: { rows: readonly EvidenceRow[]; caption: string }) {
  return (
    <table className="w-full max-w-2xl table-fixed text-tremor-default">
      <caption className="sr-only">{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-tremor-border last:border-0 dark:border-dark-tremor-border">
            <th
              scope="row"
              className={`${cell} w-2/5 text-left font-normal text-tremor-content dark:text-dark-tremor-content sm:w-1/3 ${wrap}`}
            >
              {row.label}
            </th>
            <td dir="auto" className={`${cell} tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong ${wrap}`}>
              <span title={row.exact}>{row.value}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ComparisonView({ comparison }: { comparison: Comparison }) {
  const charted = comparison.metrics.filter((metric) => metric.from !== null && metric.to !== null);
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        <Swatch color="bg-slate-500" label="Current" name={comparison.fromLabel} />
        <Swatch color="bg-emerald-500" label="Suggested" name={comparison.toLabel} />
      </p>
      {charted.length > 0 && (
        <div
          role="img"
          aria-label={charted
            .map((metric) => `${metric.label}: ${metric.fromText} on the current model, ${metric.toText} on the suggested one`)
            .join("; ")}
          className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3"
        >
          {charted.map((metric) => (
            <MetricChart key={metric.name} metric={metric} />
          ))}
        </div>
      )}
      <div className="overflow-x-auto">
        <table className="w-full table-fixed text-tremor-default">
          <caption className="sr-only">The current and the suggested model compared</caption>
          <thead>
            <tr className="border-b border-tremor-border text-left text-tremor-content dark:border-dark-tremor-border dark:text-dark-tremor-content">
              <th scope="col" className={`${cell} w-1/3 font-medium`}>
                Figure
              </th>
              <th scope="col" className={`${cell} font-medium ${wrap}`}>
                <span className="sr-only">Current: </span>
                <bdi>{comparison.fromLabel}</bdi>
              </th>
              <th scope="col" className={`${cell} font-medium ${wrap}`}>
                <span className="sr-only">Suggested: </span>
                <bdi>{comparison.toLabel}</bdi>
              </th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.key} className="border-b border-tremor-border last:border-0 dark:border-dark-tremor-border">
                <th scope="row" className={`${cell} text-left font-normal text-tremor-content dark:text-dark-tremor-content ${wrap}`}>
                  {row.label}
                </th>
                <td dir="auto" className={`${cell} tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong ${wrap}`}>
                  <span title={row.fromExact}>{row.from}</span>
                </td>
                <td dir="auto" className={`${cell} tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong ${wrap}`}>
                  <span title={row.toExact}>{row.to}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {comparison.metrics.some((metric) => metric.test) && (
        <ul className="space-y-0.5 text-xs text-tremor-content dark:text-dark-tremor-content" aria-label="Tests of the difference">
          {comparison.metrics
            .filter((metric) => metric.test)
            .map((metric) => (
              <li key={metric.name}>{describeTest(metric)}</li>
            ))}
        </ul>
      )}
    </div>
  );
}

function Swatch({ color, label, name }: { color: string; label: string; name: string }) {
  return (
    <span className="inline-flex min-w-0 max-w-full items-center gap-1.5">
      <span className={`h-2.5 w-2.5 shrink-0 rounded-sm ${color}`} aria-hidden="true" />
      <span className="shrink-0">{label}:</span>
      <bdi className="min-w-0 truncate font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong" title={name}>
        {name}
      </bdi>
    </span>
  );
}

/** Two bars, current and suggested, for one figure; the values and any intervals as text below. */
function MetricChart({ metric }: { metric: ComparedMetric }) {
  const format = (value: number) => metric.format(value);
  return (
    <div className="min-w-0 rounded-tremor-small border border-tremor-border p-2 dark:border-dark-tremor-border" aria-hidden="true">
      <p className="text-xs font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
        {metric.label} <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({metric.better} is better)</span>
      </p>
      <BarChart
        className="mt-1 h-24"
        data={[{ figure: metric.label, Current: metric.from, Suggested: metric.to }]}
        index="figure"
        categories={["Current", "Suggested"]}
        colors={[FROM_COLOR, TO_COLOR]}
        layout="vertical"
        valueFormatter={format}
        showLegend={false}
        showYAxis={false}
        showXAxis={false}
        showGridLines={false}
        showAnimation={false}
        showTooltip={false}
        minValue={0}
      />
      <IntervalStrip metric={metric} />
      <p className="mt-1 text-xs tabular-nums text-tremor-content dark:text-dark-tremor-content">
        <span className="text-slate-600 dark:text-slate-300">{metric.fromText}</span>
        {" → "}
        <span className="text-emerald-700 dark:text-emerald-300">{metric.toText}</span>
      </p>
    </div>
  );
}

/** Each side's 95% interval as a whisker with its value as a dot, on an axis zoomed to them. */
function IntervalStrip({ metric }: { metric: ComparedMetric }) {
  const plot = intervalPlot(metric);
  if (!plot) return null;
  const tones = { from: "bg-slate-500", to: "bg-emerald-500" } as const;
  return (
    <div className="mt-1" data-testid="interval-strip">
      {plot.sides.map(({ side, value, interval, at }) => (
        <div key={side} className="relative h-3">
          {interval && (
            <span
              className={`absolute top-1/2 h-0.5 -translate-y-1/2 ${tones[side]}`}
              style={{ left: `${at(interval.low)}%`, width: `${Math.max(0.5, at(interval.high) - at(interval.low))}%` }}
            />
          )}
          {value !== null && (
            <span
              className={`absolute top-1/2 h-2 w-2 -translate-x-1/2 -translate-y-1/2 rounded-full ring-2 ring-white dark:ring-gray-900 ${tones[side]}`}
              style={{ left: `${at(value)}%` }}
            />
          )}
        </div>
      ))}
      <div className="flex justify-between text-[10px] tabular-nums text-tremor-content-subtle dark:text-dark-tremor-content-subtle">
        <span>{metric.format(plot.min)}</span>
        <span>95% intervals</span>
        <span>{metric.format(plot.max)}</span>
      </div>
    </div>
  );
}
