// How a suggestion's evidence reads: its fields depend on the kind (analytics-api/src/optimization/kinds/),
// so this turns any evidence object into labelled, formatted rows (nested groups such as model_switch's
// `repriced` flattened), and evidence with a `from` and a `to` side (a model switch, a faster model) into
// a comparison of the two: the figures the sides have (success, quality, rating, cost per run, latency)
// with each side's interval and the "not worse" test of the difference (`tests`) when the evidence has them.
// Pure, so the choice of rendering is tested without a browser; evidence-view.tsx draws it.
import type { Suggestion } from "../../api/types.ts";
import { formatCount, formatMs, formatPercent, formatPoints, formatRating, formatUsd } from "../../lib/format.ts";
import { formatUsdExact, formatUsdPerRun } from "../../lib/usd-decimal.ts";

export interface Interval {
  low: number;
  high: number;
}

export interface EvidenceRow {
  key: string;
  label: string;
  value: string;
  /** The exact figure, for a tooltip, when `value` is rounded. */
  exact?: string;
}

export type MetricName = "successRate" | "quality" | "meanRating" | "costPerRun" | "p95Latency" | "p95Ttft";

export interface ComparedMetric {
  name: MetricName;
  label: string;
  /** Which way is better, to say which side wins. */
  better: "higher" | "lower";
  from: number | null;
  to: number | null;
  fromText: string;
  toText: string;
  /** Each side's own interval (e.g. a Wilson interval of its success rate), formatted as the values are. */
  fromInterval?: Interval;
  toInterval?: Interval;
  /** The test of the difference to − from, when the evidence carries it (model_switch's `tests`). */
  test?: DifferenceTest;
  /** Formats a value or an interval bound of this metric. */
  format: (value: number | null) => string;
  /** Formats a difference of two values, signed (percentage points for rates). */
  formatDifference: (value: number) => string;
}

export interface DifferenceTest {
  /** 95% interval of suggested − current. */
  difference: Interval;
  /** How much worse still counts as "not worse". */
  margin?: number;
  /** Whether the interval's lower bound is above −margin. */
  notWorse?: boolean;
}

export interface Comparison {
  fromLabel: string;
  toLabel: string;
  /** Figures both sides have a value for, in a fixed order: success, quality, rating, cost per run, latency. */
  metrics: ComparedMetric[];
  /** Every figure of either side, as rows with a value per side (metrics first, then the rest). */
  rows: { key: string; label: string; from: string; to: string; fromExact?: string; toExact?: string }[];
}

export type EvidenceView =
  | { layout: "table"; rows: EvidenceRow[] }
  /** `rows` are the evidence's other fields (the window, the rule...). */
  | { layout: "comparison"; comparison: Comparison; rows: EvidenceRow[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
/** USD as the API sends it: decimal text ("0.7048225"); a number is accepted too. */
const isUsd = (value: unknown): value is string | number => isNumber(value) || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value));

export function isInterval(value: unknown): value is Interval {
  return isObject(value) && isNumber(value["low"]) && isNumber(value["high"]);
}

/** The layout a suggestion's evidence gets: a side-by-side comparison when it has `from` and `to` objects. */
export function evidenceLayout(evidence: Json): EvidenceView["layout"] {
  return isObject(evidence["from"]) && isObject(evidence["to"]) ? "comparison" : "table";
}

// ---- Labels and formats of the fields the kinds write --------------------------------------------------

const LABELS: Readonly<Record<string, string>> = {
  model: "Model",
  provider: "Provider",
  runs: "Runs",
  errors: "Failed runs",
  errorRate: "Failure rate",
  errorCostUsd: "Cost of the failed runs",
  truncatedRuns: "Runs cut off",
  truncatedShare: "Share cut off",
  truncatedCostUsd: "Cost of the runs cut off",
  offlineRuns: "Runs nobody waited for",
  offlineCostUsd: "Their cost",
  batchDiscountPercent: "Batch discount",
  prompts: "Prompts",
  rule: "Counted when",
  unpricedRuns: "Runs without a price",
  shareOfRuns: "Share of the project's runs",
  windowDays: "Window",
  p95LatencyMs: "p95 latency",
  p95TtftMs: "p95 time to first token",
  successRate: "Success rate",
  qualityRate: "Heuristic quality",
  quality: "Heuristic quality",
  meanRating: "Mean rating",
  avgRating: "Mean rating",
  ratingSd: "Rating std. deviation",
  ratedRuns: "Rated runs",
  judgedRuns: "Runs with a verdict",
  judgedSuccesses: "Successful verdicts",
  costUsd: "Cost",
  costPerRunUsd: "Cost per run",
  margin: "Margin",
  method: "Method",
  runsElsewhere: "Runs on the project's other prompts",
  errorsElsewhere: "Failures on the project's other prompts",
  matchedRuns: "Runs re-priced",
  currentCostUsd: "Their cost",
  projectedCostUsd: "Their cost at the suggested model",
};

