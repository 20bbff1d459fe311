import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compareSides,
  describeTest,
  intervalPlot,
  evidenceLayout,
  evidenceRows,
  evidenceView,
  formatField,
  labelOf,
  shortLabel,
} from "./evidence.ts";

// Evidence as the kinds write it (analytics-api/src/optimization/kinds/), from a real sample-data answer.
const TRUNCATION = { runs: 2599, truncatedRuns: 78, truncatedShare: 0.030011542901115813, truncatedCostUsd: "0.7048225", windowDays: 30 };
const SLOW_MODEL = {
  from: { model: "o4-mini", runs: 392, errors: 12, p95LatencyMs: 51418.18532614999, p95TtftMs: 38752.700282965845 },
  to: { model: "claude-haiku-4-5", runs: 109, errors: 1, p95LatencyMs: 10796.559857999999, p95TtftMs: null },
};

test("evidence with a from and a to side is compared; anything else is a table", () => {
  assert.equal(evidenceLayout(SLOW_MODEL), "comparison");
  assert.equal(evidenceLayout(TRUNCATION), "table");
  assert.equal(evidenceLayout({ from: "o4-mini", to: "gpt-4o" }), "table", "sides must be objects");
  assert.equal(evidenceLayout({ from: { model: "a" } }), "table");
  assert.equal(evidenceView({ evidence: {} }).layout, "table");
});

test("a truncation's evidence reads as labelled rows: counts, a share, money rounded with the exact figure", () => {
  assert.deepEqual(evidenceRows(TRUNCATION), [
    { key: "runs", label: "Runs", value: "2,599" },
    { key: "truncatedRuns", label: "Runs cut off", value: "78" },
    { key: "truncatedShare", label: "Share cut off", value: "3.0%", exact: "0.030011542901115813" },
    { key: "truncatedCostUsd", label: "Cost of the runs cut off", value: "$0.70", exact: "$0.7048225" },
    { key: "windowDays", label: "Window", value: "30 days" },
  ]);
});

test("batch_api and unknown_price evidence: percent, prompt lists, the rule as text; empty lists left out", () => {
  const rows = evidenceRows({
    offlineRuns: 120,
    offlineCostUsd: "12.5",
    batchDiscountPercent: 50,
    prompts: ["summarize", "<script>alert(1)</script>"],
    rule: "not streamed",
  });
  assert.deepEqual(
    rows.map((row) => [row.label, row.value]),
    [
      ["Runs nobody waited for", "120"],
      ["Their cost", "$12.50"],
      ["Batch discount", "50%"],
      ["Prompts", "summarize, <script>alert(1)</script>"],
      ["Counted when", "not streamed"],
    ],
  );
  assert.deepEqual(
    evidenceRows({ unpricedRuns: 3, shareOfRuns: 0.00015, prompts: [] }).map((row) => [row.label, row.value]),
    [
      ["Runs without a price", "3"],
      ["Share of the project's runs", "0.0%"],
    ],
  );
});

test("fields no kind told the dashboard about still read: a humanized name and a format by suffix", () => {
  assert.equal(labelOf("cacheHitShare"), "Cache hit share");
  assert.equal(labelOf("duplicate_runs"), "Duplicate runs");
  assert.deepEqual(formatField("cacheHitShare", 0.25), { value: "25.0%", exact: "0.25" });
  assert.deepEqual(formatField("savedPerRunUsd", "0.000123"), { value: "$0.000123", exact: "$0.000123" });
  assert.deepEqual(formatField("medianMs", 15_000), { value: "15.0 s" });
  assert.deepEqual(formatField("factor", 2.34567), { value: "2.346" });
  assert.deepEqual(formatField("streamed", false), { value: "no" });
  assert.deepEqual(formatField("nested", { a: 1 }), { value: '{"a":1}' });
  assert.deepEqual(formatField("successDifference", { low: -0.012, high: 0.008 }), { value: "-1.2% to 0.8%" });
  assert.deepEqual(formatField("anything", null), { value: "–" });
});

