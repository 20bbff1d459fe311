// The ceiling: the same spans, made into rows by the product's own mapSpan and buildSpanRow and written
// with store.insert("spans") straight into a fresh embedded store, in inserts of the size the server's
// writer made. No HTTP, no dedup, no event loop shared with anything: what the store path alone takes.
import { randomUUID } from "node:crypto";
import { migrate, nextVersion, openStore, toDbTime } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { DEFAULT_INGEST_CONFIG } from "@promptmetrics/ingest";
import { createPricer } from "@promptmetrics/pricing";
import { mapSpan } from "../../ingest/src/mappers/map-span.ts";
import { decodeTracesProtobuf } from "../../ingest/src/otlp/decode-traces.ts";
import { buildSpanRow, type RowContext } from "../../ingest/src/pipeline/build-span-row.ts";
import { dedupeBatch } from "../../ingest/src/writer/dedupe-batch.ts";
import { RecentKeys } from "../../ingest/src/writer/recent-keys.ts";
import type { Export } from "./load-clients.ts";

// Ids shaped like the ones bootstrap makes, so rows are as wide as the server's.
const PROJECT_ID = `proj_${randomUUID()}`;
const KEY_ID = `key_${randomUUID()}`;

export interface CeilingOptions {
  dataDir: string;
  /** Written first and not timed, as the end-to-end run's warm-up. */
  warmup: readonly Export[];
  timed: readonly Export[];
  /** Exports per insert. */
  exportsPerInsert: number;
}

export interface CeilingResult {
  rows: number;
  inserts: number;
  /** Time inside store.insert (its JSON serialisation included), timed exports only. */
  insertSeconds: number;
  /** Time of the writer's dedup step (dedupeBatch: its lookup of stored keys) on the same batches; not in the ceiling. */
  dedupSeconds: number;
  /** Per-span CPU of the work the server does before its insert, measured here on the timed exports. */
  perSpanMicros: { decode: number; map: number; build: number; serialize: number };
}

export async function measureCeiling({ dataDir, warmup, timed, exportsPerInsert }: CeilingOptions): Promise<CeilingResult> {
  const store = openStore({ kind: "embedded", dataDir });
  try {
    await migrate(store);
    const spent = { decode: 0, map: 0, build: 0, serialize: 0 };
    const rowsOf = (group: readonly Export[]) => spanRowsOf(group, spent);

    for (const group of chunks(warmup, exportsPerInsert)) await store.insert("spans", rowsOf(group), { tag: "insertSpans" });
    const warmSpent = { ...spent };

    let rows = 0;
    let inserts = 0;
    let insertMs = 0;
    let dedupMs = 0;
    const recentKeys = new RecentKeys();
    for (const group of chunks(timed, exportsPerInsert)) {
      const batch = rowsOf(group);
      // What the server's writer runs before each insert, timed apart: the ceiling stays the insert alone.
      const d = performance.now();
      const { rows: kept } = await dedupeBatch(store, recentKeys, [{ rows: batch, revision: false }]);
      dedupMs += performance.now() - d;
      if (kept.length !== batch.length) throw new Error(`dedupeBatch dropped ${batch.length - kept.length} of ${batch.length} fresh rows`);
      // The JSON text store.insert builds (an array of values a row), measured apart so the ceiling can be
      // split into JS and engine time.
      let t = performance.now();
      const columns = Object.keys(batch[0]!) as (keyof SpanRow)[];
      for (const row of batch) JSON.stringify(columns.map((column) => row[column]));
      spent.serialize += performance.now() - t;
      t = performance.now();
      await store.insert("spans", batch, { tag: "insertSpans" });
      insertMs += performance.now() - t;
      rows += batch.length;
      inserts++;
    }
    const micros = (ms: number) => (ms * 1000) / rows;
    return {
      rows,
      inserts,
      insertSeconds: insertMs / 1000,
      dedupSeconds: dedupMs / 1000,
      perSpanMicros: {
        decode: micros(spent.decode - warmSpent.decode),
        map: micros(spent.map - warmSpent.map),
        build: micros(spent.build - warmSpent.build),
        serialize: micros(spent.serialize),
      },
    };
  } finally {
    await store.close();
  }
}

const pricer = createPricer({});

/** The server's rows for these exports (decode, mapSpan, buildSpanRow); `spent` adds each step's ms. */
export function spanRowsOf(group: readonly Export[], spent?: { decode: number; map: number; build: number }): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const item of group) {
    // As the server does per request: one ingest time and one row version for all its rows.
    const ctx: RowContext = {
      projectId: PROJECT_ID,
      ingestKeyId: KEY_ID,
      pricer,
      ingestedAt: toDbTime(new Date()),
      version: nextVersion(),
      maxAttributeBytes: DEFAULT_INGEST_CONFIG.maxAttributeBytes,
    };
    let t = performance.now();
    const spans = decodeTracesProtobuf(item.body);
    if (spent) spent.decode += performance.now() - t;
    t = performance.now();
    const calls = spans.map(mapSpan);
    if (spent) spent.map += performance.now() - t;
    t = performance.now();
    spans.forEach((span, i) => rows.push(buildSpanRow(span, calls[i]!, ctx).row));
    if (spent) spent.build += performance.now() - t;
  }
  return rows;
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
