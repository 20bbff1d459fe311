// The one storage interface every service uses, whatever ClickHouse runs underneath:
// embedded chDB in-process (the default) or a ClickHouse server through @clickhouse/client.

/** Values for `{name:Type}` placeholders. Dates are sent as UTC `YYYY-MM-DD hh:mm:ss.sss`. */
export type QueryParams = Readonly<Record<string, unknown>>;

/** Text formats the ad-hoc paths (CLI, exports) may ask for. */
export type TextFormat = "JSONEachRow" | "JSONCompact" | "CSVWithNames" | "TabSeparatedWithNames";

export interface QueryOptions {
  /** A short label for the query log (server mode: log_comment and the query id prefix). */
  tag?: string;
}

export interface ReadQueryOptions extends QueryOptions {
  /**
   * Aborts the read: the promise rejects with StoreAbortedError, and a query not yet started is
   * never started. A server cancels a running read (it runs with readonly=2, so ClickHouse stops it
   * when the connection closes); the embedded engine cannot stop a running query, which runs to its
   * end and keeps its Session busy meanwhile (see embedded-store.ts).
   */
  signal?: AbortSignal | undefined;
}

export interface TextQueryOptions extends ReadQueryOptions {
  format: TextFormat;
  /**
   * Ad-hoc SQL from a person. Runs read-only with time and memory limits unless `allowWrites`,
   * and on the embedded store on a session of its own so it never stalls dashboards or ingest.
   */
  adhoc?: { allowWrites?: boolean };
}

export interface Store {
  readonly kind: "embedded" | "server";
  /** Human-readable location, e.g. "embedded chDB at /srv/data". */
  readonly location: string;
  /** Runs a read query and returns its rows (JSONEachRow: 64-bit integers as numbers, decimals as strings). */
  query<Row = Record<string, unknown>>(sql: string, params?: QueryParams, opts?: ReadQueryOptions): Promise<Row[]>;
  /** Runs a query and returns the result as text in the given format. */
  queryText(sql: string, params: QueryParams | undefined, opts: TextQueryOptions): Promise<string>;
  /** Inserts rows (objects keyed by column name) in one insert. */
  insert(table: string, rows: readonly object[], opts?: QueryOptions): Promise<void>;
  /** Runs a statement that returns nothing: DDL, ALTER, INSERT ... SELECT. */
  command(sql: string, params?: QueryParams, opts?: QueryOptions): Promise<void>;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Settings of read-only ad-hoc SQL on both backends: readonly=1 (reads only, no settings changes in
 * the query, no table functions that reach files, URLs or other servers), with time and memory limits.
 */
export const ADHOC_SETTINGS = {
  readonly: 1,
  max_execution_time: 30,
  max_memory_usage: String(4 * 1024 ** 3),
  max_result_rows: "1000000",
  result_overflow_mode: "break",
} as const;

/** Output settings applied on both backends so rows look the same whichever answers. */
export const OUTPUT_SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_decimals: 1,
  date_time_output_format: "simple",
} as const;
