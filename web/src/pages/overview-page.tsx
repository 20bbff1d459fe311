// The overview: the range's headline figures against the period before, what the optimization engine's
// suggestions would save, cost and requests over time, and where the money goes by model. The figures' and
// charts' requests start together (on a first load from index.html, before this chunk has loaded: see
// first-load.ts); the cards show as soon as the overview answers and each chart fills in when its own
// answer arrives. The savings card asks after them.
import { AreaChart, BarChart, Card, DonutChart } from "@tremor/react";
import { memo, useCallback, useMemo, type ReactNode } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import type { AnalyticsQuery } from "../api/analytics.ts";
import type { CostsResponse, Granularity, TrendsResponse } from "../api/types.ts";
import { NoRunsState } from "../components/analytics-empty.tsx";
import { ChartFrame } from "../components/chart-frame.tsx";
import { DateRangeBar } from "../components/date-range-bar.tsx";
import { FilterBar } from "../components/filter-bar.tsx";
import { KpiCard } from "../components/kpi-card.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ErrorState, LoadingState } from "../components/states.tsx";
import { describeRange } from "../lib/analytics-query.ts";
import { summarizeBreakdown, summarizeSeries } from "../lib/chart-summary.ts";
import { formatCount, formatPercent, formatUsd } from "../lib/format.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi, type ApiState } from "../lib/use-api.ts";
import { chartRows, costShares, trendPoints, type CostShare } from "./overview/chart-data.ts";
import { buildKpis, describePrevious, emptyFigures } from "./overview/kpis.ts";
import { PotentialSavingsCard } from "./overview/potential-savings-card.tsx";
import { type MODELS_SHOWN, overviewReads, rangeOf } from "./overview/reads.ts";

/** Tremor colour names for the model shares, in order, one per model shown; "Other models" gets OTHER_COLOR. */
const SHARE_COLORS = ["indigo", "cyan", "amber", "emerald", "rose", "violet"] as const satisfies { length: typeof MODELS_SHOWN };
const OTHER_COLOR = "slate";

const PER: Record<Granularity, string> = { minute: "per minute", hour: "per hour", day: "per day", week: "per week", month: "per month" };

export default function OverviewPage() {
  const { state, query, setFilter } = useAnalyticsQuery();
  // Only the series depend on the bucket size: switching day/week/month must not reload the cards.
  const rangeKey = JSON.stringify(rangeOf(query));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the same range makes the same object
  const rangeQuery = useMemo(() => rangeOf(query), [rangeKey]);
  const seriesKey = JSON.stringify(query);
  const overview = useApi((signal) => overviewReads.figures(query, signal), [rangeKey]);
  const cost = useApi((signal) => overviewReads.cost(query, signal), [seriesKey]);
  const requests = useApi((signal) => overviewReads.requests(query, signal), [seriesKey]);
  const byModel = useApi((signal) => overviewReads.byModel(query, signal), [rangeKey]);

  const answered = (read: Pick<ApiState<unknown>, "data" | "error">) => read.data !== undefined || read.error !== undefined;
  const firstScreenAnswered = [overview, cost, requests, byModel].every(answered);
  const filterModel = useCallback((model: string) => setFilter("model", [model]), [setFilter]);

  const empty = overview.data !== undefined && overview.data.totals.requests === 0;
  const previous = overview.data ? describePrevious(overview.data.previousRange, state.tz) : "";
  const kpis = buildKpis(overview.data ?? { totals: emptyFigures(), previous: emptyFigures() });

  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            {describeRange(state)}
            {previous && (
              <span className="text-tremor-content-subtle dark:text-dark-tremor-content-subtle">
                {overview.data?.previous.requests === 0 ? ` · no runs to compare with in ${previous}` : ` · changes against ${previous}`}
              </span>
            )}
          </>
        }
        actions={<DateRangeBar />}
      >
        <FilterBar />
      </PageHeader>

      {overview.error ? (
        <Card>
          <ErrorState error={overview.error} onRetry={overview.reload} title="Could not load the overview" />
        </Card>
      ) : empty ? (
        <Card>
          <NoRunsState />
        </Card>
      ) : (
        <div className="space-y-6">
          <section
            aria-label="Key figures"
            className={`grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 ${overview.loading && overview.data ? "opacity-60 transition-opacity" : ""}`}
          >
            {kpis.map((kpi, index) => (
              <KpiCard
                key={kpi.key}
                title={kpi.title}
                value={kpi.value}
                previous={kpi.previous}
                format={kpi.format}
                goodWhen={kpi.goodWhen}
                changeKind={kpi.changeKind}
                {...(kpi.hint && overview.data ? { hint: kpi.hint } : {})}
                {...(kpi.description ? { description: kpi.description } : {})}
                loading={overview.data === undefined}
                // Nine cards: three rows of three, or on a phone four rows of two and the last across both.
                className={index === kpis.length - 1 && kpis.length % 2 === 1 ? "col-span-2 sm:col-span-1" : ""}
              />
            ))}
          </section>
          <PotentialSavingsCard projectId={query.projectId} ask={firstScreenAnswered} />
          <div className="grid gap-6 lg:grid-cols-2">
            <TrendCard title="Cost" state={cost} format={formatUsd} color="indigo" kind="area" />
            <TrendCard title="Requests" state={requests} format={formatCount} color="cyan" kind="bar" />
          </div>
          <CostByModel state={byModel} query={rangeQuery} onFilter={filterModel} />
        </div>
      )}
    </>
  );
}