/** "p95TtftMs" → "P95 ttft ms" for a field no kind told us about. */
function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const labelOf = (key: string) => LABELS[key] ?? humanize(key);

const RATE = /(Rate|Share|Ratio)$|^share/;

function formatInterval(interval: Interval, format: (value: number) => string): string {
  return `${format(interval.low)} to ${format(interval.high)}`;
}

/** One field as text, chosen by its name (…Usd money, …Rate/…Share a fraction, …Ms a duration) and type. */
export function formatField(key: string, value: unknown): { value: string; exact?: string } {
  if (value === null || value === undefined || value === "") return { value: "–" };
  if (key.endsWith("Usd") && isUsd(value)) {
    const text = String(value);
    return { value: formatUsd(Number(text)), exact: formatUsdExact(text) };
  }
  if (isNumber(value)) {
    if (key === "windowDays" || key.endsWith("Days")) return { value: value === 1 ? "1 day" : `${formatCount(value)} days` };
    if (key.endsWith("Percent")) return { value: `${value}%` };
    if (key.endsWith("Ms")) return { value: formatMs(value) };
    if (key === "meanRating" || key === "avgRating") return { value: formatRating(value) };
    if (RATE.test(key) && value >= 0 && value <= 1) return { value: formatPercent(value), exact: String(value) };
    if (Number.isInteger(value)) return { value: value.toLocaleString("en-US") };
    return { value: value.toLocaleString("en-US", { maximumFractionDigits: 3 }) };
  }
  if (typeof value === "boolean") return { value: value ? "yes" : "no" };
  if (typeof value === "string") return { value };
  if (Array.isArray(value)) {
    if (value.length === 0) return { value: "none" };
    return { value: value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(", ") };
  }
  if (isInterval(value)) {
    const rate = RATE.test(key) || /success|quality/i.test(key);
    return { value: formatInterval(value, (bound) => (rate ? formatPercent(bound) : bound.toFixed(3))) };
  }
  return { value: JSON.stringify(value) };
}

/** The rows of a flat evidence object, in the kind's own order; `prompts: []` and null fields left out. */
export function evidenceRows(evidence: Json, skip: readonly string[] = []): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (skip.includes(key) || value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    // A group of figures (model_switch's `repriced`): its fields as rows of their own.
    if (isObject(value) && !isInterval(value)) {
      for (const row of evidenceRows(value)) rows.push({ ...row, key: `${key}.${row.key}` });
      continue;
    }
    const { value: text, exact } = formatField(key, value);
    rows.push({ key, label: labelOf(key), value: text, ...(exact !== undefined && exact !== text ? { exact } : {}) });
  }
  return rows;
}

// ---- The two sides of a switch --------------------------------------------------------------------------

interface MetricSpec {
  name: MetricName;
  label: string;
  better: "higher" | "lower";
  /** Field names a side may carry this figure under, first found wins. */
  fields: readonly string[];
  /** The name of its test in the evidence's `tests` (model_switch). */
  test?: string;
  format: (value: number | null) => string;
  formatDifference: (value: number) => string;
  /** Derives the figure from other fields when none of `fields` is there. */
  derive?: (side: Json) => number | null;
}

const percent = (value: number | null) => formatPercent(value);
const points = (value: number) => formatPoints(value);
const signed = (format: (value: number) => string) => (value: number) =>
  value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : format(0);

