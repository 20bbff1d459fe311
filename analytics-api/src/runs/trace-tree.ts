// A trace's spans as a tree: children under their parent, each level ordered by start time. A span
// whose parent is not in the trace (not received, or cut by the span limit) is a root; so is the first
// span of a parent cycle, which only malformed data can hold.
import type { TraceSpanRow } from "@promptmetrics/clickhouse/runs";
import { isoTime, runId, usd } from "./run-view.ts";

export interface TraceNode {
  id: string;
  parentId: string | null;
  /** The run id of an LLM span, to link to its detail; null for other spans. */
  runId: string | null;
  name: string;
  kind: string;
  startTime: string;
  durationMs: number;
  status: "unset" | "ok" | "error";
  isLlm: boolean;
  model: string;
  costUsd: number | null;
  children: TraceNode[];
}

/** Rows must come ordered by start time (getTraceSpans does), so children keep that order. */
export function buildTraceTree(traceId: string, rows: readonly TraceSpanRow[]): TraceNode[] {
  const nodes = new Map<string, TraceNode>();
  const parentOf = new Map<TraceNode, string>();
  for (const row of rows) {
    if (nodes.has(row.span_id)) continue;
    const node: TraceNode = {
      id: row.span_id,
      parentId: row.parent_span_id === "" ? null : row.parent_span_id,
      runId: row.is_llm ? runId(traceId, row.span_id) : null,
      name: row.name,
      kind: row.kind,
      startTime: isoTime(row.start_time),
      durationMs: row.duration_ns / 1e6,
      status: row.status_code === "error" ? "error" : row.status_code === "ok" ? "ok" : "unset",
      isLlm: row.is_llm,
      model: row.model,
      costUsd: usd(row.cost_usd),
      children: [],
    };
    nodes.set(row.span_id, node);
    parentOf.set(node, row.parent_span_id);
  }
  const roots: TraceNode[] = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(parentOf.get(node) ?? "");
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  // Spans caught in a parent cycle are reachable from no root: lift the earliest of each cycle.
  const reached = new Set<TraceNode>();
  const mark = (start: TraceNode) => {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (reached.has(node)) continue;
      reached.add(node);
      stack.push(...node.children);
    }
  };
  roots.forEach(mark);
  for (const node of nodes.values()) {
    if (reached.has(node)) continue;
    const parent = nodes.get(parentOf.get(node) ?? "");
    if (parent) parent.children = parent.children.filter((child) => child !== node);
    roots.push(node);
    mark(node);
  }
  return roots;
}
