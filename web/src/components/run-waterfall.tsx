// A trace as a waterfall: one row per span, nested under its parent, its bar placed by start and
// duration within the whole trace. LLM spans are coloured and show model and cost; the run being
// looked at is marked. Rows are buttons (details open below them); ↑/↓ move between rows, ←/→ fold.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router-dom";
import type { TraceNode } from "../api/types.ts";
import { exactUsd, formatDateTime } from "../lib/format.ts";
import { formatSpanMs, initialFolded, layoutWaterfall, parentIds, type WaterfallRow } from "../lib/waterfall.ts";
import { ChevronDownIcon } from "./icons.tsx";

export interface RunWaterfallProps {
  roots: readonly TraceNode[];
  /** The span of the run on the page: marked, and its ancestors start unfolded. */
  currentSpanId: string;
  /** Where another LLM span's run lives. */
  runHref: (runId: string) => string;
  /** Router state for those links (where "back" goes from there). */
  linkState?: unknown;
  timeZone: string;
}

const GRID = "grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-x-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]";

function barClass(node: TraceNode, current: boolean): string {
  if (node.status === "error") return "bg-red-500 dark:bg-red-500";
  if (current)
    return "bg-tremor-brand-emphasis ring-2 ring-tremor-brand-muted dark:bg-dark-tremor-brand-emphasis dark:ring-dark-tremor-brand-subtle";
  if (node.isLlm) return "bg-tremor-brand dark:bg-dark-tremor-brand";
  return "bg-gray-300 dark:bg-gray-600";
}

