// The ingest's self-metrics, exposed at GET /metrics in the Prometheus text format: what came in, what
// was kept or refused and why, how full the write queue is, how long inserts take, how many spans had
// no price. Counters live in memory per process (each replica reports its own). Labels hold only values
// of our own (routes, statuses, refusal reasons), never tenant-supplied text such as model names: those
// would show one tenant's data to whoever reads the endpoint, and let one tenant fill the series. Which
// models had no price is listed per project by the API (GET /api/projects/:id/unknown-models).

const INSERT_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
/** Insert durations kept between two health rows; past it, later inserts replace random ones. */
const MAX_INSERT_SAMPLES = 1024;

/** Running totals, for the health recorder's per-interval differences. */
export interface MetricsTotals {
  requests: number;
  requestsThrottled: number;
  requestsFailed: number;
  spansReceived: number;
  spansAccepted: number;
  spansDuplicate: number;
  rejectedByReason: Map<string, number>;
  unknownModelSpans: number;
  inserts: number;
  insertFailures: number;
}

export class IngestMetrics {
  readonly requests = new Map<string, number>();
  spansReceived = 0;
  spansAccepted = 0;
  spansDuplicate = 0;
  /** LLM spans written as plain spans because another report of the same call is the run. */
  runsMerged = 0;
  readonly spansRejected = new Map<string, number>();
  logRecordsReceived = 0;
  contentAttached = 0;
  truncatedValues = 0;
  unknownModelSpans = 0;
  readonly insertBuckets = INSERT_BUCKETS_MS.map(() => 0);
  insertCount = 0;
  insertSumMs = 0;
  insertFailures = 0;
  private insertSamples: number[] = [];
  private insertsSinceDrain = 0;

  countRequest(route: string, status: number): void {
    const key = `${route}|${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  countRejected(reason: string, n = 1): void {
    this.spansRejected.set(reason, (this.spansRejected.get(reason) ?? 0) + n);
  }

  countUnknownModel(): void {
    this.unknownModelSpans++;
  }

  observeInsert(durationMs: number): void {
    this.insertsSinceDrain++;
    if (this.insertSamples.length < MAX_INSERT_SAMPLES) this.insertSamples.push(durationMs);
    else {
      const slot = Math.floor(Math.random() * this.insertsSinceDrain);
      if (slot < MAX_INSERT_SAMPLES) this.insertSamples[slot] = durationMs;
    }
    this.insertCount++;
    this.insertSumMs += durationMs;
    INSERT_BUCKETS_MS.forEach((bound, i) => {
      if (durationMs <= bound) this.insertBuckets[i]!++;
    });
  }

  /** Insert durations observed since the last call (a uniform sample when there were more than 1024). */
  drainInsertSamples(): number[] {
    const samples = this.insertSamples;
    this.insertSamples = [];
    this.insertsSinceDrain = 0;
    return samples;
  }

  totals(): MetricsTotals {
    let requests = 0;
    let requestsThrottled = 0;
    let requestsFailed = 0;
    for (const [key, n] of this.requests) {
      requests += n;
      if (key.endsWith("|429")) requestsThrottled += n;
      if (key.endsWith("|503")) requestsFailed += n;
    }
    return {
      requests,
      requestsThrottled,
      requestsFailed,
      spansReceived: this.spansReceived,
      spansAccepted: this.spansAccepted,
      spansDuplicate: this.spansDuplicate,
      rejectedByReason: new Map(this.spansRejected),
      unknownModelSpans: this.unknownModelSpans,
      inserts: this.insertCount,
      insertFailures: this.insertFailures,
    };
  }

  render(queue: { queuedRows: number; queuedBytes: number }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric(
      "promptmetrics_ingest_requests_total",
      "counter",
      "OTLP requests by route and HTTP status.",
      [...this.requests].map(([key, n]) => {
        const [route, status] = key.split("|");
        return [`{route="${route}",status="${status}"}`, n];
      }),
    );
    metric("promptmetrics_ingest_spans_received_total", "counter", "Spans decoded from requests.", [["", this.spansReceived]]);
    metric("promptmetrics_ingest_spans_accepted_total", "counter", "Spans written to the store.", [["", this.spansAccepted]]);
    metric("promptmetrics_ingest_spans_duplicate_total", "counter", "Spans dropped because they were already written (exporter retries).", [
      ["", this.spansDuplicate],
    ]);
    metric(
      "promptmetrics_ingest_runs_merged_total",
      "counter",
      "LLM spans stored as plain spans because another instrumentation's span of the same call is the run.",
      [["", this.runsMerged]],
    );
    metric(
      "promptmetrics_ingest_spans_rejected_total",
      "counter",
      "Spans refused, by reason.",
      [...this.spansRejected].map(([reason, n]) => [`{reason="${reason}"}`, n]),
    );
    metric("promptmetrics_ingest_log_records_received_total", "counter", "Log records decoded from requests.", [
      ["", this.logRecordsReceived],
    ]);
    metric("promptmetrics_ingest_content_attached_total", "counter", "Runs that received prompt/response content from log records.", [
      ["", this.contentAttached],
    ]);
    metric("promptmetrics_ingest_truncated_values_total", "counter", "Attribute values cut to the size limit.", [
      ["", this.truncatedValues],
    ]);
    metric(
      "promptmetrics_ingest_unknown_model_spans_total",
      "counter",
      "LLM spans whose model has no price (the models are listed per project by the API).",
      [["", this.unknownModelSpans]],
    );
    metric("promptmetrics_ingest_queue_rows", "gauge", "Rows accepted and waiting to be written.", [["", queue.queuedRows]]);
    metric("promptmetrics_ingest_queue_bytes", "gauge", "Bytes of requests accepted and waiting to be written.", [["", queue.queuedBytes]]);
    metric("promptmetrics_ingest_insert_failures_total", "counter", "Inserts the store refused or did not answer.", [
      ["", this.insertFailures],
    ]);
    lines.push(
      "# HELP promptmetrics_ingest_insert_duration_ms Time to write one batch, dedup check included.",
      "# TYPE promptmetrics_ingest_insert_duration_ms histogram",
    );
    INSERT_BUCKETS_MS.forEach((bound, i) =>
      lines.push(`promptmetrics_ingest_insert_duration_ms_bucket{le="${bound}"} ${this.insertBuckets[i]}`),
    );
    lines.push(`promptmetrics_ingest_insert_duration_ms_bucket{le="+Inf"} ${this.insertCount}`);
    lines.push(
      `promptmetrics_ingest_insert_duration_ms_sum ${this.insertSumMs}`,
      `promptmetrics_ingest_insert_duration_ms_count ${this.insertCount}`,
    );
    return lines.join("\n") + "\n";
  }
}
