// Writes the API's figures to ClickHouse (table api_health) every interval, as the ingest writes
// ingest_health: an ops board sees every API replica in one place without scraping each /metrics. Each
// write holds what ApiMetrics saw since the previous one (ApiMetrics.takeInterval) and an 'interval' row, so
// a quiet process still shows. A failed write is logged once (until a write succeeds again) and skipped:
// health rows never hold up or endanger requests.
import os from "node:os";
import { insertApiHealth, type ApiHealthRow, type Store } from "@promptmetrics/clickhouse";
import type { ApiMetrics } from "./api-metrics.ts";

export interface ApiHealthRecorder {
  /** Writes the interval's rows now (also called on close, so the last interval is not lost). */
  record(): Promise<void>;
  close(): Promise<void>;
}

export interface ApiHealthRecorderOptions {
  /** The store itself, not the API's timed one: the recorder's own inserts are not API store queries. */
  store: Store;
  metrics: ApiMetrics;
  /** 0: no timer, rows are written by record() and close() only. */
  intervalMs: number;
  instance?: string;
  now?: () => Date;
  /** Told of the first failed write of a run of failures. */
  onError: (error: unknown) => void;
}

export function startApiHealthRecorder(options: ApiHealthRecorderOptions): ApiHealthRecorder {
  const { store, metrics, intervalMs, instance = `${os.hostname()}:${process.pid}`, now = () => new Date(), onError } = options;
  let previousAt = now();
  let failing = false;
  let writing: Promise<void> = Promise.resolve();

  const record = () => {
    const at = now();
    const rows = apiHealthRows({ at, instance, seconds: (at.getTime() - previousAt.getTime()) / 1000, metrics });
    previousAt = at;
    writing = writing.then(() =>
      insertApiHealth(store, rows).then(
        () => void (failing = false),
        (error: unknown) => {
          if (!failing) onError(error);
          failing = true;
        },
      ),
    );
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

/** One interval's rows: the 'interval' row, then one per series ApiMetrics saw move. */
export function apiHealthRows(input: { at: Date; instance: string; seconds: number; metrics: ApiMetrics }): ApiHealthRow[] {
  const common = { at: input.at, instance: input.instance, intervalSeconds: Math.max(0, input.seconds) };
  return [
    { ...common, kind: "interval", name: "", outcome: "", count: 0, totalMs: 0, maxMs: 0, bucketBoundsMs: [], bucketCounts: [] },
    ...input.metrics.takeInterval().map((series) => ({ ...common, ...series })),
  ];
}