export function RunWaterfall({ roots, currentSpanId, runHref, linkState, timeZone }: RunWaterfallProps) {
  const [folded, setFolded] = useState<Set<string>>(() => initialFolded(roots, currentSpanId));
  const [selected, setSelected] = useState<string | null>(null);
  const layout = useMemo(() => layoutWaterfall(roots, { folded }), [roots, folded]);
  const allParents = useMemo(() => parentIds(roots), [roots]);
  const listRef = useRef<HTMLOListElement>(null);
  const hintId = useId();

  const setFold = (id: string, fold: boolean) =>
    setFolded((current) => {
      const next = new Set(current);
      if (fold) next.add(id);
      else next.delete(id);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>("[data-wf-row]") ?? [])];
    const index = buttons.findIndex((button) => button === document.activeElement);
    if (index < 0) return;
    const row = layout.rows[index];
    const focus = (target: number) => buttons[Math.max(0, Math.min(buttons.length - 1, target))]?.focus();
    switch (event.key) {
      case "ArrowDown":
        focus(index + 1);
        break;
      case "ArrowUp":
        focus(index - 1);
        break;
      case "Home":
        focus(0);
        break;
      case "End":
        focus(buttons.length - 1);
        break;
      case "ArrowRight":
        if (row && row.folded) setFold(row.node.id, false);
        else if (row && row.node.children.length > 0) focus(index + 1);
        else return;
        break;
      case "ArrowLeft": {
        if (!row) return;
        if (row.node.children.length > 0 && !row.folded) setFold(row.node.id, true);
        else {
          const parent = layout.rows.findIndex((candidate) => candidate.node.id === row.node.parentId);
          if (parent < 0) return;
          focus(parent);
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="[--wf-grid:theme(colors.gray.200)] dark:[--wf-grid:theme(colors.gray.800)]">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-tremor-content dark:text-dark-tremor-content">
        <div className="flex flex-wrap items-center gap-3" aria-hidden="true">
          <LegendSwatch className="bg-tremor-brand dark:bg-dark-tremor-brand" label="LLM call" />
          <LegendSwatch className="bg-gray-300 dark:bg-gray-600" label="Other span" />
          <LegendSwatch className="bg-red-500" label="Error" />
        </div>
        {allParents.length > 0 && (
          <div className="flex gap-3">
            <button
              type="button"
              className="font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
              onClick={() => setFolded(new Set())}
            >
              Unfold all
            </button>
            <button
              type="button"
              className="font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
              onClick={() => setFolded(new Set(allParents))}
            >
              Fold all
            </button>
          </div>
        )}
      </div>
      <p id={hintId} className="mb-2 hidden text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle sm:block">
        Select a span for its details. Keys: ↑ ↓ move between spans, → unfolds and ← folds a span's children.
      </p>
      <div
        className={`${GRID} border-b border-tremor-border pb-1 text-xs text-tremor-content dark:border-dark-tremor-border dark:text-dark-tremor-content`}
        aria-hidden="true"
      >
        <span>Span</span>
        <div className="relative h-4">
          {layout.ticks.map((tick, index) => (
            <span
              key={tick.ms}
              className={`absolute top-0 whitespace-nowrap tabular-nums ${index % 2 === 1 ? "hidden sm:block" : ""}`}
              style={{
                left: `${tick.pct}%`,
                transform: tick.pct === 0 ? undefined : tick.pct > 90 ? "translateX(-100%)" : "translateX(-50%)",
              }}
            >
              {formatSpanMs(tick.ms)}
            </span>
          ))}
        </div>
      </div>
      <ol
        ref={listRef}
        aria-label="Spans of the trace"
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
        className="[--wf-indent:0.5rem] sm:[--wf-indent:1rem]"
      >
        {layout.rows.map((row) => (
          <SpanRow
            key={row.node.id}
            row={row}
            current={row.node.id === currentSpanId}
            open={selected === row.node.id}
            onSelect={() => setSelected((id) => (id === row.node.id ? null : row.node.id))}
            onFold={(fold) => setFold(row.node.id, fold)}
            tickStepPct={layout.tickStepPct}
            traceStart={layout.startEpochMs}
            runHref={runHref}
            linkState={linkState}
            timeZone={timeZone}
          />
        ))}
      </ol>
    </div>
  );
}

function LegendSwatch({ className, label }: { className: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`inline-block h-2.5 w-4 rounded-sm ${className}`} />
      {label}
    </span>
  );
}

function SpanRow({
  row,
  current,
  open,
  onSelect,
  onFold,
  tickStepPct,
  traceStart,
  runHref,
  linkState,
  timeZone,
}: {
  row: WaterfallRow;
  current: boolean;
  open: boolean;
  onSelect: () => void;
  onFold: (fold: boolean) => void;
  tickStepPct: number;
  traceStart: number;
  runHref: (runId: string) => string;
  linkState: unknown;
  timeZone: string;
}) {
  const { node } = row;
  const detailsId = useId();
  const hasChildren = node.children.length > 0;
  const facts = [
    formatSpanMs(node.durationMs),
    node.isLlm && node.model ? node.model : null,
    node.isLlm ? exactUsd(node.costUsd) : null,
    node.status === "error" ? "error" : null,
  ].filter((fact): fact is string => fact !== null);
  return (
    <li
      className={`border-b border-tremor-border/60 dark:border-dark-tremor-border/60 ${current ? "bg-tremor-brand-faint dark:bg-dark-tremor-brand-faint" : ""}`}
    >
      <div className={`${GRID} items-center py-1`}>
        <div className="flex min-w-0 items-start gap-1" style={{ paddingLeft: `calc(${Math.min(row.depth, 12)} * var(--wf-indent))` }}>
          {hasChildren ? (
            <button
              type="button"
              tabIndex={-1}
              aria-label={`${row.folded ? "Show" : "Hide"} ${row.descendants} ${row.descendants === 1 ? "span" : "spans"} under ${node.name}`}
              aria-expanded={!row.folded}
              onClick={() => onFold(!row.folded)}
              className="mt-0.5 shrink-0 rounded p-0.5 text-tremor-content hover:bg-tremor-background-subtle dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-subtle"
            >
              <ChevronDownIcon className={`transition-transform ${row.folded ? "-rotate-90" : ""}`} />
            </button>
          ) : (
            <span className="w-5 shrink-0" aria-hidden="true" />
          )}
          <button
            type="button"
            data-wf-row=""
            aria-expanded={open}
            aria-controls={detailsId}
            aria-current={current ? "true" : undefined}
            onClick={onSelect}
            className="min-w-0 flex-1 rounded px-1 py-0.5 text-left hover:bg-tremor-background-subtle dark:hover:bg-dark-tremor-background-subtle"
          >
            <span className="flex flex-wrap items-center gap-x-1.5 text-tremor-default font-medium text-tremor-content-strong [overflow-wrap:anywhere] dark:text-dark-tremor-content-strong">
              {node.name || "(unnamed span)"}
              {current && (
                <span className="rounded-tremor-small bg-tremor-brand px-1.5 text-[11px] font-semibold leading-4 text-white dark:bg-dark-tremor-brand">
                  this run
                </span>
              )}
              {row.folded && (
                <span className="text-xs font-normal text-tremor-content dark:text-dark-tremor-content">+{row.descendants}</span>
              )}
            </span>
            <span className="block text-xs tabular-nums text-tremor-content [overflow-wrap:anywhere] dark:text-dark-tremor-content">
              {facts.join(" · ")}
            </span>
          </button>
        </div>
        <div
          className="relative h-7"
          aria-hidden="true"
          title={`+${formatSpanMs(row.startMs)}, ${formatSpanMs(node.durationMs)}`}
          style={{
            backgroundImage: "linear-gradient(to right, var(--wf-grid) 1px, transparent 1px)",
            backgroundSize: `${tickStepPct}% 100%`,
          }}
        >
          <div
            className={`absolute top-1/2 h-3 -translate-y-1/2 rounded-sm ${barClass(node, current)}`}
            style={{ left: `${row.offsetPct}%`, width: `max(${row.widthPct}%, 2px)` }}
          />
        </div>
      </div>
      <div id={detailsId} hidden={!open}>
        {open && (
          <SpanDetails row={row} current={current} traceStart={traceStart} runHref={runHref} linkState={linkState} timeZone={timeZone} />
        )}
      </div>
    </li>
  );
}

function SpanDetails({
  row,
  current,
  traceStart,
  runHref,
  linkState,
  timeZone,
}: {
  row: WaterfallRow;
  current: boolean;
  traceStart: number;
  runHref: (runId: string) => string;
  linkState: unknown;
  timeZone: string;
}) {
  const { node } = row;
  const facts: [string, string][] = [
    ["Kind", node.kind || "–"],
    ["Status", node.status],
    ["Starts", `+${formatSpanMs(row.startMs)} (${formatDateTime(new Date(traceStart + row.startMs).toISOString(), timeZone, true)})`],
    ["Duration", formatSpanMs(node.durationMs)],
    ...(node.isLlm
      ? ([
          ["Model", node.model || "–"],
          ["Cost", exactUsd(node.costUsd)],
        ] as [string, string][])
      : []),
    ["Span id", node.id],
  ];
  return (
    <div className="mb-2 ml-6 mr-1 rounded-tremor-small border border-tremor-border bg-tremor-background-muted p-3 text-xs dark:border-dark-tremor-border dark:bg-dark-tremor-background-muted">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 sm:grid-cols-[auto_minmax(0,1fr)_auto_minmax(0,1fr)]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-tremor-content dark:text-dark-tremor-content">{label}</dt>
            <dd className="font-mono text-tremor-content-strong [overflow-wrap:anywhere] dark:text-dark-tremor-content-strong">{value}</dd>
          </div>
        ))}
      </dl>
      {node.runId && !current && (
        <Link
          to={runHref(node.runId)}
          state={linkState}
          className="mt-2 inline-block font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
        >
          Open this LLM run →
        </Link>
      )}
    </div>
  );
}
