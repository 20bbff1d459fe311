// What an analytics page shows when the range (under its filters) has no runs: why, and the ways out
// (clear the filters, widen the range, send runs or load the sample data).
import { Button } from "@tremor/react";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { countFilters, describeRange, isPreset } from "../lib/analytics-query.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { EmptyState } from "./states.tsx";

export function NoRunsState({
  title = "No runs in this range",
  description,
  className = "",
}: {
  title?: string;
  description?: ReactNode;
  className?: string;
}) {
  const { projectId = "" } = useParams();
  const { state, setRange, clearFilters } = useAnalyticsQuery();
  const filtered = countFilters(state.filters) > 0;
  // "the last 30 days", or a custom range as it reads ("Jan 1 – Jan 7, 2025").
  const range = isPreset(state.from) ? `the ${describeRange(state).toLowerCase()}` : describeRange(state);
  return (
    <EmptyState
      className={className}
      title={title}
      description={description ?? (filtered ? `No runs match these filters in ${range}.` : `Nothing was recorded in ${range}.`)}
      action={
        <div className="flex flex-wrap items-center justify-center gap-2">
          {filtered && (
            <Button size="xs" variant="secondary" onClick={clearFilters}>
              Clear filters
            </Button>
          )}
          {state.from !== "90d" && (
            <Button size="xs" variant="secondary" onClick={() => setRange("90d")}>
              Show the last 90 days
            </Button>
          )}
          <Link
            to={`/p/${projectId}/onboarding`}
            className="px-2 text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
          >
            Send runs or load sample data
          </Link>
        </div>
      }
    />
  );
}
