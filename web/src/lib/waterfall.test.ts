import assert from "node:assert/strict";
import { test } from "node:test";
import type { TraceNode } from "../api/types.ts";
import { countSpans, formatSpanMs, initialFolded, layoutWaterfall, niceStep, parentIds, pathTo } from "./waterfall.ts";

const T0 = Date.parse("2026-11-20T10:00:00.000Z");

function span(id: string, startMs: number, durationMs: number, children: TraceNode[] = [], isLlm = false): TraceNode {
  return {
    id,
    parentId: null,
    runId: isLlm ? `t-${id}` : null,
    name: id,
    kind: "internal",
    startTime: new Date(T0 + startMs).toISOString(),
    durationMs,
    status: "ok",
    isLlm,
    model: isLlm ? "gpt-4o" : "",
    costUsd: isLlm ? 0.001 : null,
    children,
  };
}

const tree = [
  span("agent", 0, 1000, [
    span("plan", 0, 200, [], true),
    span("tool", 250, 500, [span("http", 300, 100)]),
    span("answer", 800, 200, [], true),
  ]),
];

test("rows come depth first with their depth, offset and width relative to the whole trace", () => {
  const layout = layoutWaterfall(tree);
  assert.equal(layout.totalMs, 1000);
  assert.equal(layout.startEpochMs, T0);
  assert.deepEqual(
    layout.rows.map((row) => [row.node.id, row.depth, row.startMs, row.offsetPct, row.widthPct, row.descendants]),
    [
      ["agent", 0, 0, 0, 100, 4],
      ["plan", 1, 0, 0, 20, 0],
      ["tool", 1, 250, 25, 50, 1],
      ["http", 2, 300, 30, 10, 0],
      ["answer", 1, 800, 80, 20, 0],
    ],
  );
});

test("a folded span hides its subtree but still counts it", () => {
  const layout = layoutWaterfall(tree, { folded: new Set(["tool", "http"]) });
  assert.deepEqual(
    layout.rows.map((row) => [row.node.id, row.folded]),
    [
      ["agent", false],
      ["plan", false],
      ["tool", true],
      ["answer", false],
    ],
  );
  assert.equal(layout.rows[2]!.descendants, 1);
});

test("tiny spans keep a visible bar that never runs past the end", () => {
  const layout = layoutWaterfall([span("root", 0, 1000, [span("blip", 1000, 0), span("early", 0, 0)])], { minWidthPct: 1 });
  const blip = layout.rows.find((row) => row.node.id === "blip")!;
  assert.equal(blip.widthPct, 1);
  assert.equal(blip.offsetPct, 99);
  assert.equal(layout.rows.find((row) => row.node.id === "early")!.offsetPct, 0);
});

test("the trace spans from the first start to the last end, even when a child outlives its parent", () => {
  const layout = layoutWaterfall([span("a", 100, 100, [span("late", 150, 350)]), span("b", 0, 50)]);
  assert.equal(layout.totalMs, 500);
  assert.deepEqual(
    layout.rows.map((row) => [row.node.id, row.offsetPct, row.widthPct]),
    [
      ["a", 20, 20],
      ["late", 30, 70],
      ["b", 0, 10],
    ],
  );
});

test("an empty or instant trace does not divide by zero", () => {
  assert.deepEqual(layoutWaterfall([]).rows, []);
  const instant = layoutWaterfall([span("only", 0, 0)]);
  assert.equal(instant.rows[0]!.offsetPct, 0);
  assert.ok(instant.rows[0]!.widthPct > 0 && instant.rows[0]!.widthPct <= 100);
});

test("axis ticks fall on round durations", () => {
  assert.deepEqual(
    layoutWaterfall(tree).ticks.map((tick) => [tick.ms, tick.pct]),
    [
      [0, 0],
      [250, 25],
      [500, 50],
      [750, 75],
      [1000, 100],
    ],
  );
  const odd = layoutWaterfall([span("x", 0, 1300)]);
  assert.deepEqual(
    odd.ticks.map((tick) => tick.ms),
    [0, 500, 1000],
  );
  assert.equal(odd.tickStepPct, (500 / 1300) * 100);
  assert.equal(niceStep(325), 500);
  assert.equal(niceStep(0.3), 0.5);
  assert.equal(niceStep(2000), 2000);
  assert.equal(niceStep(0), 1);
});

test("durations read compactly", () => {
  assert.equal(formatSpanMs(0), "0 ms");
  assert.equal(formatSpanMs(0.347), "0.35 ms");
  assert.equal(formatSpanMs(12.4), "12 ms");
  assert.equal(formatSpanMs(1250), "1.25 s");
  assert.equal(formatSpanMs(125_000), "2 m 05 s");
  assert.equal(formatSpanMs(119_700), "2 m 00 s");
});

test("tree helpers count spans and list the ones with children", () => {
  assert.equal(countSpans(tree), 5);
  assert.deepEqual(parentIds(tree).sort(), ["agent", "tool"]);
});

test("big traces open folded, except on the way to the current run", () => {
  assert.deepEqual(pathTo(tree, "http"), ["agent", "tool", "http"]);
  assert.deepEqual(pathTo(tree, "nope"), []);
  assert.deepEqual(initialFolded(tree, "http"), new Set());
  assert.deepEqual(initialFolded(tree, "plan", 3), new Set(["tool"]));
  assert.deepEqual(initialFolded(tree, "http", 3), new Set());
});
