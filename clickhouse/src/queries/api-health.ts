// The API's periodic health rows (table api_health, migration 0020): per API process and interval, one row
// per series that moved (requests by route and status class, store queries by tag, scheduler jobs by job and
// state) and one 'interval' row, read by the Grafana ingest board's API row.
import type { Store } from "../store.ts";
import { toDbTime } from "./versioning.ts";

export type ApiHealthKind = "interval" | "request" | "store_query" | "job";

export interface ApiHealthRow {
  at: Date;
  instance: string;
  intervalSeconds: number;
  kind: ApiHealthKind;
  /** "METHOD /route/template", a query tag or a job name; "" on the interval row. */
  name: string;
  /** Status class (2xx..5xx), ok|failed, succeeded|failed; "" on the interval row. */
  outcome: string;
  count: number;
  totalMs: number;
  maxMs: number;
  bucketBoundsMs: readonly number[];
  /** One more than the bounds: the last counts durations above every bound. */
  bucketCounts: readonly number[];
}

/** Writes one interval's rows in one insert. */
export async function insertApiHealth(store: Store, rows: readonly ApiHealthRow[]): Promise<void> {
  if (rows.length === 0) return;
  await store.insert(
    "api_health",
    rows.map((row) => ({
      at: toDbTime(row.at).slice(0, 19),
      instance: row.instance,
      interval_seconds: row.intervalSeconds,
      kind: row.kind,
      name: row.name,
      outcome: row.outcome,
      count: row.count,
      total_ms: row.totalMs,
      max_ms: row.maxMs,
      bucket_bounds_ms: row.bucketBoundsMs,
      bucket_counts: row.bucketCounts,
    })),
    { tag: "insertApiHealth" },
  );
}

/** The latest rows, newest first (for tests and the CLI). */
export async function listApiHealth(store: Store, { limit }: { limit: number }): Promise<(Omit<ApiHealthRow, "at"> & { at: string })[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT toString(at) AS at, instance, interval_seconds, kind, name, outcome, count, total_ms, max_ms, bucket_bounds_ms, bucket_counts
     FROM api_health ORDER BY at DESC, instance, kind, name, outcome LIMIT {limit:UInt32}`,
    { limit },
    { tag: "listApiHealth" },
  );
  return rows.map((row) => ({
    at: String(row.at),
    instance: String(row.instance),
    intervalSeconds: Number(row.interval_seconds),
    kind: String(row.kind) as ApiHealthKind,
    name: String(row.name),
    outcome: String(row.outcome),
    count: Number(row.count),
    totalMs: Number(row.total_ms),
    maxMs: Number(row.max_ms),
    bucketBoundsMs: (row.bucket_bounds_ms as unknown[]).map(Number),
    bucketCounts: (row.bucket_counts as unknown[]).map(Number),
  }));
}
