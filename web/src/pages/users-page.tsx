// Usage and cost by end user (the user id your app puts on each run) and by team member (who owns the
// ingest key or API token that sent the runs), as two sortable tables and one CSV download.
import { Card } from "@tremor/react";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { analyticsExportUrl, getUsers } from "../api/analytics.ts";
import type { Figures, UsersResponse } from "../api/types.ts";
import { NoRunsState } from "../components/analytics-empty.tsx";
import { AnalyticsTableCard, qualityColumn, RatingCell } from "../components/analytics-table-card.tsx";
import { DataTable, type Column } from "../components/data-table.tsx";
import { DateRangeBar } from "../components/date-range-bar.tsx";
import { FilterBar } from "../components/filter-bar.tsx";
import { DownloadIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { AsyncContent, LoadingState } from "../components/states.tsx";
import { isPreset } from "../lib/analytics-query.ts";
import { formatCount, formatMs, formatPercent, formatUsd } from "../lib/format.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi } from "../lib/use-api.ts";

const LIMIT = 500;

type EndUser = UsersResponse["byUser"][number];
type TeamMember = UsersResponse["byMember"][number];

const num = (format: (value: number | null | undefined) => string) => (value: unknown) => format(typeof value === "number" ? value : null);
const muted = "text-tremor-content-subtle italic dark:text-dark-tremor-content-subtle";

/** The figures both tables show after their name column. */
function figureColumns<Row extends Figures>(): Column<Row>[] {
  return [
    { key: "requests", header: "Runs", value: (row) => row.requests, format: num(formatCount), align: "right" },
    { key: "costUsd", header: "Cost", value: (row) => row.costUsd, format: num(formatUsd), align: "right" },
    {
      key: "costPer1kRuns",
      header: "Per\u00a01k runs",
      description: "Cost per 1,000 runs",
      value: (row) => (row.requests > 0 ? (row.costUsd / row.requests) * 1000 : null),
      format: num(formatUsd),
      align: "right",
    },
    {
      key: "tokens",
      header: "Tokens",
      description: "Input + output tokens",
      value: (row) => row.inputTokens + row.outputTokens,
      format: num(formatCount),
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
      key: "errorRate",
      header: "Errors",
      description: "Share of runs that failed",
      value: (row) => row.errorRate,
      format: num(formatPercent),
      align: "right",
    },
    {
      key: "successRate",
      header: "Success",
      description: "The feedback's verdict, else the run's status",
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

export default function UsersPage() {
  const { projectId = "" } = useParams();
  const { query, state } = useAnalyticsQuery();
  const { granularity: _granularity, ...rangeQuery } = query;
  const key = JSON.stringify(rangeQuery);
  const users = useApi((signal) => getUsers({ ...rangeQuery, limit: LIMIT }, signal), [key]);
  // The runs list reads the same names from its URL; a custom range's local dates do not carry over.
  const runsHref = (userId: string) =>
    `/p/${projectId}/runs?${new URLSearchParams({ userId, ...(isPreset(state.from) ? { from: state.from } : {}) }).toString()}`;

  const userColumns: Column<EndUser>[] = [
    {
      key: "userId",
      header: "End user",
      value: (row) => row.userId,
      format: (_value, row) =>
        row.userId === "" ? (
          <span className={muted}>(no user id)</span>
        ) : (
          <Link
            to={runsHref(row.userId)}
            title={`Runs of ${row.userId}`}
            className="break-all font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
          >
            {row.userId}
          </Link>
        ),
    },
    ...figureColumns<EndUser>(),
  ];
  const memberColumns: Column<TeamMember>[] = [
    {
      key: "member",
      header: "Team member",
      value: (row) => row.name || row.email || (row.memberId === "" ? "" : row.memberId),
      format: (_value, row) =>
        row.memberId === "" ? (
          <span className={muted}>(key without a known owner)</span>
        ) : (
          <div className="min-w-[10rem]">
            <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
              {row.name || row.email || row.memberId}
            </span>
            {row.name && row.email && <div className="text-xs text-tremor-content dark:text-dark-tremor-content">{row.email}</div>}
          </div>
        ),
    },
    ...figureColumns<TeamMember>(),
  ];

  return (
    <>
      <PageHeader
        title="Users"
        description="Usage and cost by the end users of your app (the user id on each run) and by team member (who owns the key that sent the runs)."
        actions={<DateRangeBar granularity={false} />}
      >
        <FilterBar />
      </PageHeader>
      <AsyncContent
        state={users}
        isEmpty={(data) => data.byUser.length === 0 && data.byMember.length === 0}
        empty={
          <Card>
            <NoRunsState />
          </Card>
        }
        loading={
          <Card>
            <LoadingState rows={8} label="Loading users…" />
          </Card>
        }
      >
        {(data) => (
          <div className="space-y-6">
            <div className="flex justify-end">
              <a
                href={analyticsExportUrl("users", { ...rangeQuery, limit: LIMIT })}
                download
                className="inline-flex items-center gap-1.5 rounded-tremor-small border border-tremor-border px-2.5 py-1 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
              >
                <DownloadIcon /> Export CSV<span className="sr-only"> of end users and team members</span>
              </a>
            </div>
            <TableCard title="End users" subtitle={countLine(data.byUser.length, "end user", data.byUser.length >= LIMIT)}>
              <DataTable
                label="Usage by end user"
                rows={data.byUser}
                rowKey={(row) => row.userId}
                columns={userColumns}
                initialSort={{ key: "costUsd", direction: "desc" }}
                loading={users.loading}
                emptyTitle="No runs with a user id"
                emptyDescription="Pass userId with withContext({ userId }) to see cost per end user."
              />
            </TableCard>
            <TableCard title="Team members" subtitle={countLine(data.byMember.length, "member", data.byMember.length >= LIMIT)}>
              <DataTable
                label="Usage by team member"
                rows={data.byMember}
                rowKey={(row) => row.memberId}
                columns={memberColumns}
                initialSort={{ key: "costUsd", direction: "desc" }}
                loading={users.loading}
                emptyTitle="No runs from a member's key"
              />
            </TableCard>
          </div>
        )}
      </AsyncContent>
    </>
  );
}

function countLine(count: number, noun: string, cut: boolean): string {
  return `${cut ? "The top " : ""}${formatCount(count)} ${noun}${count === 1 ? "" : "s"}${cut ? " by cost" : ""} in this range`;
}

function TableCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <AnalyticsTableCard>
      <h2 className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h2>
      <p className="mb-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{subtitle}</p>
      {children}
    </AnalyticsTableCard>
  );
}
