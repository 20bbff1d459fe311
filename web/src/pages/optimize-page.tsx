// Optimize: the optimization engine's savings suggestions for the project (issue #15). The total a month
// the active ones would save, "Recompute now" (members), filters by type and status in the URL (?type=,
// ?status=, the API's names), a card per suggestion, largest saving first, 20 at first, and the savings
// calculator's what-if below. The whole list loads once (one row per finding, a few hundred at most) and
// the filters apply here, so each status shows its count; the header's total is the API's.
import { Button, Card } from "@tremor/react";
import { useId, useState } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { getOptimizationSettings, listSuggestions, refreshSuggestions } from "../api/optimization.ts";
import type { RefreshedSuggestions, Suggestion, SuggestionList } from "../api/types.ts";
import { PageHeader } from "../components/page-header.tsx";
import { Segmented } from "../components/segmented.tsx";
import { EmptyState, ErrorState, LoadingState } from "../components/states.tsx";
import { formatCount, formatRelative } from "../lib/format.ts";
import { CAN } from "../lib/roles.ts";
import { useSession } from "../lib/session.tsx";
import { browserTimeZone, isTimeZone } from "../lib/time-zone.ts";
import { useAction } from "../lib/use-action.ts";
import { useApi } from "../lib/use-api.ts";
import { formatUsdCents, formatUsdExact } from "../lib/usd-decimal.ts";
import { SavingsCalculator } from "./optimize/savings-calculator.tsx";
import { SuggestionCard } from "./optimize/suggestion-card.tsx";
import { DEFAULT_WINDOW_DAYS, type WhatIfChoice } from "./optimize/what-if.ts";
import {
  countByStatus,
  filterSuggestions,
  readFilters,
  STATUS_FILTERS,
  TYPE_FILTERS,
  withFilter,
  type StatusFilter,
  type TypeFilter,
} from "./optimize/suggestion-filters.ts";

/** Cards shown at first; a project can have a hundred suggestions, and the largest savings come first. */
const FIRST_CARDS = 20;

const TYPE_LABELS: Record<TypeFilter, string> = { all: "All", cost: "Cost", performance: "Performance", quality: "Quality" };
const STATUS_LABELS: Record<StatusFilter, string> = { active: "Active", dismissed: "Dismissed", applied: "Applied" };

export default function OptimizePage() {
  const { projectId = "" } = useParams();
  const { role } = useSession();
  const canWrite = CAN.write(role);
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const tzParam = params.get("tz");
  const timeZone = tzParam && isTimeZone(tzParam) ? tzParam : browserTimeZone();
  const list = useApi((signal) => listSuggestions({ projectId }, signal), [projectId]);
  // The window the engine looks at (a project's settings may change it); the default until they answer.
  const settings = useApi((signal) => getOptimizationSettings(projectId, signal), [projectId]);
  const windowDays = settings.data?.windowDays ?? DEFAULT_WINDOW_DAYS;
  const [whatIf, setWhatIf] = useState<WhatIfChoice | undefined>(undefined);
  const tryWhatIf = (choice: WhatIfChoice) => {
    setWhatIf({ ...choice });
    document.getElementById("what-if")?.scrollIntoView({ block: "start" });
  };
  const refresh = useAction(refreshSuggestions);
  const statusId = useId();
  const [report, setReport] = useState<RefreshedSuggestions["refresh"] | undefined>(undefined);

  const recompute = async () => {
    setReport(undefined);
    const answer = await refresh.run(projectId);
    if (!answer) return;
    list.setData({ items: answer.items, totals: answer.totals });
    setReport(answer.refresh);
  };
  const setFilter = (name: "type" | "status", value: string) => setParams((current) => withFilter(current, name, value), { replace: true });

  const onChanged = (changed: Suggestion) => {
    list.setData((previous) => replaceItem(previous, changed));
    // The totals are the API's: read them again.
    list.reload();
  };

  const recomputeButton = canWrite ? (
    <Button onClick={() => void recompute()} loading={refresh.busy} aria-describedby={statusId}>
      Recompute now
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Optimize"
        description={`What to change and what it saves, worked out from the last ${windowDays} days of this project's own runs.`}
        actions={
          <>
            <a href="#what-if" className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand">
              What-if calculator ↓
            </a>
            {recomputeButton}
          </>
        }
      />
      <div id={statusId} className="mb-4 space-y-1 empty:hidden">
        <RefreshStatus busy={refresh.busy} error={refresh.error} report={report} windowDays={windowDays} />
        {!canWrite && role !== undefined && (
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            You have the viewer role: members and admins apply, dismiss and recompute suggestions.
          </p>
        )}
      </div>

      {list.error && !list.data ? (
        <Card>
          <ErrorState error={list.error} onRetry={list.reload} title="Could not load the suggestions" />
        </Card>
      ) : !list.data ? (
        <Card>
          <LoadingState rows={6} label="Loading suggestions…" />
        </Card>
      ) : list.data.items.length === 0 ? (
        <Card>
          <EmptyState
            title="No suggestions yet"
            description={
              <>
                Suggestions are recomputed every hour from the last {windowDays} days of runs: models that cost more than they need to,
                traffic the Batch API would serve for less, failed and cut-off calls, slow models, models without a price. None were found
                yet
                {canWrite ? ": recompute now to look at the latest runs." : "."}
              </>
            }
            action={recomputeButton}
          />
        </Card>
      ) : (
        <Suggestions
          data={list.data}
          loading={list.loading}
          filters={filters}
          onFilter={setFilter}
          canWrite={canWrite}
          onChanged={onChanged}
          onTryWhatIf={tryWhatIf}
          timeZone={timeZone}
        />
      )}

      <SavingsCalculator projectId={projectId} windowDays={windowDays} preset={whatIf} />
    </>
  );
}