const METRICS: readonly MetricSpec[] = [
  {
    name: "successRate",
    label: "Success rate",
    better: "higher",
    fields: ["successRate", "success"],
    test: "success",
    format: percent,
    formatDifference: points,
    derive: (side) => {
      const runs = side["runs"];
      const errors = side["errors"];
      return isNumber(runs) && isNumber(errors) && runs > 0 ? (runs - errors) / runs : null;
    },
  },
  {
    name: "quality",
    label: "Heuristic quality",
    better: "higher",
    fields: ["qualityRate", "quality", "heuristicQuality"],
    test: "quality",
    format: percent,
    formatDifference: points,
  },
  {
    name: "meanRating",
    label: "Mean rating",
    better: "higher",
    fields: ["meanRating", "avgRating"],
    test: "rating",
    format: formatRating,
    formatDifference: signed((value) => `${value.toFixed(2)} ★`),
  },
  {
    name: "costPerRun",
    label: "Cost per run",
    better: "lower",
    fields: ["costPerRunUsd", "costPerRun"],
    format: (value) => formatUsdPerRun(value),
    formatDifference: signed(formatUsdPerRun),
  },
  {
    name: "p95Latency",
    label: "p95 latency",
    better: "lower",
    fields: ["p95LatencyMs"],
    format: (value) => formatMs(value),
    formatDifference: signed(formatMs),
  },
  {
    name: "p95Ttft",
    label: "p95 time to first token",
    better: "lower",
    fields: ["p95TtftMs"],
    format: (value) => formatMs(value),
    formatDifference: signed(formatMs),
  },
];

function metricValue(side: Json, spec: MetricSpec): { value: number | null; field?: string } {
  for (const field of spec.fields) {
    const value = side[field];
    if (isNumber(value)) return { value, field };
    if (field.endsWith("Usd") && isUsd(value)) return { value: Number(value), field };
  }
  return { value: spec.derive?.(side) ?? null };
}

