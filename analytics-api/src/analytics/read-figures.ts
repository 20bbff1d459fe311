// Runs one analytics question through the store: pick the source, read run sums and feedback counts
// grouped the same way, and merge them by key into Figures.
import {
  aggregateRunFeedback,
  aggregateRunFeedbackBatch,
  aggregateRunMetrics,
  aggregateRunMetricsBatch,
  pickSource,
  type Dimension,
  type RankColumn,
  type RunFeedbackRow,
  type RunFilters,
  type RunMetricsQuery,
  type RunMetricsRow,
  type Source,
} from "@promptmetrics/clickhouse/analytics";
import type { Store } from "@promptmetrics/clickhouse";
import { toFigures, type Figures } from "./figures.ts";
import type { Plan } from "./normalise.ts";
import type { TimeRange } from "./time-range.ts";

export interface FigureRow {
  /** Epoch second of the bucket start, for bucketed reads. */
  bucket?: number;
  keys: string[];
  /** False for the "other" group of a read with `keep`. */
  inKeep: boolean;
  figures: Figures;
}

export interface ReadOptions {
  dimensions?: Dimension[];
  /** Group by the plan's time buckets. */
  bucketed?: boolean;
  /** Values of the first dimension that keep their own group (the rest fold into "other"). */
  keep?: string[];
  /** Largest groups first, at most this many. */
  limit?: number;
  rankBy?: RankColumn;
  /** Another range than the plan's (the previous period). */
  range?: TimeRange;
  /** Filters added to the plan's. */
  filters?: RunFilters;
  /**
   * Read ratings and success flags too (a second query). Without them successRate counts every run
   * by its status, and avgRating is null: only for answers that do not report those.
   * @default true
   */
  withFeedback?: boolean;
  /**
   * Estimate latency percentiles (merging the t-digests). Without them p50LatencyMs and p95LatencyMs
   * are null: only for answers that do not report those.
   * @default true
   */
  percentiles?: boolean;
  /** Aborts the reads (the request was closed). */
  signal?: AbortSignal | undefined;
}

export async function readFigures(store: Store, plan: Plan, options: ReadOptions = {}): Promise<{ source: Source; rows: FigureRow[] }> {
  const read = prepareRead(plan, options);
  // Together: a ClickHouse server answers both at once; the embedded store queues them.
  const [runs, feedback] = await Promise.all([
    aggregateRunMetrics(store, read.query),
    read.withFeedback ? aggregateRunFeedback(store, read.query) : Promise.resolve([]),
  ]);
  return { source: read.query.source, rows: mergeRows(runs, feedback) };
}

/**
 * Several reads of one plan with two queries in all (run figures, then feedback), each read a branch of
 * one UNION ALL: the embedded store runs queries one at a time, each with a fixed cost, so a route's five
 * reads cost less as two. The reads must agree on `percentiles`.
 */
export async function readFiguresBatch(
  store: Store,
  plan: Plan,
  reads: readonly ReadOptions[],
): Promise<{ source: Source; rows: FigureRow[] }[]> {
  const prepared = reads.map((options) => prepareRead(plan, options));
  const withFeedback = prepared.filter((read) => read.withFeedback);
  const [runs, feedback] = await Promise.all([
    aggregateRunMetricsBatch(
      store,
      prepared.map((read) => read.query),
    ),
    aggregateRunFeedbackBatch(
      store,
      withFeedback.map((read) => read.query),
    ),
  ]);
  return prepared.map((read, i) => ({
    source: read.query.source,
    rows: mergeRows(runs[i]!, read.withFeedback ? feedback[withFeedback.indexOf(read)]! : []),
  }));
}

function prepareRead(plan: Plan, options: ReadOptions): { query: RunMetricsQuery; withFeedback: boolean } {
  const range = options.range ?? plan.range;
  const dimensions = options.dimensions ?? [];
  const filters = { ...plan.filters, ...options.filters };
  const source = pickSource({
    dimensions,
    filters,
    from: range.from,
    to: range.to,
    granularity: options.bucketed ? plan.granularity : undefined,
    bucketsOnWholeHours: plan.bucketsOnWholeHours,
  });
  return {
    query: {
      projectId: plan.projectId,
      from: range.from,
      to: range.to,
      filters,
      dimensions,
      bucket: options.bucketed
        ? { granularity: plan.granularity, timeZone: plan.timeZone.canonical, onUtcDays: plan.bucketsOnUtcDays }
        : undefined,
      keep: options.keep,
      signal: options.signal,
      source,
      limit: options.limit,
      rankBy: options.rankBy,
      percentiles: options.percentiles,
    },
    withFeedback: options.withFeedback !== false,
  };
}

function mergeRows(runs: readonly RunMetricsRow[], feedback: readonly RunFeedbackRow[]): FigureRow[] {
  const feedbackByKey = new Map(feedback.map((row) => [rowKey(row), row]));
  return runs.map((run) => ({
    ...(run.bucket === undefined ? {} : { bucket: run.bucket }),
    keys: run.keys,
    inKeep: run.inKeep,
    figures: toFigures(run, feedbackByKey.get(rowKey(run))),
  }));
}

/** Figures of a read without dimensions or buckets: its one row. */
export async function readTotals(
  store: Store,
  plan: Plan,
  options: Omit<ReadOptions, "dimensions" | "bucketed" | "keep" | "limit"> = {},
): Promise<{ source: Source; figures: Figures }> {
  const { source, rows } = await readFigures(store, plan, options);
  return { source, figures: totalsOf(rows) };
}

/** The one row of a read without dimensions or buckets, as figures (zero when it found no runs). */
export function totalsOf(rows: readonly FigureRow[]): Figures {
  return rows[0]?.figures ?? toFigures(undefined, undefined);
}

function rowKey(row: { bucket?: number; inKeep: boolean; keys: string[] }): string {
  return JSON.stringify([row.bucket ?? null, row.inKeep, row.keys]);
}
