// Models side by side: volume, cost and unit costs, latency, errors, success and ratings, sortable,
// with a savings hint (the cheapest model about as successful as the best) and cost against success
// as a chart.
import { Card, ScatterChart } from "@tremor/react";
import { useMemo } from "react";
import { analyticsExportUrl, getModels } from "../api/analytics.ts";
import type { ModelRow } from "../api/types.ts";
import { NoRunsState } from "../components/analytics-empty.tsx";
import { AnalyticsTableCard, qualityColumn, RatingCell } from "../components/analytics-table-card.tsx";
import { ChartFrame } from "../components/chart-frame.tsx";
import { DataTable, type Column } from "../components/data-table.tsx";
import { DateRangeBar } from "../components/date-range-bar.tsx";
import { FilterBar } from "../components/filter-bar.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { AsyncContent, LoadingState } from "../components/states.tsx";
import { formatCount, formatMs, formatPercent, formatUsd } from "../lib/format.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi } from "../lib/use-api.ts";
import { modelKey, pickSavingsHint, type SavingsHint } from "./models/savings-hint.ts";

const LIMIT = 200;
const TOLERANCE = 0.02;
const MIN_REQUESTS = 50;

const num = (format: (value: number | null | undefined) => string) => (value: unknown) => format(typeof value === "number" ? value : null);

export default function ModelsPage() {
  const { query } = useAnalyticsQuery();
  const { granularity: _granularity, ...rangeQuery } = query;
  const key = JSON.stringify(rangeQuery);
  const models = useApi((signal) => getModels({ ...rangeQuery, limit: LIMIT }, signal), [key]);

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model you call, side by side: what it costs, how fast it answers and how often it works."
        actions={<DateRangeBar granularity={false} />}
      >
        <FilterBar />
      </PageHeader>
      <AsyncContent
        state={models}
        isEmpty={(data) => data.models.length === 0}
        empty={
          <Card>
            <NoRunsState />
          </Card>
        }
        loading={
          <Card>
            <LoadingState rows={8} label="Loading models…" />
          </Card>
        }
      >
        {(data) => (
          <ModelsView
            rows={data.models}
            loading={models.loading}
            exportHref={analyticsExportUrl("models", { ...rangeQuery, limit: LIMIT })}
          />
        )}
      </AsyncContent>
    </>
  );
}

function ModelsView({ rows, loading, exportHref }: { rows: readonly ModelRow[]; loading: boolean; exportHref: string }) {
  const hint = useMemo(() => pickSavingsHint(rows, { tolerance: TOLERANCE, minRequests: MIN_REQUESTS }), [rows]);
  const columns = useMemo(() => modelColumns(hint), [hint]);
  return (
    <div className="space-y-6">
      {hint && <SavingsNote hint={hint} />}
      <AnalyticsTableCard>
        <DataTable
          label="Models compared"
          rows={rows}
          rowKey={modelKey}
          columns={columns}
          initialSort={{ key: "costUsd", direction: "desc" }}
          exportHref={exportHref}
          toolbar={
            <span className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              {rows.length} {rows.length === 1 ? "model" : "models"} · click a header to sort
            </span>
          }
          loading={loading}
        />
      </AnalyticsTableCard>
      <CostVersusSuccess rows={rows} />
    </div>
  );
}