/** A side's own interval of a metric: `<field>Interval` (model_switch's `successInterval`). */
function sideInterval(side: Json, spec: MetricSpec): Interval | undefined {
  for (const field of [spec.name, ...spec.fields]) {
    const candidate = side[`${field}Interval`];
    if (isInterval(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The test of a metric's difference: `tests.<name>` as { difference, margin, notWorse }, or a bare interval
 * there (model_switch writes `tests.rating` that way for an experiment).
 */
function differenceTest(evidence: Json, spec: MetricSpec): DifferenceTest | undefined {
  const tests = evidence["tests"];
  if (!spec.test || !isObject(tests)) return undefined;
  const test = tests[spec.test];
  if (isInterval(test)) return { difference: test };
  if (!isObject(test) || !isInterval(test["difference"])) return undefined;
  return {
    difference: test["difference"],
    ...(isNumber(test["margin"]) ? { margin: test["margin"] } : {}),
    ...(typeof test["notWorse"] === "boolean" ? { notWorse: test["notWorse"] } : {}),
  };
}

/** The side's name: its model (and provider when it has one), else "current" / "suggested". */
function sideLabel(side: Json, fallback: string): string {
  const model = typeof side["model"] === "string" && side["model"] !== "" ? side["model"] : undefined;
  return model ?? fallback;
}

export function compareSides(evidence: Json): Comparison {
  const from = evidence["from"] as Json;
  const to = evidence["to"] as Json;
  const metrics: ComparedMetric[] = [];
  const covered = new Set<string>(["model"]);
  for (const spec of METRICS) {
    const a = metricValue(from, spec);
    const b = metricValue(to, spec);
    if (a.field) covered.add(a.field);
    if (b.field) covered.add(b.field);
    if (a.value === null && b.value === null) continue;
    const fromInterval = sideInterval(from, spec);
    const toInterval = sideInterval(to, spec);
    const test = differenceTest(evidence, spec);
    metrics.push({
      name: spec.name,
      label: spec.label,
      better: spec.better,
      from: a.value,
      to: b.value,
      fromText: withInterval(spec.format(a.value), fromInterval, spec.format),
      toText: withInterval(spec.format(b.value), toInterval, spec.format),
      ...(fromInterval ? { fromInterval } : {}),
      ...(toInterval ? { toInterval } : {}),
      ...(test ? { test } : {}),
      format: spec.format,
      formatDifference: spec.formatDifference,
    });
  }
  for (const spec of METRICS) for (const field of [spec.name, ...spec.fields]) covered.add(`${field}Interval`);
  const rows: Comparison["rows"] = metrics.map((metric) => ({
    key: metric.name,
    label: metric.label,
    from: metric.fromText,
    to: metric.toText,
  }));
  const otherKeys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((key) => !covered.has(key));
  for (const key of otherKeys) {
    const a = formatField(key, from[key]);
    const b = formatField(key, to[key]);
    rows.push({
      key,
      label: labelOf(key),
      from: a.value,
      to: b.value,
      ...(a.exact !== undefined && a.exact !== a.value ? { fromExact: a.exact } : {}),
      ...(b.exact !== undefined && b.exact !== b.value ? { toExact: b.exact } : {}),
    });
  }
  // Runs and failures read best first: they say how much each figure rests on.
  const order = (key: string) => (/^runs/.test(key) ? 0 : /^errors/.test(key) ? 1 : 2);
  rows.sort((x, y) => order(x.key) - order(y.key));
  return { fromLabel: sideLabel(from, "Current"), toLabel: sideLabel(to, "Suggested"), metrics, rows };
}

function withInterval(text: string, interval: Interval | undefined, format: (value: number | null) => string): string {
  return interval ? `${text} (95% interval ${formatInterval(interval, format)})` : text;
}

/** Everything the card shows of a suggestion's evidence. */
export function evidenceView(suggestion: Pick<Suggestion, "evidence">): EvidenceView {
  const { evidence } = suggestion;
  if (evidenceLayout(evidence) === "comparison") {
    const comparison = compareSides(evidence);
    // The tests are shown with their metrics; what is left of them (how they were made) is a row.
    const tests = isObject(evidence["tests"]) ? evidence["tests"] : {};
    const method = typeof tests["method"] === "string" ? [{ key: "tests.method", label: labelOf("method"), value: tests["method"] }] : [];
    return { layout: "comparison", comparison, rows: [...evidenceRows(evidence, ["from", "to", "tests"]), ...method] };
  }
  return { layout: "table", rows: evidenceRows(evidence) };
}

/** "Success rate, suggested − current: −1.2 pp to +0.8 pp (95% interval); not worse than −5.0 pp: yes". */
export function describeTest(metric: ComparedMetric): string {
  const { difference, margin, notWorse } = metric.test!;
  const interval = `${metric.formatDifference(difference.low)} to ${metric.formatDifference(difference.high)}`;
  const verdict =
    margin === undefined
      ? ""
      : `; not worse than ${metric.formatDifference(-margin)}: ${notWorse === undefined ? "–" : notWorse ? "yes" : "not shown yet"}`;
  return `${metric.label}, suggested − current: ${interval} (95% interval)${verdict}`;
}

export interface IntervalPlot {
  /** The axis, zoomed to the values and bounds shown (rates stay within 0..1). */
  min: number;
  max: number;
  sides: { side: "from" | "to"; value: number | null; interval?: Interval; at: (value: number) => number }[];
}

/**
 * Where a metric's values and intervals sit on a zoomed axis, as percentages of its width: success rates
 * of 98.6% and 99.1% look alike as bars from zero, their intervals do not. Undefined without an interval.
 */
export function intervalPlot(metric: ComparedMetric): IntervalPlot | undefined {
  if (!metric.fromInterval && !metric.toInterval) return undefined;
  const values = [
    metric.from,
    metric.to,
    metric.fromInterval?.low,
    metric.fromInterval?.high,
    metric.toInterval?.low,
    metric.toInterval?.high,
  ].filter((value): value is number => isNumber(value));
  let min = Math.min(...values);
  let max = Math.max(...values);
  const pad = (max - min) * 0.08 || Math.abs(max) * 0.05 || 0.01;
  min -= pad;
  max += pad;
  if (metric.name === "successRate" || metric.name === "quality") {
    min = Math.max(0, min);
    max = Math.min(1, max);
  }
  const at = (value: number) => Math.min(100, Math.max(0, ((value - min) / (max - min)) * 100));
  return {
    min,
    max,
    sides: [
      { side: "from", value: metric.from, ...(metric.fromInterval ? { interval: metric.fromInterval } : {}), at },
      { side: "to", value: metric.to, ...(metric.toInterval ? { interval: metric.toInterval } : {}), at },
    ],
  };
}

/** A chart label that fits the axis: long model names are cut with an ellipsis (the table has them whole). */
export function shortLabel(text: string, max = 24): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
