// Routing: the gateway's routing rules (issue #17) with what they did in the range: runs by arm, cost,
// cache hit rate, and what the cache and the model switch saved, with the total saved at the top. Members
// and up delete a rule after a confirmation. Without rules, how to make one and how to send traffic
// through the gateway.
import { Card } from "@tremor/react";
import { Link, useParams } from "react-router-dom";
import { deleteRoutingRule, getRoutingStats } from "../api/gateway.ts";
import type { RoutingRuleStats, RoutingStats } from "../api/types.ts";
import { ConfirmButton } from "../components/confirm-button.tsx";
import { DataTable, type Column } from "../components/data-table.tsx";
import { DateRangeBar } from "../components/date-range-bar.tsx";
import { KpiCard } from "../components/kpi-card.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { AsyncContent, EmptyState, LoadingState } from "../components/states.tsx";
import { formatCount, formatPercent, formatUsd } from "../lib/format.ts";
import { CAN } from "../lib/roles.ts";
import { useProject } from "../lib/session.tsx";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi } from "../lib/use-api.ts";
import { formatUsdExact, usdNumber } from "../lib/usd-decimal.ts";
import { describeActions, describeMatch } from "./routing/rule-text.ts";

const muted = "text-xs text-tremor-content dark:text-dark-tremor-content";

/** Money from the API's exact text, rounded as the dashboard rounds; the exact figure on hover. */
function Usd({ value }: { value: string }) {
  return <span title={formatUsdExact(value)}>{formatUsd(usdNumber(value))}</span>;
}

