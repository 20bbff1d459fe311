// The runs of a project: a table filtered by the URL's range and filters, searchable in input and
// output, sorted by the API (start time, cost, latency or tokens), paged with the API's cursors, each
// row leading to the run; and a CSV of every run that matches.
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router-dom";
import { listRuns, runsExportUrl } from "../api/runs.ts";
import type { RunItem } from "../api/types.ts";
import { DataTable, type Column } from "../components/data-table.tsx";
import { DateRangeBar } from "../components/date-range-bar.tsx";
import { FilterBar } from "../components/filter-bar.tsx";
import { CloseIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { RunStatusBadge } from "../components/run-status-badge.tsx";
import { Segmented } from "../components/segmented.tsx";
import { ErrorState, LoadingState } from "../components/states.tsx";
import { formatCount, formatDateTime, formatMs, formatUsd, formatUsdDecimal } from "../lib/format.ts";
import type { SortState } from "../lib/sort-rows.ts";
import { useProject } from "../lib/session.tsx";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi } from "../lib/use-api.ts";
import { currentCursor, firstPage, nextPage, pageNumber, pageRangeLabel, pagesFor, previousPage } from "./runs/cursor-pages.ts";
import { runHref } from "./runs/run-links.ts";
import {
  cleanSearch,
  isNarrowed,
  MAX_SEARCH_CHARS,
  readRunsView,
  RUN_SORTS,
  toRunsQuery,
  writeRunsView,
  type RunsView,
} from "./runs/runs-query.ts";

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 350;
const FILTER_FIELDS = ["model", "provider", "userId", "prompt", "promptVersion", "tag"] as const;

const muted = "text-tremor-content dark:text-dark-tremor-content";

