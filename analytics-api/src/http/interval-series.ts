// The API's figures since the last time they were taken, for the api_health rows (api-health-recorder.ts):
// per series (requests by route and status class, store queries by tag and outcome, jobs by job and state)
// a count, total and largest duration, and a histogram. Taken and reset by one reader, the health recorder;
// bounded as /metrics is, by the label caps of ApiMetrics and a fixed set of buckets per kind.

export type IntervalKind = "request" | "store_query" | "job";

export interface IntervalSeries {
  kind: IntervalKind;
  name: string;
  outcome: string;
  count: number;
  totalMs: number;
  maxMs: number;
  bucketBoundsMs: readonly number[];
  /** One more than the bounds: bucketCounts[i] counts durations in (bounds[i-1], bounds[i]], the last those above every bound. */
  bucketCounts: number[];
}

export class IntervalTotals {
  private series = new Map<string, IntervalSeries>();

  observe(kind: IntervalKind, name: string, outcome: string, bounds: readonly number[], durationMs: number): void {
    const key = `${kind}\u0000${name}\u0000${outcome}`;
    let entry = this.series.get(key);
    if (!entry) {
      entry = {
        kind,
        name,
        outcome,
        count: 0,
        totalMs: 0,
        maxMs: 0,
        bucketBoundsMs: bounds,
        bucketCounts: new Array<number>(bounds.length + 1).fill(0),
      };
      this.series.set(key, entry);
    }
    entry.count++;
    entry.totalMs += durationMs;
    entry.maxMs = Math.max(entry.maxMs, durationMs);
    const bucket = bounds.findIndex((bound) => durationMs <= bound);
    entry.bucketCounts[bucket === -1 ? bounds.length : bucket]!++;
  }

  /** Everything observed since the previous call, then starts afresh. */
  take(): IntervalSeries[] {
    const taken = [...this.series.values()];
    this.series = new Map();
    return taken;
  }
}
