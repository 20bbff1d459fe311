// The overview's "Potential savings" card: what the project's active suggestions would save a month
// (the optimization engine's last recomputation over its own window, whatever range the overview shows),
// how many there are, and the way to the Optimize page.
import { Card } from "@tremor/react";
import { memo } from "react";
import { Link } from "react-router-dom";
import { useApi } from "../../lib/use-api.ts";
import { formatUsdCents, formatUsdExact } from "../../lib/usd-decimal.ts";
import { overviewReads } from "./reads.ts";

// memo(): the overview re-renders as each of its answers arrives; this card depends on the project only.
// `ask` false holds its request back until the key figures and charts have theirs: the embedded store
// answers one query at a time, and this one would delay them.
export const PotentialSavingsCard = memo(function PotentialSavingsCard({ projectId, ask }: { projectId: string; ask: boolean }) {
  const list = useApi(ask ? (signal) => overviewReads.suggestions(projectId, signal) : null, [projectId, ask]);
  const totals = list.data?.totals;
  const windowDays = list.data?.items[0]?.windowDays;
  return (
    <Card className="p-4">
      <section aria-label="Potential savings" className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2">
        <div className="min-w-0">
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">Potential savings</p>
          {list.error ? (
            <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              Could not load the suggestions: {list.error.message}
            </p>
          ) : !totals ? (
            <div
              className="mt-2 h-8 w-24 animate-pulse rounded bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle"
              aria-hidden="true"
            />
          ) : (
            <p className="mt-1 flex flex-wrap items-baseline gap-x-2">
              <span
                className="text-2xl font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong"
                title={`${formatUsdExact(totals.monthlySavingsUsd)} a month, exactly`}
                data-testid="potential-savings"
              >
                {formatUsdCents(totals.monthlySavingsUsd)}
              </span>
              <span className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
                a month from {totals.active} active {totals.active === 1 ? "suggestion" : "suggestions"}
              </span>
            </p>
          )}
          <p className="mt-1 text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle">
            {windowDays ? `From the last ${windowDays} days of runs` : "From the latest runs"}, recomputed every hour; not limited to the
            range and filters above.
          </p>
        </div>
        <Link
          to={`/p/${projectId}/optimize`}
          className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
        >
          {totals && totals.active === 0 ? "Open Optimize →" : "See the suggestions →"}
        </Link>
      </section>
    </Card>
  );
});