/** A card's title while its chart has no data yet (loading or failed): same height, no jump later. */
function PendingCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <h3 className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h3>
      <div className="mt-4 flex min-h-64 flex-col justify-center">{children}</div>
    </Card>
  );
}

// memo(): each of the page's answers re-renders the page; a chart whose own state did not change is not drawn again.
const TrendCard = memo(function TrendCard({
  title,
  state,
  format,
  color,
  kind,
}: {
  title: string;
  state: ApiState<TrendsResponse>;
  format: (value: number | null | undefined) => string;
  color: string;
  kind: "area" | "bar";
}) {
  const heading = `${title} over time`;
  if (state.error)
    return (
      <PendingCard title={heading}>
        <ErrorState error={state.error} onRetry={state.reload} title={`Could not load ${title.toLowerCase()}`} />
      </PendingCard>
    );
  if (!state.data)
    return (
      <PendingCard title={heading}>
        <LoadingState rows={6} label={`Loading ${title.toLowerCase()} over time…`} />
      </PendingCard>
    );
  const points = trendPoints(state.data);
  const total = points.reduce((sum, point) => sum + (point.value ?? 0), 0);
  const valueFormatter = (value: number) => format(value);
  const chart = {
    data: chartRows(points, title),
    index: "period",
    categories: [title],
    colors: [color],
    valueFormatter,
    showLegend: false,
    showAnimation: false,
    yAxisWidth: 64,
    className: `h-64 transition-opacity ${state.loading ? "opacity-60" : ""}`,
    noDataText: "No runs in this range",
  };
  return (
    <ChartFrame
      // The hidden data table is absolutely placed; the card (positioned) clips it so it adds no scroll.
      className="overflow-hidden"
      title={heading}
      subtitle={
        <span className="tabular-nums">
          {format(total)} in total, {PER[state.data.meta.granularity]}
        </span>
      }
      summary={summarizeSeries(points, valueFormatter)}
      table={{ columns: ["Period", title], rows: points.map((point) => [point.label, format(point.value)]) }}
    >
      {kind === "area" ? <AreaChart {...chart} connectNulls={false} /> : <BarChart {...chart} />}
    </ChartFrame>
  );
});

