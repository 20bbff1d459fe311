// The ingest's periodic health rows (table ingest_health, migration 0008): one per ingest process per
// interval, read by the Grafana ingest board.
import type { Store } from "../store.ts";
import { toDbTime } from "./versioning.ts";

export interface IngestHealthRow {
  at: Date;
  instance: string;
  intervalSeconds: number;
  requests: number;
  requestsThrottled: number;
  requestsFailed: number;
  spansReceived: number;
  spansAccepted: number;
  spansDuplicate: number;
  spansRejected: number;
  rejectedByReason: Record<string, number>;
  unknownModelSpans: number;
  queueRows: number;
  queueBytes: number;
  inserts: number;
  insertFailures: number;
  insertMs: number[];
}

export async function insertIngestHealth(store: Store, row: IngestHealthRow): Promise<void> {
  await store.insert(
    "ingest_health",
    [
      {
        at: toDbTime(row.at).slice(0, 19),
        instance: row.instance,
        interval_seconds: row.intervalSeconds,
        requests: row.requests,
        requests_throttled: row.requestsThrottled,
        requests_failed: row.requestsFailed,
        spans_received: row.spansReceived,
        spans_accepted: row.spansAccepted,
        spans_duplicate: row.spansDuplicate,
        spans_rejected: row.spansRejected,
        rejected_by_reason: row.rejectedByReason,
        unknown_model_spans: row.unknownModelSpans,
        queue_rows: row.queueRows,
        queue_bytes: row.queueBytes,
        inserts: row.inserts,
        insert_failures: row.insertFailures,
        insert_ms: row.insertMs,
      },
    ],
    { tag: "insertIngestHealth" },
  );
}

/** The latest rows, newest first (for tests and the CLI). */
export async function listIngestHealth(
  store: Store,
  { limit }: { limit: number },
): Promise<(Omit<IngestHealthRow, "at"> & { at: string })[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT toString(at) AS at, instance, interval_seconds, requests, requests_throttled, requests_failed, spans_received,
            spans_accepted, spans_duplicate, spans_rejected, rejected_by_reason, unknown_model_spans, queue_rows, queue_bytes,
            inserts, insert_failures, insert_ms
     FROM ingest_health ORDER BY at DESC, instance LIMIT {limit:UInt32}`,
    { limit },
    { tag: "listIngestHealth" },
  );
  return rows.map((row) => ({
    at: String(row.at),
    instance: String(row.instance),
    intervalSeconds: Number(row.interval_seconds),
    requests: Number(row.requests),
    requestsThrottled: Number(row.requests_throttled),
    requestsFailed: Number(row.requests_failed),
    spansReceived: Number(row.spans_received),
    spansAccepted: Number(row.spans_accepted),
    spansDuplicate: Number(row.spans_duplicate),
    spansRejected: Number(row.spans_rejected),
    rejectedByReason: row.rejected_by_reason as Record<string, number>,
    unknownModelSpans: Number(row.unknown_model_spans),
    queueRows: Number(row.queue_rows),
    queueBytes: Number(row.queue_bytes),
    inserts: Number(row.inserts),
    insertFailures: Number(row.insert_failures),
    insertMs: (row.insert_ms as number[]).map(Number),
  }));
}