export default function RoutingPage() {
  const { projectId = "" } = useParams();
  const { role } = useProject();
  const canWrite = CAN.write(role);
  const { state } = useAnalyticsQuery();
  const range = { from: state.from, ...(state.to ? { to: state.to } : {}), tz: state.tz };
  const key = JSON.stringify(range);
  const stats = useApi((signal) => getRoutingStats(projectId, range, signal), [projectId, key]);

  const remove = async (ruleId: string) => {
    await deleteRoutingRule(projectId, ruleId);
    stats.setData((previous) => ({ ...previous!, rules: previous!.rules.filter((row) => row.rule.id !== ruleId) }));
    // The totals are the API's: read them again.
    stats.reload();
  };

  const columns: Column<RoutingRuleStats>[] = [
    {
      key: "name",
      header: "Rule",
      value: (row) => row.rule.name,
      format: (_value, row) => (
        <div className="min-w-[10rem] whitespace-normal">
          <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            {row.rule.name || "(unnamed rule)"}
          </span>
          <div className={muted}>Matches {describeMatch(row.rule).join(" · ")}</div>
        </div>
      ),
    },
    {
      key: "actions",
      header: "Action",
      value: (row) => row.rule.targetModel,
      format: (_value, row) => <div className="min-w-[7rem] whitespace-normal">{describeActions(row.rule).join(" · ")}</div>,
    },
    {
      key: "runs",
      header: "Runs",
      description: "Runs the rule matched: sent to its target model, or left on the model they asked for (control)",
      value: (row) => row.runs,
      format: (_value, row) => (
        <div>
          {formatCount(row.runs)}
          <div className={muted}>
            {formatCount(row.targetRuns)} target · {formatCount(row.controlRuns)} control
          </div>
        </div>
      ),
      align: "right",
    },
    {
      key: "cost",
      header: "Cost",
      value: (row) => usdNumber(row.costUsd),
      format: (_value, row) => <Usd value={row.costUsd} />,
      align: "right",
    },
    {
      key: "cacheHitRate",
      header: "Cache hits",
      description: "Hits of the runs that asked for the response cache",
      value: (row) => row.cacheHitRate,
      format: (_value, row) =>
        row.cacheLookups === 0 ? (
          "–"
        ) : (
          <div>
            {formatPercent(row.cacheHitRate)}
            <div className={muted}>
              {formatCount(row.cacheHits)} of {formatCount(row.cacheLookups)}
            </div>
          </div>
        ),
      align: "right",
    },
    {
      key: "saved",
      header: "Saved",
      description: "Cache hits' cost plus the target arm's cost at the model it asked for, less what it cost",
      value: (row) => usdNumber(row.savedUsd),
      format: (_value, row) => (
        <div>
          <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            <Usd value={row.savedUsd} />
          </span>
          <div className={muted}>
            cache <Usd value={row.cacheSavedUsd} />
          </div>
          <div className={muted}>
            switch <Usd value={row.switchSavedUsd} />
            {row.switchUnpricedRuns > 0 && ` (${formatCount(row.switchUnpricedRuns)} runs unpriced)`}
          </div>
        </div>
      ),
      align: "right",
    },
    ...(canWrite
      ? [
          {
            key: "delete",
            header: "",
            sortable: false,
            align: "right",
            value: () => null,
            format: (_value, row) => {
              const name = row.rule.name || describeActions(row.rule)[0]!;
              return (
                <ConfirmButton
                  label="Delete"
                  ariaLabel={`Delete rule ${name}`}
                  title={`Delete "${name}"?`}
                  description="The gateway stops applying it within a few seconds; calls go to the model they ask for. Its past runs stay."
                  onConfirm={() => remove(row.rule.id)}
                />
              );
            },
          } satisfies Column<RoutingRuleStats>,
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="Routing"
        description="The gateway's routing rules and what they did: the calls they moved to a cheaper model, the response cache's hits, and what both saved."
        actions={<DateRangeBar granularity={false} />}
      />
      <AsyncContent
        state={stats}
        isEmpty={(data) => data.rules.length === 0}
        empty={
          <Card>
            <NoRulesState projectId={projectId} />
          </Card>
        }
        loading={
          <Card>
            <LoadingState rows={6} label="Loading routing rules…" />
          </Card>
        }
      >
        {(data) => (
          <div className="space-y-6">
            <Totals totals={data.totals} loading={stats.loading} />
            <Card>
              <DataTable label="Routing rules" columns={columns} rows={data.rules} rowKey={(row) => row.rule.id} loading={stats.loading} />
            </Card>
          </div>
        )}
      </AsyncContent>
    </>
  );
}

function Totals({ totals, loading }: { totals: RoutingStats["totals"]; loading: boolean }) {
  return (
    <section aria-label="Routing totals" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <KpiCard
        title="Total saved"
        value={usdNumber(totals.savedUsd)}
        format={formatUsd}
        description="What the cache hits and the model switches saved in this range"
        loading={loading}
      />
      <KpiCard title="Saved by the cache" value={usdNumber(totals.cacheSavedUsd)} format={formatUsd} loading={loading} />
      <KpiCard
        title="Saved by switching models"
        value={usdNumber(totals.switchSavedUsd)}
        format={formatUsd}
        description="The target arms' runs priced at the model they asked for, less what they cost"
        loading={loading}
      />
      <KpiCard
        title="Routed runs"
        value={totals.runs}
        format={formatCount}
        hint={`costing ${formatUsd(usdNumber(totals.costUsd))}`}
        loading={loading}
      />
    </section>
  );
}

function NoRulesState({ projectId }: { projectId: string }) {
  const link = "font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand";
  return (
    <EmptyState
      title="No routing rules yet"
      description={
        <span className="block space-y-2">
          <span className="block">
            A rule sends the gateway&apos;s calls that match a prompt, model, tags or end user to another model, for all of them or a share
            (a canary). Apply a model-switch suggestion on{" "}
            <Link className={link} to={`/p/${projectId}/optimize`}>
              Optimize
            </Link>{" "}
            to make one, or create one with{" "}
            <code className="whitespace-nowrap font-mono text-xs">POST /api/projects/:projectId/routing-rules</code>.
          </span>
          <span className="block">
            Rules apply to calls made through the gateway: point the OpenAI or Anthropic SDK at it with one of this project&apos;s ingest
            keys, as{" "}
            <Link className={link} to={`/p/${projectId}/settings/integrations`}>
              Settings → Integrations
            </Link>{" "}
            shows.
          </span>
        </span>
      }
    />
  );
}
