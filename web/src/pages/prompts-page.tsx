// Prompts and their versions: two versions of one prompt compared side by side (chosen in the URL as
// comparePrompt + compare=a,b, asked of the API as prompt= + compare=), then every prompt with the
// figures of each of its versions.
import { Card } from "@tremor/react";
import { useId, useMemo, useRef } from "react";
import { useSearchParams } from "react-router-dom";
import { analyticsExportUrl, getPrompts, type AnalyticsQuery } from "../api/analytics.ts";
import type { PromptVersionRow } from "../api/types.ts";
import { DeltaBadge } from "../components/analytics-delta-badge.tsx";
import { NoRunsState } from "../components/analytics-empty.tsx";
import { AnalyticsTableCard, qualityColumn, RatingCell } from "../components/analytics-table-card.tsx";
import { DataTable, type Column } from "../components/data-table.tsx";
import { DateRangeBar } from "../components/date-range-bar.tsx";
import { FilterBar } from "../components/filter-bar.tsx";
import { DownloadIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { AsyncContent, ErrorState, LoadingState } from "../components/states.tsx";
import { formatCount, formatMs, formatPercent, formatUsd } from "../lib/format.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi } from "../lib/use-api.ts";
import {
  changeComparison,
  comparable,
  defaultComparison,
  groupPrompts,
  readComparison,
  writeComparison,
  type ComparisonChoice,
  type PromptGroup,
} from "./prompts/prompt-groups.ts";
import { compareVersions, comparisonVerdict, sampleWarnings } from "./prompts/version-deltas.ts";

const LIMIT = 500;

const num = (format: (value: number | null | undefined) => string) => (value: unknown) => format(typeof value === "number" ? value : null);
const versionLabel = (version: string) => (version === "" ? "(no version)" : version);

export default function PromptsPage() {
  const { query, state } = useAnalyticsQuery();
  const { granularity: _granularity, ...rangeQuery } = query;
  const key = JSON.stringify(rangeQuery);
  const list = useApi((signal) => getPrompts({ ...rangeQuery, limit: LIMIT }, signal), [key]);

  return (
    <>
      <PageHeader
        title="Prompts"
        description="Each named prompt and its versions: what a run costs, how fast it answers and how well it works. Runs without a prompt name are left out."
        actions={<DateRangeBar granularity={false} />}
      >
        <FilterBar />
      </PageHeader>
      <AsyncContent
        state={list}
        isEmpty={(data) => data.prompts.length === 0}
        empty={
          <Card>
            <NoRunsState
              title="No named prompts in this range"
              description={
                <>
                  Runs get a prompt name and version from your code, e.g.{" "}
                  <code className="text-xs">withContext({'{ promptName: "summarize", promptVersion: "v2" }'}, …)</code>.
                </>
              }
            />
          </Card>
        }
        loading={
          <Card>
            <LoadingState rows={8} label="Loading prompts…" />
          </Card>
        }
      >
        {(data) => (
          <PromptsView
            rows={data.prompts}
            loading={list.loading}
            rangeQuery={rangeQuery}
            singlePrompt={state.filters.prompt?.length === 1 ? state.filters.prompt[0] : undefined}
          />
        )}
      </AsyncContent>
    </>
  );
}

function PromptsView({
  rows,
  loading,
  rangeQuery,
  singlePrompt,
}: {
  rows: readonly PromptVersionRow[];
  loading: boolean;
  rangeQuery: AnalyticsQuery;
  singlePrompt: string | undefined;
}) {
  const groups = useMemo(() => groupPrompts(rows), [rows]);
  const [params, setParams] = useSearchParams();
  const compareHeading = useRef<HTMLHeadingElement>(null);
  const chosen = readComparison(params) ?? defaultComparison(groups, singlePrompt);
  const choose = (choice: ComparisonChoice | undefined, focus = false) => {
    if (!choice) return;
    setParams((current) => writeComparison(current, choice), { replace: true });
    if (focus) {
      compareHeading.current?.scrollIntoView({ behavior: "smooth", block: "start" });
      compareHeading.current?.focus({ preventScroll: true });
    }
  };
  const exportHref = analyticsExportUrl("prompts", { ...rangeQuery, limit: LIMIT });

  return (
    <div className="space-y-6">
      <Card className="p-4 sm:p-6">
        <h2
          ref={compareHeading}
          tabIndex={-1}
          className="scroll-mt-20 font-medium text-tremor-content-strong outline-none dark:text-dark-tremor-content-strong"
        >
          Compare two versions
        </h2>
        {chosen ? (
          <Comparison
            choice={chosen}
            groups={groups}
            rangeQuery={rangeQuery}
            onChange={(change) => choose(changeComparison(chosen, change, groups))}
          />
        ) : (
          <p className="mt-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            No prompt has two named versions in this range yet: once one does, its versions can be compared here.
          </p>
        )}
      </Card>

      <section aria-labelledby="all-prompts" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="all-prompts" className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            All prompts <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({groups.length})</span>
          </h2>
          <a
            href={exportHref}
            download
            className="inline-flex items-center gap-1.5 rounded-tremor-small border border-tremor-border px-2.5 py-1 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
          >
            <DownloadIcon /> Export CSV
          </a>
        </div>
        {groups.map((group) => (
          <PromptCard key={group.prompt} group={group} loading={loading} onCompare={() => choose(defaultComparison([group]), true)} />
        ))}
      </section>
    </div>
  );
}

const VERSION_COLUMNS: readonly Column<PromptVersionRow>[] = [
  {
    key: "version",
    header: "Version",
    value: (row) => row.version,
    format: (value) => (
      <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
        {versionLabel(String(value ?? ""))}
      </span>
    ),
  },
  { key: "requests", header: "Runs", value: (row) => row.requests, format: num(formatCount), align: "right" },
  { key: "costUsd", header: "Cost", value: (row) => row.costUsd, format: num(formatUsd), align: "right" },
  {
    key: "costPer1kRuns",
    header: "Per\u00a01k runs",
    description: "Cost per 1,000 runs",
    value: (row) => (row.costPerRun === null ? null : row.costPerRun * 1000),
    format: num(formatUsd),
    align: "right",
  },
  {
    key: "tokensPerRun",
    header: "Tok / run",
    description: "Tokens (input + output) per run",
    value: (row) => row.tokensPerRun,
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

function PromptCard({ group, loading, onCompare }: { group: PromptGroup; loading: boolean; onCompare: () => void }) {
  const canCompare = group.versions.filter((row) => comparable(row.version)).length >= 2;
  return (
    <AnalyticsTableCard>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <div className="min-w-0">
          <h3 className="break-all font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{group.prompt}</h3>
          <p className="text-tremor-default tabular-nums text-tremor-content dark:text-dark-tremor-content">
            {group.versions.length} {group.versions.length === 1 ? "version" : "versions"} · {formatCount(group.requests)} runs ·{" "}
            {formatUsd(group.costUsd)}
          </p>
        </div>
        {canCompare && (
          <button
            type="button"
            onClick={onCompare}
            className="rounded-tremor-small border border-tremor-border px-2.5 py-1 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
          >
            Compare versions<span className="sr-only"> of {group.prompt}</span>
          </button>
        )}
      </div>
      <DataTable
        label={`Versions of ${group.prompt}`}
        rows={group.versions}
        rowKey={(row) => row.version}
        columns={VERSION_COLUMNS}
        loading={loading}
      />
    </AnalyticsTableCard>
  );
}

const selectClass =
  "w-full rounded-tremor-small border-tremor-border bg-tremor-background py-1.5 pl-2 pr-8 text-tremor-default text-tremor-content-strong shadow-tremor-input dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong";

function Comparison({
  choice,
  groups,
  rangeQuery,
  onChange,
}: {
  choice: ComparisonChoice;
  groups: readonly PromptGroup[];
  rangeQuery: AnalyticsQuery;
  onChange: (change: { prompt?: string; a?: string; b?: string }) => void;
}) {
  const ids = { prompt: useId(), a: useId(), b: useId() };
  // The comparison is about versions: the page's own prompt and version filters do not apply to it.
  const { prompt: _prompt, promptVersion: _version, ...base } = rangeQuery;
  const key = JSON.stringify([base, choice]);
  const answer = useApi(
    (signal) => getPrompts({ ...base, prompt: [choice.prompt], compare: `${choice.a},${choice.b}`, limit: 1 }, signal),
    [key],
  );

  const prompts = groups
    .filter((group) => group.versions.filter((row) => comparable(row.version)).length >= 2)
    .map((group) => group.prompt);
  if (!prompts.includes(choice.prompt)) prompts.unshift(choice.prompt);
  const versions = (groups.find((group) => group.prompt === choice.prompt)?.versions ?? []).map((row) => row.version).filter(comparable);
  for (const version of [choice.a, choice.b]) if (!versions.includes(version)) versions.push(version);

  return (
    <div className="mt-3 space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor={ids.prompt} className="mb-1 block text-xs font-medium text-tremor-content dark:text-dark-tremor-content">
            Prompt
          </label>
          <select
            id={ids.prompt}
            className={selectClass}
            value={choice.prompt}
            onChange={(event) => onChange({ prompt: event.target.value })}
          >
            {prompts.map((prompt) => (
              <option key={prompt} value={prompt}>
                {prompt}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.a} className="mb-1 block text-xs font-medium text-tremor-content dark:text-dark-tremor-content">
            Version A (baseline)
          </label>
          <select id={ids.a} className={selectClass} value={choice.a} onChange={(event) => onChange({ a: event.target.value })}>
            {versions.map((version) => (
              <option key={version} value={version}>
                {version}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.b} className="mb-1 block text-xs font-medium text-tremor-content dark:text-dark-tremor-content">
            Version B (compared with A)
          </label>
          <select id={ids.b} className={selectClass} value={choice.b} onChange={(event) => onChange({ b: event.target.value })}>
            {versions.map((version) => (
              <option key={version} value={version}>
                {version}
              </option>
            ))}
          </select>
        </div>
      </div>
      {answer.error ? (
        <ErrorState error={answer.error} onRetry={answer.reload} title="Could not compare the versions" />
      ) : !answer.data?.comparison ? (
        <LoadingState rows={6} label="Comparing the versions…" />
      ) : (
        <ComparisonTable a={answer.data.comparison.versions[0]} b={answer.data.comparison.versions[1]} loading={answer.loading} />
      )}
    </div>
  );
}

function ComparisonTable({ a, b, loading }: { a: PromptVersionRow; b: PromptVersionRow; loading: boolean }) {
  const deltas = compareVersions(a, b);
  const verdict = comparisonVerdict(a, b);
  const warnings = sampleWarnings(a, b);
  return (
    <div className={`space-y-3 transition-opacity ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
      {verdict && (
        <p className="text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{verdict}</p>
      )}
      {warnings.length > 0 && (
        <ul className="space-y-0.5 text-xs text-amber-700 dark:text-amber-300">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-tremor-default">
          <caption className="sr-only">
            {b.prompt}: version {b.version} compared with version {a.version}
          </caption>
          <thead>
            <tr className="border-b border-tremor-border text-left text-tremor-content dark:border-dark-tremor-border dark:text-dark-tremor-content">
              <th scope="col" className="py-2 pr-3 font-medium">
                Figure
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium sm:px-3">
                <span className="text-xs font-normal">A</span> {a.version}
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium sm:px-3">
                <span className="text-xs font-normal">B</span> {b.version}
              </th>
              <th scope="col" className="py-2 pl-2 text-right font-medium sm:pl-3" title="B against A">
                Change<span className="sr-only"> from A to B</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deltas.map((delta) => (
              <tr key={delta.key} className="border-b border-tremor-border last:border-0 dark:border-dark-tremor-border">
                <th
                  scope="row"
                  className="py-2 pr-3 text-left font-normal text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis"
                  title={delta.description}
                >
                  {delta.label}
                </th>
                <td className="whitespace-nowrap px-2 py-2 text-right sm:px-3 tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">
                  {delta.a}
                </td>
                <td className="whitespace-nowrap px-2 py-2 text-right sm:px-3 tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">
                  {delta.b}
                </td>
                <td className="py-2 pl-2 text-right sm:pl-3">
                  <DeltaBadge delta={delta.change} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