const CostByModel = memo(function CostByModel({
  state,
  query,
  onFilter,
}: {
  state: ApiState<CostsResponse>;
  query: AnalyticsQuery;
  onFilter: (model: string) => void;
}) {
  const { projectId = "" } = useParams();
  const location = useLocation();
  const title = "Cost by model";
  if (state.error)
    return (
      <PendingCard title={title}>
        <ErrorState error={state.error} onRetry={state.reload} title="Could not load cost by model" />
      </PendingCard>
    );
  if (!state.data)
    return (
      <PendingCard title={title}>
        <LoadingState rows={5} label="Loading cost by model…" />
      </PendingCard>
    );
  const shares = costShares(state.data);
  const colors = shares.map((share, index) => (share.key === null ? OTHER_COLOR : (SHARE_COLORS[index] ?? OTHER_COLOR)));
  const filtered = (query.model?.length ?? 0) > 0;
  return (
    <Card className={`transition-opacity ${state.loading ? "opacity-60" : ""}`}>
      <div className="grid items-center gap-6 md:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <ChartFrame
          card={false}
          title={title}
          subtitle={`${formatUsd(state.data.totalCostUsd)} over ${formatCount(state.data.totalRequests)} requests`}
          summary={summarizeBreakdown(
            shares.map((share) => ({ label: share.label, value: share.costUsd })),
            formatUsd,
          )}
        >
          <DonutChart
            data={shares}
            category="costUsd"
            index="label"
            colors={colors}
            valueFormatter={(value: number) => formatUsd(value)}
            label={formatUsd(state.data.totalCostUsd)}
            showAnimation={false}
            className="mx-auto h-44 w-44"
            noDataText="No cost in this range"
          />
        </ChartFrame>
        <div>
          <ShareList shares={shares} colors={colors} onFilter={filtered ? undefined : onFilter} />
          <p className="mt-4 text-right">
            <Link
              to={`/p/${projectId}/models${location.search}`}
              className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
            >
              Compare models side by side →
            </Link>
          </p>
        </div>
      </div>
    </Card>
  );
});

/** Each model's cost with a bar of its share; a model's name filters the whole view to it. */
function ShareList({
  shares,
  colors,
  onFilter,
}: {
  shares: readonly CostShare[];
  colors: readonly string[];
  onFilter: ((model: string) => void) | undefined;
}) {
  if (shares.length === 0)
    return <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">No cost recorded in this range.</p>;
  return (
    <ul className="space-y-3" aria-label="Cost and share by model">
      {shares.map((share, index) => (
        <li key={share.key ?? "\u0000other"}>
          <div className="flex items-baseline gap-3 text-tremor-default">
            <span className={`h-2.5 w-2.5 shrink-0 rounded-full bg-${colors[index]}-500`} aria-hidden="true" />
            {onFilter && share.key !== null ? (
              <button
                type="button"
                onClick={() => onFilter(share.key!)}
                title={`Show only ${share.label}`}
                aria-label={`Show only ${share.label}`}
                className="min-w-0 flex-1 truncate text-left font-medium text-tremor-content-strong hover:text-tremor-brand hover:underline dark:text-dark-tremor-content-strong dark:hover:text-dark-tremor-brand"
              >
                {share.label}
              </button>
            ) : (
              <span className="min-w-0 flex-1 truncate font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
                {share.label}
              </span>
            )}
            <span className="tabular-nums text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
              {formatUsd(share.costUsd)}
            </span>
            <span className="w-12 text-right tabular-nums text-tremor-content dark:text-dark-tremor-content">
              {formatPercent(share.share, 0)}
            </span>
          </div>
          <div
            className="ml-5 mt-1 h-1.5 rounded-full bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle"
            aria-hidden="true"
          >
            <div
              className={`h-1.5 rounded-full bg-${colors[index]}-500`}
              style={{ width: `${Math.max(1, Math.round((share.share ?? 0) * 100))}%` }}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