/** What "Recompute now" is doing, or what it found. */
function RefreshStatus({
  busy,
  error,
  report,
  windowDays,
}: {
  busy: boolean;
  error: string | undefined;
  report: RefreshedSuggestions["refresh"] | undefined;
  windowDays: number;
}) {
  if (busy) return <LoadingState variant="inline" label={`Recomputing from the last ${windowDays} days of runs…`} />;
  if (error)
    return (
      <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
        Could not recompute: {error}
      </p>
    );
  if (!report) return null;
  const { findings, written, tookMs } = report;
  return (
    <p role="status" className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
      Recomputed in {formatCount(tookMs)} ms: {findings} {findings === 1 ? "finding" : "findings"}, {written}{" "}
      {written === 1 ? "suggestion" : "suggestions"} added or changed.
    </p>
  );
}

function Suggestions({
  data,
  loading,
  filters,
  onFilter,
  canWrite,
  onChanged,
  onTryWhatIf,
  timeZone,
}: {
  data: SuggestionList;
  loading: boolean;
  filters: ReturnType<typeof readFilters>;
  onFilter: (name: "type" | "status", value: string) => void;
  canWrite: boolean;
  onChanged: (suggestion: Suggestion) => void;
  onTryWhatIf: (choice: WhatIfChoice) => void;
  timeZone: string;
}) {
  const counts = countByStatus(data.items, filters.type);
  const matching = filterSuggestions(data.items, filters);
  const [expanded, setExpanded] = useState<string | undefined>(undefined);
  const filterKey = `${filters.type}/${filters.status}`;
  const shown = expanded === filterKey ? matching : matching.slice(0, FIRST_CARDS);
  const computedAt = data.items.reduce<string | undefined>(
    (latest, item) => (!latest || item.computedAt > latest ? item.computedAt : latest),
    undefined,
  );
  return (
    <div className="space-y-4">
      <section aria-label="Potential savings" className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">Potential savings</p>
          <p className="flex flex-wrap items-baseline gap-x-2">
            <span
              className="text-3xl font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong"
              title={`${formatUsdExact(data.totals.monthlySavingsUsd)} a month, exactly`}
              data-testid="total-savings"
            >
              {formatUsdCents(data.totals.monthlySavingsUsd)}
            </span>
            <span className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              a month from {data.totals.active} active {data.totals.active === 1 ? "suggestion" : "suggestions"}
            </span>
          </p>
          {computedAt && (
            <p className="text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle" title={computedAt}>
              Last recomputed {formatRelative(computedAt)}; every hour on its own.
            </p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <Segmented
            label="Type"
            options={TYPE_FILTERS.map((type) => ({ value: type, label: TYPE_LABELS[type] }))}
            value={filters.type}
            onChange={(value) => onFilter("type", value)}
          />
          <Segmented
            label="Status"
            options={STATUS_FILTERS.map((status) => ({ value: status, label: `${STATUS_LABELS[status]} ${counts[status]}` }))}
            value={filters.status}
            onChange={(value) => onFilter("status", value)}
          />
        </div>
      </section>

      {matching.length === 0 ? (
        <Card>
          <EmptyState
            title={`No ${filters.status} ${filters.type === "all" ? "" : `${filters.type} `}suggestions`}
            description={
              filters.status === "active"
                ? "Nothing to act on here right now. Dismissed and applied suggestions are under their own status."
                : filters.status === "dismissed"
                  ? "A dismissed suggestion shows here with its reason until its savings double or its evidence changes kind."
                  : "Apply a suggestion once you made the change: PromptMetrics then compares its traffic before and since."
            }
          />
        </Card>
      ) : (
        <ul aria-label="Suggestions" aria-busy={loading} className={`space-y-4 transition-opacity ${loading ? "opacity-80" : ""}`}>
          {shown.map((suggestion) => (
            <li key={suggestion.id}>
              <SuggestionCard
                suggestion={suggestion}
                canWrite={canWrite}
                onChanged={onChanged}
                onTryWhatIf={onTryWhatIf}
                timeZone={timeZone}
              />
            </li>
          ))}
        </ul>
      )}
      {shown.length < matching.length && (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => setExpanded(filterKey)}>
            Show the other {matching.length - shown.length}
          </Button>
        </div>
      )}
    </div>
  );
}

/** The list with one suggestion replaced by the API's answer for it (its status changed). */
function replaceItem(previous: SuggestionList | undefined, changed: Suggestion): SuggestionList {
  if (!previous) return { items: [changed], totals: { monthlySavingsUsd: "0", active: 0 } };
  return { ...previous, items: previous.items.map((item) => (item.id === changed.id ? changed : item)) };
}
