// The SQL console (org owners and admins): one read-only SELECT over this project's or the whole
// org's runs, spans, feedback and rollups. Ctrl/Cmd+Enter runs it; the answer shows as a table with
// the columns' types, its row count and time, and downloads as CSV built from the rows already loaded.
import { Button, Card } from "@tremor/react";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { runSql, type SqlScope } from "../api/sql.ts";
import type { SqlResult } from "../api/types.ts";
import { DownloadIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Segmented } from "../components/segmented.tsx";
import { EmptyState } from "../components/states.tsx";
import { SqlResultTable } from "../components/sql-result-table.tsx";
import { SqlSidebar } from "../components/sql-sidebar.tsx";
import { downloadText, toCsv } from "../lib/csv.ts";
import { CAN } from "../lib/roles.ts";
import { useProject } from "../lib/session.tsx";
import { DEFAULT_SQL } from "../lib/sql-examples.ts";
import { csvFileName, csvTable, insertAt, rowsLabel } from "../lib/sql-result.ts";
import { readLocal, writeLocal } from "../lib/storage.ts";

const QUERY_KEY = "pm-sql-query";
const MAX_QUERY_CHARS = 100_000;

type Run =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; result: SqlResult; query: string }
  | { kind: "failed"; message: string; status: number | undefined };

export default function SqlPage() {
  const { project, role, org } = useProject();
  if (!CAN.administer(role)) {
    return (
      <>
        <PageHeader title="SQL console" />
        <EmptyState
          title="The SQL console is for org owners and admins"
          description={
            <>
              It runs read-only SQL over every run, span and rating of {org ? `the ${org.name} org` : "the org"}. Your role is{" "}
              <strong>{role}</strong>; ask an owner or admin of the org for access, or use the{" "}
              <Link to={`/p/${project.id}/runs`} className="text-tremor-brand hover:underline dark:text-dark-tremor-brand">
                Runs
              </Link>{" "}
              page and the CSV exports.
            </>
          }
        />
      </>
    );
  }
  return <SqlConsole projectId={project.id} projectName={project.name} orgId={project.orgId} orgName={org?.name} />;
}

function SqlConsole({
  projectId,
  projectName,
  orgId,
  orgName,
}: {
  projectId: string;
  projectName: string;
  orgId: string;
  orgName: string | undefined;
}) {
  const [query, setQuery] = useState(() => readLocal(QUERY_KEY) ?? DEFAULT_SQL);
  const [scope, setScope] = useState<"project" | "org">("project");
  const [run, setRun] = useState<Run>({ kind: "idle" });
  const editor = useRef<HTMLTextAreaElement>(null);
  const inFlight = useRef<AbortController | undefined>(undefined);
  const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

  useEffect(() => writeLocal(QUERY_KEY, query), [query]);
  useEffect(() => () => inFlight.current?.abort(), []);

  const execute = async () => {
    const text = query.trim();
    if (text === "") return;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setRun({ kind: "running" });
    const target: SqlScope = scope === "org" ? { orgId } : { projectId };
    try {
      const result = await runSql(target, text, controller.signal);
      if (!controller.signal.aborted) setRun({ kind: "done", result, query: text });
    } catch (error) {
      if (controller.signal.aborted) return;
      const status = (error as { status?: number }).status;
      setRun({ kind: "failed", message: error instanceof Error ? error.message : String(error), status });
    }
  };

  const cancel = () => {
    inFlight.current?.abort();
    setRun({ kind: "idle" });
  };

  const insert = (name: string) => {
    const area = editor.current;
    const { text, cursor } = insertAt(
      query,
      { start: area?.selectionStart ?? query.length, end: area?.selectionEnd ?? query.length },
      name,
    );
    setQuery(text);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(cursor, cursor);
    });
  };

  const running = run.kind === "running";
  return (
    <>
      <PageHeader
        title="SQL console"
        description={
          <>
            One read-only <code className="font-mono text-[13px]">SELECT</code> over your runs, spans, feedback and hourly rollups (times in
            UTC). At most 10,000 rows and 30 seconds.
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <div className="order-2 lg:order-1">
          <SqlSidebar onInsert={insert} onExample={(example) => setQuery(example)} />
        </div>
        <div className="order-1 min-w-0 space-y-4 lg:order-2">
          <Card className="p-3 sm:p-4">
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void execute();
              }}
            >
              <label
                htmlFor="sql-editor"
                className="mb-1 block text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong"
              >
                Query
              </label>
              <textarea
                id="sql-editor"
                ref={editor}
                value={query}
                maxLength={MAX_QUERY_CHARS}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                rows={9}
                aria-describedby="sql-editor-hint"
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    void execute();
                  }
                }}
                className="block w-full resize-y rounded-tremor-small border-tremor-border bg-tremor-background-muted font-mono text-[13px] leading-5 text-tremor-content-strong shadow-tremor-input focus:border-tremor-brand focus:ring-tremor-brand dark:border-dark-tremor-border dark:bg-dark-tremor-background-muted dark:text-dark-tremor-content-strong"
              />
              <div className="mt-3 flex flex-wrap items-center gap-3">
                <Button type="submit" size="xs" loading={running} disabled={running || query.trim() === ""}>
                  Run query
                </Button>
                {running && (
                  <Button type="button" size="xs" variant="secondary" onClick={cancel}>
                    Cancel
                  </Button>
                )}
                <span id="sql-editor-hint" className="text-xs text-tremor-content dark:text-dark-tremor-content">
                  <kbd className="rounded border border-tremor-border px-1 font-mono dark:border-dark-tremor-border">
                    {isMac ? "⌘" : "Ctrl"}
                  </kbd>
                  +<kbd className="rounded border border-tremor-border px-1 font-mono dark:border-dark-tremor-border">Enter</kbd> runs the
                  query
                </span>
                <Segmented
                  className="sm:ml-auto"
                  size="xs"
                  label="Query scope"
                  options={[
                    { value: "project", label: `Project: ${projectName}`, title: "Only this project's rows" },
                    { value: "org", label: `Org: ${orgName ?? "all projects"}`, title: "Every project of the org" },
                  ]}
                  value={scope}
                  onChange={setScope}
                />
              </div>
            </form>
          </Card>
          <ResultPanel run={run} />
        </div>
      </div>
    </>
  );
}