test("slow_model: success derived from runs and failures, latencies compared, runs and failures first", () => {
  const comparison = compareSides(SLOW_MODEL);
  assert.equal(comparison.fromLabel, "o4-mini");
  assert.equal(comparison.toLabel, "claude-haiku-4-5");
  assert.deepEqual(
    comparison.metrics.map((metric) => [metric.name, metric.fromText, metric.toText, metric.better]),
    [
      ["successRate", "96.9%", "99.1%", "higher"],
      ["p95Latency", "51.4 s", "10.8 s", "lower"],
      ["p95Ttft", "38.8 s", "–", "lower"],
    ],
  );
  assert.deepEqual(
    comparison.rows.map((row) => [row.label, row.from, row.to]),
    [
      ["Runs", "392", "109"],
      ["Failed runs", "12", "1"],
      ["Success rate", "96.9%", "99.1%"],
      ["p95 latency", "51.4 s", "10.8 s"],
      ["p95 time to first token", "38.8 s", "–"],
    ],
  );
});

// model_switch's evidence as analytics-api/src/optimization/kinds/model-switch.ts writes it.
const side = (model: string, runs: number, successRate: number, low: number, high: number, meanRating: number | null, cost: string) => ({
  model,
  runs,
  successRate,
  successInterval: { low, high },
  qualityRate: successRate - 0.01,
  qualityInterval: { low: low - 0.01, high: high - 0.01 },
  ratedRuns: 40,
  meanRating,
  costPerRunUsd: cost,
  p95LatencyMs: 4200,
});
const REPRICED = { matchedRuns: 1442, currentCostUsd: "19.600000000", projectedCostUsd: "3.840000000", windowDays: 30 };

test("a measured model switch: success, heuristic quality, rating, cost per run and latency, with each side's interval and the tests", () => {
  const view = evidenceView({
    evidence: {
      from: side("gpt-4.1", 1442, 0.961, 0.95, 0.97, 3.83, "0.013592233"),
      to: side("gpt-4o-mini", 81, 0.988, 0.933, 0.998, 3.5, "0.002662968"),
      tests: {
        method: "95% intervals of (to − from): Newcombe's hybrid score interval for the success rate, Welch's for the mean rating",
        success: { difference: { low: -0.021, high: 0.046 }, margin: 0.05, notWorse: true },
        quality: { difference: { low: -0.03, high: 0.04 }, margin: 0.05, notWorse: true },
        rating: { difference: { low: -0.2, high: 0.05 }, margin: 0.25, notWorse: true },
      },
      repriced: REPRICED,
    },
  });
  assert.equal(view.layout, "comparison");
  if (view.layout !== "comparison") return;
  const metrics = view.comparison.metrics;
  assert.deepEqual(
    metrics.map((metric) => [metric.name, metric.fromText, metric.toText]),
    [
      ["successRate", "96.1% (95% interval 95.0% to 97.0%)", "98.8% (95% interval 93.3% to 99.8%)"],
      ["quality", "95.1% (95% interval 94.0% to 96.0%)", "97.8% (95% interval 92.3% to 98.8%)"],
      ["meanRating", "3.83 ★", "3.50 ★"],
      ["costPerRun", "$0.0136", "$0.00266"],
      ["p95Latency", "4,200 ms", "4,200 ms"],
    ],
  );
  assert.deepEqual(
    metrics.map((metric) => (metric.test ? describeTest(metric) : null)),
    [
      "Success rate, suggested − current: −2.1 pp to +4.6 pp (95% interval); not worse than −5.0 pp: yes",
      "Heuristic quality, suggested − current: −3.0 pp to +4.0 pp (95% interval); not worse than −5.0 pp: yes",
      "Mean rating, suggested − current: −0.20 ★ to +0.05 ★ (95% interval); not worse than −0.25 ★: yes",
      null,
      null,
    ],
  );
  assert.deepEqual(
    view.comparison.rows.map((row) => [row.label, row.from, row.to]),
    [
      ["Runs", "1,442", "81"],
      ["Success rate", "96.1% (95% interval 95.0% to 97.0%)", "98.8% (95% interval 93.3% to 99.8%)"],
      ["Heuristic quality", "95.1% (95% interval 94.0% to 96.0%)", "97.8% (95% interval 92.3% to 98.8%)"],
      ["Mean rating", "3.83 ★", "3.50 ★"],
      ["Cost per run", "$0.0136", "$0.00266"],
      ["p95 latency", "4,200 ms", "4,200 ms"],
      ["Rated runs", "40", "40"],
    ],
  );
  // The re-pricing is flattened into rows of its own; the tests' method is a row; the sides are not repeated.
  assert.deepEqual(
    view.rows.map((row) => [row.key, row.label, row.value]),
    [
      ["repriced.matchedRuns", "Runs re-priced", "1,442"],
      ["repriced.currentCostUsd", "Their cost", "$19.60"],
      ["repriced.projectedCostUsd", "Their cost at the suggested model", "$3.84"],
      ["repriced.windowDays", "Window", "30 days"],
      [
        "tests.method",
        "Method",
        "95% intervals of (to − from): Newcombe's hybrid score interval for the success rate, Welch's for the mean rating",
      ],
    ],
  );
});

