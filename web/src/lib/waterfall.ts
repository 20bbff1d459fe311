// The trace waterfall's geometry: the span tree flattened into rows (depth first, children under their
// parent, folded subtrees left out), each with its bar's offset and width as percentages of the trace's
// whole span of time, and the time axis' ticks.
import type { TraceNode } from "../api/types.ts";

export interface WaterfallRow {
  node: TraceNode;
  depth: number;
  /** Milliseconds from the trace's first start to this span's start. */
  startMs: number;
  /** Where the bar starts and how wide it is, in % of the trace's duration (offset + width ≤ 100). */
  offsetPct: number;
  widthPct: number;
  /** Spans below this one, at any depth (shown or folded). */
  descendants: number;
  folded: boolean;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  /** From the first start to the last end, in ms (at least a hair above 0). */
  totalMs: number;
  /** Epoch ms of the first start. */
  startEpochMs: number;
  ticks: Tick[];
  /** The distance between two ticks in % of the track (for the grid lines). */
  tickStepPct: number;
}

export interface Tick {
  ms: number;
  pct: number;
}

export interface LayoutOptions {
  /** Span ids whose children are hidden. */
  folded?: ReadonlySet<string>;
  /** The narrowest bar, in %, so a 0 ms span still shows. @default 0.4 */
  minWidthPct?: number;
  /** About how many ticks the axis gets. @default 4 */
  tickCount?: number;
}

export function layoutWaterfall(roots: readonly TraceNode[], options: LayoutOptions = {}): WaterfallLayout {
  const folded = options.folded ?? new Set<string>();
  const minWidth = options.minWidthPct ?? 0.4;
  let first = Infinity;
  let last = -Infinity;
  const counts = new Map<TraceNode, number>();
  // Iterative post-order: a trace may be 2000 spans deep in a malformed worst case.
  const stack: { node: TraceNode; visited: boolean }[] = roots.map((node) => ({ node, visited: false }));
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.visited) {
      counts.set(
        entry.node,
        entry.node.children.reduce((sum, child) => sum + 1 + (counts.get(child) ?? 0), 0),
      );
      continue;
    }
    const start = Date.parse(entry.node.startTime);
    if (Number.isFinite(start)) {
      first = Math.min(first, start);
      last = Math.max(last, start + Math.max(0, entry.node.durationMs));
    }
    stack.push({ node: entry.node, visited: true });
    for (const child of entry.node.children) stack.push({ node: child, visited: false });
  }
  if (!Number.isFinite(first)) {
    first = 0;
    last = 0;
  }
  // Sub-millisecond spans are common for tool stubs; never divide by zero.
  const totalMs = Math.max(last - first, 0.001);

  const rows: WaterfallRow[] = [];
  const walk: { node: TraceNode; depth: number }[] = [...roots].reverse().map((node) => ({ node, depth: 0 }));
  while (walk.length > 0) {
    const { node, depth } = walk.pop()!;
    const parsed = Date.parse(node.startTime);
    const startMs = Number.isFinite(parsed) ? parsed - first : 0;
    const widthPct = Math.min(100, Math.max(minWidth, (Math.max(0, node.durationMs) / totalMs) * 100));
    const offsetPct = Math.max(0, Math.min((startMs / totalMs) * 100, 100 - widthPct));
    const isFolded = folded.has(node.id) && node.children.length > 0;
    rows.push({ node, depth, startMs, offsetPct, widthPct, descendants: counts.get(node) ?? 0, folded: isFolded });
    if (!isFolded)
      for (let index = node.children.length - 1; index >= 0; index -= 1) walk.push({ node: node.children[index]!, depth: depth + 1 });
  }
  const step = niceStep(totalMs / (options.tickCount ?? 4));
  const ticks: Tick[] = [];
  for (let index = 0; index * step <= totalMs * (1 + 1e-9); index += 1)
    ticks.push({ ms: index * step, pct: ((index * step) / totalMs) * 100 });
  return { rows, totalMs, startEpochMs: first, ticks, tickStepPct: (step / totalMs) * 100 };
}

/** The smallest of 1, 2, 2.5 or 5 × 10ⁿ at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * magnitude >= raw * (1 - 1e-9)) return factor * magnitude;
  return 10 * magnitude;
}

/** A span duration or axis offset, compact: 0 ms, 0.35 ms, 12 ms, 1.25 s, 2 m 05 s. */
export function formatSpanMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${Number(ms.toPrecision(2))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toPrecision(3))} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 60 ? `${minutes + 1} m 00 s` : `${minutes} m ${String(seconds).padStart(2, "0")} s`;
}

/** Every span id with children, to fold or unfold the whole tree at once. */
export function parentIds(roots: readonly TraceNode[]): string[] {
  const ids: string[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.children.length > 0) ids.push(node.id);
    stack.push(...node.children);
  }
  return ids;
}

/** How many spans the tree holds. */
export function countSpans(roots: readonly TraceNode[]): number {
  let count = 0;
  const stack = [...roots];
  while (stack.length > 0) {
    count += 1;
    stack.push(...stack.pop()!.children);
  }
  return count;
}

/** The span ids from a root down to `id` (both included); empty when it is not in the tree. */
export function pathTo(roots: readonly TraceNode[], id: string): string[] {
  const stack: { node: TraceNode; path: string[] }[] = roots.map((node) => ({ node, path: [node.id] }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.id === id) return path;
    for (const child of node.children) stack.push({ node: child, path: [...path, child.id] });
  }
  return [];
}

/**
 * What starts folded: nothing in a trace of up to `limit` spans; in a bigger one every subtree except
 * the ones on the way to the run being looked at, so the page opens on a readable list.
 */
export function initialFolded(roots: readonly TraceNode[], currentId: string, limit = 200): Set<string> {
  if (countSpans(roots) <= limit) return new Set();
  const open = new Set(pathTo(roots, currentId));
  return new Set(parentIds(roots).filter((id) => !open.has(id)));
}