function ResultPanel({ run }: { run: Run }) {
  if (run.kind === "idle") {
    return (
      <Card>
        <EmptyState title="No results yet" description="Write a SELECT, or pick an example, and run it." />
      </Card>
    );
  }
  if (run.kind === "running") {
    return (
      <Card>
        <p role="status" className="flex items-center gap-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          <span className="h-3 w-3 animate-spin rounded-full border-2 border-tremor-brand border-t-transparent" aria-hidden="true" />
          Running…
        </p>
      </Card>
    );
  }
  if (run.kind === "failed") {
    return (
      <Card role="alert" decoration="left" decorationColor="red">
        <p className="font-medium text-red-700 dark:text-red-300">
          {run.status === 400 ? "The query was refused" : run.status === 403 ? "Not allowed" : "The query failed"}
        </p>
        <pre className="mt-2 whitespace-pre-wrap break-words font-mono text-[13px] text-tremor-content-strong dark:text-dark-tremor-content-strong">
          {run.message}
        </pre>
      </Card>
    );
  }
  const { result } = run;
  return (
    <Card className="p-0">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-tremor-border px-4 py-2.5 dark:border-dark-tremor-border">
        <p className="text-tremor-default tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong" aria-live="polite">
          {rowsLabel(result.rowCount)}{" "}
          <span className="text-tremor-content dark:text-dark-tremor-content">
            in {result.elapsedMs.toLocaleString("en-US", { maximumFractionDigits: 1 })} ms
          </span>
        </p>
        {result.truncated && (
          <p
            role="note"
            className="rounded-tremor-small bg-amber-50 px-2 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            Truncated: more rows matched. Aggregate, or add a LIMIT.
          </p>
        )}
        <button
          type="button"
          disabled={result.columns.length === 0}
          onClick={() => {
            const table = csvTable(result);
            downloadText(csvFileName(new Date()), toCsv(table.header, table.rows));
          }}
          className="ml-auto inline-flex items-center gap-1.5 rounded-tremor-small border border-tremor-border px-2.5 py-1 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted disabled:opacity-40 dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
        >
          <DownloadIcon /> Download CSV
        </button>
      </div>
      <SqlResultTable result={result} />
    </Card>
  );
}