export default function RunsPage() {
  const { project } = useProject();
  const analytics = useAnalyticsQuery();
  const { state } = analytics;
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const search = params.toString();
  const view = useMemo(() => readRunsView(new URLSearchParams(search)), [search]);
  const setView = (change: Partial<RunsView>) => setParams((current) => writeRunsView(current, change), { replace: true });

  const query = useMemo(() => toRunsQuery(project.id, state, view), [project.id, state, view]);
  const queryKey = JSON.stringify(query);
  const [storedPages, setPages] = useState(() => firstPage(queryKey));
  const pages = pagesFor(storedPages, queryKey);
  const cursor = currentCursor(pages);
  const runs = useApi(
    (signal) => listRuns({ ...query, limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) }, signal),
    [queryKey, cursor],
  );
  // A page of an earlier query may still be on screen while the new one loads: its cursor is stale.
  const fresh = !runs.loading;

  const zone = state.tzFromUrl ? state.tz : undefined;
  const columns = useMemo(() => runColumns(project.id, state.tz, zone, location.search), [project.id, state.tz, zone, location.search]);
  const sort: SortState = { key: view.sort, direction: view.order };

  const statusValue = state.filters.status?.length === 1 ? state.filters.status[0]! : "all";
  const narrowed = isNarrowed(state, view);

  const clearAll = () => {
    setParams(
      (current) => {
        const next = writeRunsView(current, { q: undefined, rated: undefined, sessionId: [] });
        for (const name of [...FILTER_FIELDS, "status"]) next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every LLM call in the range. Open one for its input, output, cost and trace."
        actions={<DateRangeBar granularity={false} />}
      >
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox value={view.q} onSearch={(q) => setView({ q })} />
          <Segmented
            label="Status"
            options={[
              { value: "all", label: "All" },
              { value: "ok", label: "OK" },
              { value: "error", label: "Errors" },
            ]}
            value={statusValue}
            onChange={(value) => analytics.setFilter("status", value === "all" ? [] : [value])}
          />
          <Segmented
            label="Rating"
            options={[
              { value: "all", label: "Any rating" },
              { value: "true", label: "Rated" },
              { value: "false", label: "Unrated" },
            ]}
            value={view.rated ?? "all"}
            onChange={(value) => setView({ rated: value === "all" ? undefined : value })}
          />
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <FilterBar fields={FILTER_FIELDS} />
          {view.sessionId.map((id) => (
            <span
              key={id}
              className="inline-flex items-center gap-1 rounded-tremor-full bg-tremor-brand-faint py-0.5 pl-2.5 pr-1 text-tremor-default text-tremor-brand-emphasis dark:bg-dark-tremor-brand-muted dark:text-dark-tremor-brand-emphasis"
            >
              <span className={muted}>Session:</span> {id}
              <button
                type="button"
                aria-label={`Remove filter Session ${id}`}
                onClick={() => setView({ sessionId: view.sessionId.filter((other) => other !== id) })}
                className="rounded-full p-0.5 hover:bg-tremor-brand-muted dark:hover:bg-dark-tremor-brand-subtle"
              >
                <CloseIcon />
              </button>
            </span>
          ))}
        </div>
      </PageHeader>

      {runs.error ? (
        <ErrorState error={runs.error} onRetry={runs.reload} title="Could not load the runs" />
      ) : runs.data === undefined ? (
        <LoadingState label="Loading runs…" rows={8} />
      ) : (
        <DataTable
          label="Runs"
          columns={columns}
          rows={runs.data.items}
          rowKey={(run) => run.id}
          sort={sort}
          onSortChange={(next) => {
            const key = RUN_SORTS.find((candidate) => candidate === next.key);
            if (key) setView({ sort: key, order: next.direction });
          }}
          loading={runs.loading}
          exportHref={runsExportUrl(query)}
          toolbar={
            <p className={`text-tremor-default tabular-nums ${muted}`} aria-live="polite">
              {runs.loading ? "Loading…" : pageRangeLabel(pages, runs.data.items.length, PAGE_SIZE)}
            </p>
          }
          emptyTitle={pageNumber(pages) > 1 ? "No more runs" : narrowed ? "No runs match" : "No runs in this range"}
          emptyDescription={
            pageNumber(pages) > 1
              ? "Runs may have been deleted since the previous page loaded."
              : narrowed
                ? "Nothing in this range matches the search and filters."
                : "Runs appear here as soon as your app sends its first LLM span."
          }
          emptyAction={
            pageNumber(pages) > 1 ? undefined : narrowed ? (
              <button
                type="button"
                onClick={clearAll}
                className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
              >
                Clear search and filters
              </button>
            ) : state.from !== "90d" ? (
              <button
                type="button"
                onClick={() => analytics.setRange("90d")}
                className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
              >
                Look at the last 90 days
              </button>
            ) : (
              <Link
                to={`/p/${project.id}/onboarding`}
                className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
              >
                Send your first run
              </Link>
            )
          }
          footer={
            (pageNumber(pages) > 1 || runs.data.nextCursor !== null) && (
              <nav aria-label="Pages of runs" className="mt-3 flex items-center justify-between gap-2">
                <button
                  type="button"
                  className={PAGER}
                  disabled={pageNumber(pages) === 1 || !fresh}
                  onClick={() => setPages(previousPage(pages))}
                >
                  ← Newer
                </button>
                <span className={`text-tremor-default tabular-nums ${muted}`}>Page {pageNumber(pages)}</span>
                <button
                  type="button"
                  className={PAGER}
                  disabled={runs.data.nextCursor === null || !fresh}
                  onClick={() => setPages(nextPage(pages, runs.data?.nextCursor ?? null))}
                >
                  Older →
                </button>
              </nav>
            )
          }
        />
      )}
    </>
  );
}

const PAGER =
  "rounded-tremor-small border border-tremor-border px-3 py-1.5 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted disabled:cursor-not-allowed disabled:opacity-40 dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted";

/** The search box: typing waits a moment before the list reloads; Enter searches at once. */
function SearchBox({ value, onSearch }: { value: string | undefined; onSearch: (q: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "");
  const sent = useRef(value);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // The URL changed from elsewhere (back button, "Clear search and filters"): show its search.
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value ?? "");
    }
  }, [value]);

  const send = (next: string) => {
    const q = cleanSearch(next);
    if (q === sent.current) return;
    sent.current = q;
    onSearchRef.current(q);
  };

  useEffect(() => {
    const timer = setTimeout(() => send(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <form
      role="search"
      className="w-full sm:w-72"
      onSubmit={(event) => {
        event.preventDefault();
        send(text);
      }}
    >
      <label htmlFor="runs-search" className="sr-only">
        Search the runs' input and output
      </label>
      <input
        id="runs-search"
        type="search"
        value={text}
        maxLength={MAX_SEARCH_CHARS}
        placeholder="Search input and output…"
        onChange={(event) => setText(event.target.value)}
        className="block w-full rounded-tremor-small border-tremor-border bg-tremor-background py-1.5 text-tremor-default text-tremor-content-strong shadow-tremor-input placeholder:text-tremor-content-subtle focus:border-tremor-brand focus:ring-tremor-brand dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong dark:placeholder:text-dark-tremor-content-subtle dark:[color-scheme:dark]"
      />
    </form>
  );
}

function runColumns(projectId: string, timeZone: string, zone: string | undefined, listSearch: string): Column<RunItem>[] {
  return [
    {
      key: "startTime",
      header: "Time",
      // A number, so the first click sorts newest first.
      value: (run) => Date.parse(run.startTime),
      format: (_value, run) => (
        <Link
          to={runHref(projectId, run.id, zone)}
          state={{ back: listSearch }}
          className="whitespace-nowrap font-medium tabular-nums text-tremor-brand hover:underline dark:text-dark-tremor-brand"
          aria-label={`Run of ${run.model || "an unknown model"} at ${formatDateTime(run.startTime, timeZone, true)}`}
        >
          {formatDateTime(run.startTime, timeZone, true)}
        </Link>
      ),
      description: `Start time in ${timeZone}`,
    },
    {
      key: "status",
      header: "Status",
      sortable: false,
      value: (run) => run.status,
      format: (_value, run) => <RunStatusBadge status={run.status} />,
    },
    {
      key: "model",
      header: "Model · prompt",
      sortable: false,
      value: (run) => run.model,
      format: (_value, run) => (
        <span className="block max-w-[14rem]">
          <span className="block truncate" title={run.model}>
            {run.model || "–"}
          </span>
          {run.promptName && (
            <span
              className={`block truncate text-xs ${muted}`}
              title={`Prompt ${run.promptName}${run.promptVersion ? ` · ${run.promptVersion}` : ""}`}
            >
              {run.promptName}
              {run.promptVersion && ` · ${run.promptVersion}`}
            </span>
          )}
        </span>
      ),
      description: "The model that answered, and the prompt and version when the app set them",
    },
    {
      key: "user",
      header: "User",
      sortable: false,
      value: (run) => run.userId,
      format: (_value, run) => (
        <span className="block max-w-[8rem] truncate" title={run.userId}>
          {run.userId || "–"}
        </span>
      ),
    },
    {
      key: "tokens",
      header: "Tokens",
      align: "right",
      value: (run) => run.inputTokens + run.outputTokens,
      format: (value, run) => (
        <span title={`${run.inputTokens.toLocaleString("en-US")} in, ${run.outputTokens.toLocaleString("en-US")} out`}>
          {formatCount(value as number)}
        </span>
      ),
      description: "Input + output tokens",
    },
    {
      key: "cost",
      header: "Cost",
      align: "right",
      value: (run) => run.costUsd,
      format: (_value, run) =>
        run.costUsd === null ? (
          <span title="No price is known for this model">–</span>
        ) : (
          <span title={formatUsdDecimal(run.costUsd.toFixed(12))}>{formatUsd(run.costUsd)}</span>
        ),
    },
    {
      key: "latency",
      header: "Latency",
      align: "right",
      value: (run) => run.latencyMs,
      format: (value) => <span className="whitespace-nowrap">{formatMs(value as number)}</span>,
    },
    {
      key: "rating",
      header: "Rating",
      sortable: false,
      align: "right",
      value: (run) => run.rating,
      format: (_value, run) =>
        run.rating === null ? (
          <span className={muted}>–</span>
        ) : (
          <span className="whitespace-nowrap text-amber-500" aria-label={`${run.rating} of 5 stars`}>
            {run.rating} ★
          </span>
        ),
    },
    {
      key: "input",
      header: "Input",
      sortable: false,
      value: (run) => run.inputPreview,
      format: (_value, run) => (
        <span className={`block max-w-[18rem] truncate ${muted}`} title={run.inputPreview}>
          {run.inputPreview || "–"}
        </span>
      ),
    },
  ];
}
