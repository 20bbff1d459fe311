// The API's self-metrics, exposed at GET /metrics in the Prometheus text format as the ingest's are
// (ingest/src/metrics/ingest-metrics.ts, same hand-written exposition, durations in ms): request latency
// by route template and status, store query time by query tag, scheduler job runs. In memory, per
// process. Labels hold only values of our own code (route templates, tags, job names), each label capped
// at a number of distinct values so nothing a client sends can grow the series without bound. The same
// observations also go to per-interval totals that the health recorder takes every interval for api_health.
import { IntervalTotals, type IntervalSeries } from "./interval-series.ts";

const REQUEST_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const QUERY_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const JOB_BUCKETS_MS = [100, 1000, 10_000, 60_000, 300_000, 1_800_000];
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Distinct values a label keeps; later ones are counted as "other". */
const MAX_LABEL_VALUES = 200;

/** The outcome of one scheduler run, as the scheduler reports it (JobOutcome's fields used here). */
export interface JobRunOutcome {
  job: string;
  state: "succeeded" | "failed";
  tookMs: number;
}

class Histogram {
  private readonly series = new Map<string, { buckets: number[]; count: number; sum: number }>();
  private readonly name: string;
  private readonly help: string;
  private readonly bounds: readonly number[];
  constructor(name: string, help: string, bounds: readonly number[]) {
    this.name = name;
    this.help = help;
    this.bounds = bounds;
  }

  observe(labels: string, value: number): void {
    let entry = this.series.get(labels);
    if (!entry) this.series.set(labels, (entry = { buckets: this.bounds.map(() => 0), count: 0, sum: 0 }));
    entry.count++;
    entry.sum += value;
    this.bounds.forEach((bound, i) => {
      if (value <= bound) entry.buckets[i]!++;
    });
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const [labels, entry] of this.series) {
      const sep = labels ? `${labels},` : "";
      this.bounds.forEach((bound, i) => lines.push(`${this.name}_bucket{${sep}le="${bound}"} ${entry.buckets[i]}`));
      lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${entry.count}`);
      lines.push(`${this.name}_sum{${labels}} ${round(entry.sum)}`, `${this.name}_count{${labels}} ${entry.count}`);
    }
  }
}

class Counter {
  private readonly series = new Map<string, number>();
  private readonly name: string;
  private readonly help: string;
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  add(labels: string, n = 1): void {
    this.series.set(labels, (this.series.get(labels) ?? 0) + n);
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const [labels, n] of this.series) lines.push(`${this.name}{${labels}} ${n}`);
  }
}

/** Keeps the first MAX_LABEL_VALUES distinct values of a label; the rest become "other". */
class LabelCap {
  private readonly seen = new Set<string>();
  value(text: string): string {
    if (this.seen.has(text)) return text;
    if (this.seen.size >= MAX_LABEL_VALUES) return "other";
    this.seen.add(text);
    return text;
  }
}

export class ApiMetrics {
  private readonly requests = new Histogram(
    "promptmetrics_api_request_duration_ms",
    "API requests by method, route template and HTTP status: time to the last byte of the answer.",
    REQUEST_BUCKETS_MS,
  );
  private readonly queries = new Histogram(
    "promptmetrics_api_store_query_duration_ms",
    "Store queries the API made, by query tag (failed ones included).",
    QUERY_BUCKETS_MS,
  );
  private readonly queryFailures = new Counter("promptmetrics_api_store_query_failures_total", "Store queries that failed, by query tag.");
  private readonly jobRuns = new Counter("promptmetrics_api_job_runs_total", "Scheduler job runs in this process, by job and outcome.");
  private readonly jobDurations = new Histogram(
    "promptmetrics_api_job_duration_ms",
    "Time a scheduler job run took, by job.",
    JOB_BUCKETS_MS,
  );
  private readonly routes = new LabelCap();
  private readonly tags = new LabelCap();
  private readonly jobs = new LabelCap();
  private readonly interval = new IntervalTotals();

  observeRequest(method: string, route: string, status: number, durationMs: number): void {
    const shownMethod = METHODS.has(method) ? method : "OTHER";
    const shownRoute = this.routes.value(route);
    this.requests.observe(`method="${shownMethod}",route="${escapeLabel(shownRoute)}",status="${status}"`, durationMs);
    this.interval.observe("request", `${shownMethod} ${shownRoute}`, `${Math.floor(status / 100)}xx`, REQUEST_BUCKETS_MS, durationMs);
  }

  observeStoreQuery(tag: string | undefined, durationMs: number, failed: boolean): void {
    const shownTag = this.tags.value(tag ?? "untagged");
    const labels = `tag="${escapeLabel(shownTag)}"`;
    this.queries.observe(labels, durationMs);
    if (failed) this.queryFailures.add(labels);
    this.interval.observe("store_query", shownTag, failed ? "failed" : "ok", QUERY_BUCKETS_MS, durationMs);
  }

  observeJob(outcome: JobRunOutcome): void {
    const shownJob = this.jobs.value(outcome.job);
    const job = escapeLabel(shownJob);
    this.jobRuns.add(`job="${job}",state="${outcome.state}"`);
    this.jobDurations.observe(`job="${job}"`, outcome.tookMs);
    this.interval.observe("job", shownJob, outcome.state, JOB_BUCKETS_MS, outcome.tookMs);
  }

  /**
   * What was observed since the previous call (requests by "METHOD route" and status class, store queries by
   * tag and outcome, jobs by job and state), then starts a new interval. One reader: the health recorder.
   * GET /metrics is unaffected (its figures are totals since start).
   */
  takeInterval(): IntervalSeries[] {
    return this.interval.take();
  }

  render(): string {
    const lines: string[] = [];
    for (const metric of [this.requests, this.queries, this.queryFailures, this.jobRuns, this.jobDurations]) metric.render(lines);
    return lines.join("\n") + "\n";
  }
}

/** The exposition format's escapes for a label value. */
function escapeLabel(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
