// Writes the ingest's figures to ClickHouse (table ingest_health) every interval, so an ops board sees
// every replica of the ingest in one place without scraping each process's /metrics. Each row holds the
// differences since the previous row, the queue at the moment of writing and the inserts' durations.
// A failed write is logged and skipped: health rows never hold up or endanger span ingest.
import os from "node:os";
import { insertIngestHealth, type IngestHealthRow, type Store } from "@promptmetrics/clickhouse";
import type { WriterStats } from "../writer/span-writer.ts";
import type { IngestMetrics, MetricsTotals } from "./ingest-metrics.ts";

export interface HealthRecorder {
  /** Writes a row now (also called on shutdown, so the last interval is not lost). */
  record(): Promise<void>;
  close(): Promise<void>;
}

export interface HealthRecorderOptions {
  store: Store;
  metrics: IngestMetrics;
  queue: () => WriterStats;
  intervalMs: number;
  instance?: string;
  now?: () => Date;
  onError: (error: unknown) => void;
}

/** hostname:pid, unique per process (in a container the hostname is the container id). */
export function defaultInstanceName(): string {
  return `${os.hostname()}:${process.pid}`;
}

export function startHealthRecorder(options: HealthRecorderOptions): HealthRecorder {
  const { store, metrics, queue, intervalMs, instance = defaultInstanceName(), now = () => new Date(), onError } = options;
  let previous = metrics.totals();
  let previousAt = now();
  let writing: Promise<void> = Promise.resolve();

  const record = () => {
    const at = now();
    const current = metrics.totals();
    const row = healthRow({
      at,
      instance,
      seconds: (at.getTime() - previousAt.getTime()) / 1000,
      previous,
      current,
      queue: queue(),
      insertMs: metrics.drainInsertSamples(),
    });
    previous = current;
    previousAt = at;
    writing = writing.then(() => insertIngestHealth(store, row).catch(onError));
    return writing;
  };

  const timer = intervalMs > 0 ? setInterval(() => void record(), intervalMs) : undefined;
  timer?.unref();

  return {
    record,
    async close() {
      if (timer) clearInterval(timer);
      await record();
    },
  };
}

function healthRow(input: {
  at: Date;
  instance: string;
  seconds: number;
  previous: MetricsTotals;
  current: MetricsTotals;
  queue: WriterStats;
  insertMs: number[];
}): IngestHealthRow {
  const { previous, current } = input;
  const rejectedByReason: Record<string, number> = {};
  let spansRejected = 0;
  for (const [reason, n] of current.rejectedByReason) {
    const delta = n - (previous.rejectedByReason.get(reason) ?? 0);
    if (delta > 0) {
      rejectedByReason[reason] = delta;
      spansRejected += delta;
    }
  }
  return {
    at: input.at,
    instance: input.instance,
    intervalSeconds: Math.max(0, input.seconds),
    requests: current.requests - previous.requests,
    requestsThrottled: current.requestsThrottled - previous.requestsThrottled,
    requestsFailed: current.requestsFailed - previous.requestsFailed,
    spansReceived: current.spansReceived - previous.spansReceived,
    spansAccepted: current.spansAccepted - previous.spansAccepted,
    spansDuplicate: current.spansDuplicate - previous.spansDuplicate,
    spansRejected,
    rejectedByReason,
    unknownModelSpans: current.unknownModelSpans - previous.unknownModelSpans,
    queueRows: input.queue.queuedRows,
    queueBytes: input.queue.queuedBytes,
    inserts: current.inserts - previous.inserts,
    insertFailures: current.insertFailures - previous.insertFailures,
    insertMs: input.insertMs,
  };
}