test("an untested switch: the suggested side has only its runs elsewhere; nothing to chart, an experiment's bare rating interval", () => {
  const untested = evidenceView({
    evidence: {
      from: side("gpt-4o", 2598, 0.988, 0.983, 0.992, 4.2, "0.009689572"),
      to: { model: "o4-mini", runsElsewhere: 1577, errorsElsewhere: 38 },
      repriced: REPRICED,
    },
  });
  if (untested.layout !== "comparison") return assert.fail("a comparison");
  assert.deepEqual(
    untested.comparison.metrics.map((metric) => [metric.name, metric.from !== null, metric.to !== null]),
    [
      ["successRate", true, false],
      ["quality", true, false],
      ["meanRating", true, false],
      ["costPerRun", true, false],
      ["p95Latency", true, false],
    ],
  );
  assert.deepEqual(
    untested.comparison.rows.filter((row) => /Elsewhere/.test(row.key)).map((row) => [row.label, row.from, row.to]),
    [
      ["Runs on the project's other prompts", "–", "1,577"],
      ["Failures on the project's other prompts", "–", "38"],
    ],
  );
  const inconclusive = compareSides({
    from: side("gpt-4o", 2598, 0.988, 0.983, 0.992, 4.2, "0.009689572"),
    to: side("o4-mini", 30, 0.967, 0.83, 0.994, 4.4, "0.001"),
    tests: { success: { difference: { low: -0.14, high: 0.01 }, margin: 0.05, notWorse: false }, rating: { low: -0.3, high: 0.7 } },
  });
  assert.deepEqual(inconclusive.metrics.filter((metric) => metric.test).map(describeTest), [
    "Success rate, suggested − current: −14.0 pp to +1.0 pp (95% interval); not worse than −5.0 pp: not shown yet",
    "Mean rating, suggested − current: −0.30 ★ to +0.70 ★ (95% interval)",
  ]);
});

test("intervalPlot zooms the axis to the values and bounds, within 0..1 for rates; none without an interval", () => {
  const [success, rating] = compareSides({
    from: { model: "a", successRate: 0.986, successInterval: { low: 0.981, high: 0.99 }, meanRating: 4.2 },
    to: { model: "b", successRate: 0.991, successInterval: { low: 0.949, high: 0.998 }, meanRating: 3.9 },
  }).metrics;
  const plot = intervalPlot(success!)!;
  assert.ok(Math.abs(plot.min - (0.949 - 0.049 * 0.08)) < 1e-12);
  assert.equal(plot.max, 1, "a rate's axis ends at 100%");
  const [from, to] = plot.sides;
  assert.equal(from!.interval!.low, 0.981);
  assert.ok(from!.at(0.949 - 0.049 * 0.08) === 0 && to!.at(1) === 100);
  assert.ok(to!.at(to!.value!) > from!.at(from!.value!));
  assert.equal(intervalPlot(rating!), undefined);
});

test("shortLabel cuts long names by characters, not UTF-16 units", () => {
  assert.equal(shortLabel("gpt-4o"), "gpt-4o");
  assert.equal(shortLabel("a".repeat(30), 10), "aaaaaaaaa…");
  assert.equal(shortLabel("😀".repeat(12), 10), `${"😀".repeat(9)}…`);
});