function Tag({ tone, children }: { tone: "emerald" | "indigo"; children: string }) {
  const tones = {
    emerald: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
    indigo: "bg-tremor-brand-faint text-tremor-brand-emphasis dark:bg-dark-tremor-brand-muted dark:text-dark-tremor-brand-emphasis",
  };
  return (
    <span className={`mt-1 block w-fit whitespace-nowrap rounded-tremor-small px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

function modelColumns(hint: SavingsHint | null): Column<ModelRow>[] {
  const savings = hint?.kind === "cheaper" ? modelKey(hint.cheaper) : undefined;
  const best = hint ? modelKey(hint.best) : undefined;
  return [
    {
      key: "model",
      header: "Model",
      value: (row) => row.model,
      format: (_value, row) => (
        <div>
          <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{row.model || "(no model)"}</span>
          <div className="text-xs text-tremor-content dark:text-dark-tremor-content">{row.provider || "unknown provider"}</div>
          {modelKey(row) === best && <Tag tone="indigo">{hint?.kind === "best-is-cheapest" ? "Best & cheapest" : "Best success"}</Tag>}
          {modelKey(row) === savings && <Tag tone="emerald">Savings pick</Tag>}
        </div>
      ),
    },
    { key: "requests", header: "Requests", value: (row) => row.requests, format: num(formatCount), align: "right" },
    { key: "costUsd", header: "Cost", value: (row) => row.costUsd, format: num(formatUsd), align: "right" },
    {
      key: "costPer1kRequests",
      header: "Per\u00a01k req",
      description: "Cost per 1,000 requests",
      value: (row) => row.costPer1kRequests,
      format: num(formatUsd),
      align: "right",
    },
    {
      key: "costPer1MTokens",
      header: "Per\u00a01M tok",
      description: "Cost per 1,000,000 tokens (input + output)",
      value: (row) => row.costPer1MTokens,
      format: num(formatUsd),
      align: "right",
    },
    {
      key: "tokensPerRequest",
      header: "Tok / req",
      description: "Tokens (input + output) per request",
      value: (row) => row.tokensPerRequest,
      format: num(formatCount),
      align: "right",
    },
    {
      key: "p50LatencyMs",
      header: "p50",
      description: "Median latency",
      value: (row) => row.p50LatencyMs,
      format: num(formatMs),
      align: "right",
    },
    {
      key: "p95LatencyMs",
      header: "p95",
      description: "95th percentile latency",
      value: (row) => row.p95LatencyMs,
      format: num(formatMs),
      align: "right",
    },
    {
      key: "avgTtftMs",
      header: "TTFT",
      description: "Average time to first token, over streamed calls",
      value: (row) => row.avgTtftMs,
      format: num(formatMs),
      align: "right",
    },
    {
      key: "errorRate",
      header: "Errors",
      description: "Share of requests that failed",
      value: (row) => row.errorRate,
      format: num(formatPercent),
      align: "right",
    },
    {
      key: "successRate",
      header: "Success",
      description: "Share of runs that succeeded: the feedback's verdict, else the run's status",
      value: (row) => row.successRate,
      format: num(formatPercent),
      align: "right",
    },
    qualityColumn(),
    {
      key: "avgRating",
      header: "Rating",
      description: "Average rating (1–5) over rated runs",
      value: (row) => row.avgRating,
      format: (value, row) => <RatingCell rating={typeof value === "number" ? value : null} ratedRuns={row.ratedRuns} />,
      align: "right",
    },
  ];
}

function SavingsNote({ hint }: { hint: SavingsHint }) {
  const among = `Among models with at least ${MIN_REQUESTS} runs and a known price in this range.`;
  return (
    <aside
      aria-label="Savings hint"
      className="rounded-tremor-default border border-emerald-200 bg-emerald-50 p-4 text-tremor-default text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100"
    >
      {hint.kind === "cheaper" ? (
        <p>
          <strong className="font-semibold">Savings hint: {hint.cheaper.model}</strong> succeeds on{" "}
          {formatPercent(hint.cheaper.successRate)} of runs, within {Math.round(TOLERANCE * 100)} points of the best ({hint.best.model},{" "}
          {formatPercent(hint.best.successRate)}), at {formatUsd(hint.cheaper.costPer1kRequests)} per 1k requests against{" "}
          {formatUsd(hint.best.costPer1kRequests)}:{" "}
          <strong className="font-semibold">{formatRatio(hint.costRatio)} cheaper per request</strong>.
        </p>
      ) : (
        <p>
          <strong className="font-semibold">{hint.best.model}</strong> has both the best success rate (
          {formatPercent(hint.best.successRate)}) and the lowest cost per request ({formatUsd(hint.best.costPer1kRequests)} per 1k, next is{" "}
          {hint.runnerUp.model} at {formatUsd(hint.runnerUp.costPer1kRequests)}).
        </p>
      )}
      <p className="mt-1 text-xs text-emerald-800 dark:text-emerald-200">
        {among} Models may serve different tasks: before switching, compare them on the same prompt (add a Prompt filter).
      </p>
    </aside>
  );
}

/** 2.4×, 12× */
function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`;
}

const SCATTER_COLORS = ["indigo", "cyan", "amber", "emerald", "rose", "violet", "sky", "lime", "fuchsia", "orange"];

/** Each model as a bubble: cost per 1k requests across, success rate up, size by requests. */
function CostVersusSuccess({ rows }: { rows: readonly ModelRow[] }) {
  const points = rows
    .filter((row) => row.costPer1kRequests !== null && row.successRate !== null && row.costUsd > 0)
    .slice(0, SCATTER_COLORS.length)
    .map((row) => ({
      model: row.model,
      "Cost per 1k requests": row.costPer1kRequests!,
      "Success rate": row.successRate! * 100,
      Requests: row.requests,
    }));
  if (points.length < 2) return null;
  // Room around the extremes, so the biggest bubbles are not cut at the edges of the plot.
  const costs = points.map((point) => point["Cost per 1k requests"]);
  const rates = points.map((point) => point["Success rate"]);
  const yPad = Math.max(0.5, (Math.max(...rates) - Math.min(...rates)) * 0.15);
  const summary = points
    .map(
      (point) =>
        `${point.model}: ${formatUsd(point["Cost per 1k requests"])} per 1k requests, ${point["Success rate"].toFixed(1)}% success, ${formatCount(point.Requests)} requests`,
    )
    .join("; ");
  return (
    <ChartFrame
      // The hidden data table is absolutely placed; the card (positioned) clips it so it adds no scroll.
      className="overflow-hidden"
      title="Cost against success"
      subtitle="Cheaper is further left, more successful is higher; bubble size is the number of requests."
      summary={`${summary}.`}
      table={{
        columns: ["Model", "Cost per 1k requests", "Success rate", "Requests"],
        rows: points.map((point) => [
          point.model,
          formatUsd(point["Cost per 1k requests"]),
          `${point["Success rate"].toFixed(1)}%`,
          formatCount(point.Requests),
        ]),
      }}
    >
      <ScatterChart
        className="h-72"
        data={points}
        category="model"
        x="Cost per 1k requests"
        y="Success rate"
        size="Requests"
        colors={SCATTER_COLORS.slice(0, points.length)}
        valueFormatter={{
          x: (value: number) => formatUsd(value),
          y: (value: number) => `${value.toFixed(1)}%`,
          size: (value: number) => `${formatCount(value)} requests`,
        }}
        showAnimation={false}
        minXValue={0}
        maxXValue={niceCeiling(Math.max(...costs) * 1.12)}
        minYValue={Math.max(0, Math.floor(Math.min(...rates) - yPad))}
        maxYValue={Math.min(100, Math.ceil(Math.max(...rates) + yPad))}
        yAxisWidth={56}
        intervalType="preserveStartEnd"
        showOpacity
        enableLegendSlider
      />
    </ChartFrame>
  );
}

/** 23.4 → 25, 0.41 → 0.5: an axis end a person reads easily. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= value) ?? 10;
  return step * magnitude;
}
