// The bare engine's insert of like rows (issue #18's baseline): the same spans' rows cut to 21 columns
// (ids, times, names, status, provider and models, tokens, cost, user, prompt, the input and output text,
// and the two attribute maps), serialized to JSONCompactEachRow (arrays of values, the format the embedded
// store writes) before the clock starts, and inserted with chDB's
// own Session into a plain MergeTree with no materialized views and no skip indexes, in batches of 10,240.
// What the engine itself takes for rows of this size, beside the product's own schema (the ceiling).
import { drainPending, Session } from "chdb";
import type { SpanRow } from "@promptmetrics/runs";
import { spanRowsOf } from "./ceiling.ts";
import type { Export } from "./load-clients.ts";

export const BARE_BATCH_ROWS = 10_240;

const BARE_COLUMNS = [
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "service_name",
  "start_time",
  "end_time",
  "duration_ns",
  "status_code",
  "provider",
  "request_model",
  "response_model",
  "input_tokens",
  "output_tokens",
  "cost_usd",
  "user_id",
  "prompt_name",
  "input_text",
  "output_text",
  "span_attributes",
  "resource_attributes",
] as const satisfies readonly (keyof SpanRow)[];

const COLUMNS = `
  trace_id String, span_id String, parent_span_id String, name String,
  service_name LowCardinality(String), start_time DateTime64(9, 'UTC'), end_time DateTime64(9, 'UTC'),
  duration_ns UInt64, status_code LowCardinality(String), provider LowCardinality(String),
  request_model LowCardinality(String), response_model LowCardinality(String),
  input_tokens UInt64, output_tokens UInt64, cost_usd Nullable(Decimal(38, 12)),
  user_id String, prompt_name String, input_text String CODEC(ZSTD(1)), output_text String CODEC(ZSTD(1)),
  span_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))`;

export interface BareEngineResult {
  rows: number;
  inserts: number;
  insertSeconds: number;
  /** Mean JSONCompactEachRow bytes per row (the text of the row as inserted). */
  bytesPerRow: number;
}

export async function measureBareEngine({ dataDir, exports }: { dataDir: string; exports: readonly Export[] }): Promise<BareEngineResult> {
  // Another data directory in this process: the ceiling's engine must be idle first (chDB).
  await drainPending();
  const session = new Session(dataDir);
  try {
    await session.queryAsync(`CREATE TABLE like_rows (${COLUMNS}) ENGINE = MergeTree ORDER BY (service_name, start_time)`);
    const payloads: string[] = [];
    let bytes = 0;
    let rowCount = 0;
    let pending: SpanRow[] = [];
    const serialize = (batch: readonly SpanRow[]) => {
      const text = batch.map((row) => JSON.stringify(BARE_COLUMNS.map((column) => row[column]))).join("\n");
      bytes += Buffer.byteLength(text);
      rowCount += batch.length;
      payloads.push(text);
    };
    for (const item of exports) {
      pending.push(...spanRowsOf([item]));
      if (pending.length >= BARE_BATCH_ROWS) {
        serialize(pending.slice(0, BARE_BATCH_ROWS));
        pending = pending.slice(BARE_BATCH_ROWS);
      }
    }
    if (pending.length > 0) serialize(pending);
    const started = performance.now();
    for (const values of payloads)
      await session.insert({ table: "like_rows", values, format: "JSONCompactEachRow", columns: BARE_COLUMNS });
    const insertSeconds = (performance.now() - started) / 1000;
    const [stored] = JSON.parse(
      `[${(await session.queryAsync("SELECT count() AS n FROM like_rows", { format: "JSONEachRow" })).text().trim()}]`,
    );
    if (Number(stored.n) !== rowCount) throw new Error(`bare engine stored ${stored.n} of ${rowCount} rows`);
    return { rows: rowCount, inserts: payloads.length, insertSeconds, bytesPerRow: bytes / Math.max(1, rowCount) };
  } finally {
    session.close();
    await drainPending();
  }
}
