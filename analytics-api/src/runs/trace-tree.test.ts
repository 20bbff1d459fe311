import assert from "node:assert/strict";
import { test } from "node:test";
import type { TraceSpanRow } from "@promptmetrics/clickhouse/runs";
import { buildTraceTree, type TraceNode } from "./trace-tree.ts";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
function span(id: string, parent: string, second: number, extra: Partial<TraceSpanRow> = {}): TraceSpanRow {
  return {
    span_id: id,
    parent_span_id: parent,
    name: `span ${id}`,
    kind: "internal",
    start_time: `2026-11-25 10:00:${String(second).padStart(2, "0")}.000000000`,
    duration_ns: 1_500_000,
    status_code: "unset",
    is_llm: false,
    model: "",
    cost_usd: null,
    ...extra,
  };
}
const shape = (nodes: TraceNode[]): unknown =>
  nodes.map((node) => (node.children.length > 0 ? { [node.id]: shape(node.children) } : node.id));

test("children nest under their parents in start order", () => {
  const roots = buildTraceTree(TRACE, [
    span("a", "", 0),
    span("b", "a", 1),
    span("c", "a", 2, { is_llm: true, model: "gpt-4o", cost_usd: "0.012500000000", status_code: "error" }),
    span("d", "b", 3),
  ]);
  assert.deepEqual(shape(roots), [{ a: [{ b: ["d"] }, "c"] }]);
  const llm = roots[0]!.children[1]!;
  assert.deepEqual(
    {
      runId: llm.runId,
      isLlm: llm.isLlm,
      model: llm.model,
      costUsd: llm.costUsd,
      status: llm.status,
      durationMs: llm.durationMs,
      startTime: llm.startTime,
      parentId: llm.parentId,
    },
    {
      runId: `${TRACE}-c`,
      isLlm: true,
      model: "gpt-4o",
      costUsd: 0.0125,
      status: "error",
      durationMs: 1.5,
      startTime: "2026-11-25T10:00:02.000Z",
      parentId: "a",
    },
  );
  assert.equal(roots[0]!.runId, null);
  assert.equal(roots[0]!.parentId, null);
});

test("a span whose parent is missing is a root", () => {
  assert.deepEqual(shape(buildTraceTree(TRACE, [span("a", "", 0), span("x", "gone", 1), span("y", "x", 2)])), ["a", { x: ["y"] }]);
});

test("a parent cycle is broken at its earliest span, so every span appears once", () => {
  const roots = buildTraceTree(TRACE, [span("p", "q", 0), span("q", "p", 1), span("self", "self", 2)]);
  assert.deepEqual(shape(roots), ["self", { p: ["q"] }]);
});
