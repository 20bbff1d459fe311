// (helper of the grafana benchmark) Prints what was measured: the dataset, the baselines, one table per
// board and range (p50, max, rows, what the query reads, ratio to the API's own query), then a summary.
import type { Baseline } from "./grafana-baselines.ts";
import type { BoardRange, MeasuredQuery, Reads } from "./grafana-panels.ts";
import type { Timing } from "./grafana-timing.ts";
import { fixed, heading, int, ms } from "./ingest/report.ts";

export interface BoardRun {
  board: string;
  range: BoardRange;
  queries: MeasuredQuery<Timing>[];
}

/** A panel slower than this (p50) is listed in the summary. */
export const SLOW_PANEL_MS = 500;

const TITLE_WIDTH = 44;

export function printBaselines(api: Baseline, floor: Baseline): void {
  heading("Baselines, measured in this run on the same store (1 warm-up + the same number of calls as the panels)");
  for (const baseline of [api, floor]) {
    console.log(
      `  ${baseline.what.padEnd(42)}p50 ${ms(baseline.p50Ms).padStart(9)}   max ${ms(baseline.maxMs).padStart(9)}   ${baseline.how}`,
    );
  }
  console.log(`  "× API" below is a panel's p50 divided by the API overview's p50 (${ms(api.p50Ms)}).`);
}

export function printBoardRun(run: BoardRun, api: Baseline): void {
  heading(
    `${run.board} · ${run.range.label}: ${utcMinute(run.range.from)} → ${utcMinute(run.range.to)}, $__interval ${interval(run.range.baseIntervalMs)} before panel minimums`,
  );
  console.log(
    `  ${"query".padEnd(TITLE_WIDTH)}${"type".padEnd(11)}${"reads".padEnd(22)}${"rows".padStart(7)}${"p50".padStart(10)}${"max".padStart(10)}${"× API".padStart(9)}`,
  );
  const notes: string[] = [];
  for (const query of run.queries) {
    const title = query.kind === "variable" ? `variable ${query.title}` : query.title;
    const cells = `  ${clip(title, TITLE_WIDTH - 1).padEnd(TITLE_WIDTH)}${query.type.padEnd(11)}${readsLabel(query.reads).padEnd(22)}`;
    if (query.measured === undefined) {
      console.log(`${cells}failed: ${query.error ?? "unknown error"}`);
      continue;
    }
    const { p50Ms, maxMs, rows } = query.measured;
    console.log(
      `${cells}${int(rows).padStart(7)}${ms(p50Ms).padStart(10)}${ms(maxMs).padStart(10)}${ratio(p50Ms / api.p50Ms).padStart(9)}`,
    );
    if (query.kind === "panel" && query.reads.describedRaw !== (query.reads.kind === "raw")) {
      notes.push(
        `${query.title}: its description ${query.reads.describedRaw ? "says" : "does not say"} raw, its SQL reads ${query.reads.main}`,
      );
    }
  }
  for (const note of notes) console.log(`  (!) ${note}`);
  const render = renderCost(run);
  console.log(
    `  one render: ${ms(render.sequentialMs)} one query at a time (variables ${ms(render.variablesMs)} + panels ${ms(render.panelsMs)}); ` +
      `at least ${ms(render.concurrentMs)} with every panel at once (variables, then the slowest panel: ${ms(render.slowestPanelMs)})`,
  );
}

export interface RenderCost {
  variablesMs: number;
  panelsMs: number;
  slowestPanelMs: number;
  sequentialMs: number;
  concurrentMs: number;
}

/**
 * Grafana resolves the variables first (in order, each may need the one before), then sends every panel's
 * query at once: with enough cores a render takes the variables plus the slowest panel; with one (the
 * embedded store answers one query at a time) it takes the sum.
 */
export function renderCost(run: BoardRun): RenderCost {
  const p50 = (kind: "variable" | "panel") => run.queries.filter((query) => query.kind === kind).map((query) => query.measured?.p50Ms ?? 0);
  const variablesMs = sum(p50("variable"));
  const panels = p50("panel");
  const slowestPanelMs = Math.max(0, ...panels);
  return {
    variablesMs,
    panelsMs: sum(panels),
    slowestPanelMs,
    sequentialMs: variablesMs + sum(panels),
    concurrentMs: variablesMs + slowestPanelMs,
  };
}

export function printSummary(runs: readonly BoardRun[], api: Baseline): void {
  const panels = runs.flatMap((run) => run.queries.filter((query) => query.kind === "panel").map((query) => ({ run, query })));
  const timed = panels
    .filter(({ query }) => query.measured !== undefined)
    .sort((a, b) => b.query.measured!.p50Ms - a.query.measured!.p50Ms);
  const failed = runs.flatMap((run) => run.queries.filter((query) => query.measured === undefined).map((query) => ({ run, query })));
  const where = ({ run, query }: { run: BoardRun; query: MeasuredQuery<Timing> }) => `${run.board} › ${query.title} (${run.range.label})`;

  heading("Summary");
  const slowest = timed[0];
  if (slowest) {
    console.log(
      `  slowest panel: ${where(slowest)}: p50 ${ms(slowest.query.measured!.p50Ms)}, ${ratio(slowest.query.measured!.p50Ms / api.p50Ms)} the API overview, reads ${readsLabel(slowest.query.reads)}`,
    );
  }
  const slow = timed.filter(({ query }) => query.measured!.p50Ms > SLOW_PANEL_MS);
  console.log(
    `  panels over ${SLOW_PANEL_MS} ms (p50): ${slow.length} of ${panels.length} panel queries (${runs.length} board × range renders)`,
  );
  for (const entry of slow)
    console.log(`    ${ms(entry.query.measured!.p50Ms).padStart(9)}  ${where(entry)}, ${readsLabel(entry.query.reads)}`);
  if (failed.length > 0) {
    console.log(`  failed queries: ${failed.length}`);
    for (const entry of failed) console.log(`    ${where(entry)}: ${entry.query.error ?? "unknown error"}`);
  }
  console.log("  time to render each board once (p50s; variables, then panels):");
  console.log(
    `    ${"board".padEnd(36)}${"range".padEnd(20)}${"queries".padStart(8)}${"one at a time".padStart(16)}${"all at once".padStart(14)}${"slowest panel".padStart(16)}`,
  );
  for (const run of runs) {
    const render = renderCost(run);
    console.log(
      `    ${clip(run.board, 35).padEnd(36)}${run.range.label.padEnd(20)}${String(run.queries.length).padStart(8)}${ms(render.sequentialMs).padStart(16)}${ms(render.concurrentMs).padStart(14)}${ms(render.slowestPanelMs).padStart(16)}`,
    );
  }
}

export function readsLabel(reads: Reads): string {
  switch (reads.kind) {
    case "raw":
      return `raw ${reads.main}`;
    case "none":
      return "—";
    default:
      return reads.main;
  }
}

function ratio(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return `${value < 0.1 ? fixed(value, 2) : value < 10 ? fixed(value, 1) : int(value)}×`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")}`;
}

function interval(msValue: number): string {
  if (msValue % 86_400_000 === 0) return `${msValue / 86_400_000}d`;
  if (msValue % 3_600_000 === 0) return `${msValue / 3_600_000}h`;
  if (msValue % 60_000 === 0) return `${msValue / 60_000}m`;
  return `${msValue / 1000}s`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
