// The server store: a ClickHouse server, replicated cluster or ClickHouse Cloud through @clickhouse/client.
// Reads are retried on network errors only (they are idempotent); writes are not, so that a timed-out
// insert that did land is never written twice by us. An aborted read is never retried.
import { randomUUID } from "node:crypto";
import {
  createClient,
  ClickHouseError,
  ClickHouseLogLevel,
  type ClickHouseClient,
  type ClickHouseSettings,
  type ResultSet,
} from "@clickhouse/client";
import { StoreAbortedError, StoreError, StoreQueryError, StoreUnavailableError, TRANSIENT_CLICKHOUSE_CODES } from "./errors.ts";
import { toClickHouseParams } from "./params.ts";
import {
  ADHOC_SETTINGS,
  OUTPUT_SETTINGS,
  type QueryOptions,
  type QueryParams,
  type ReadQueryOptions,
  type Store,
  type TextQueryOptions,
} from "./store.ts";

export interface ServerStoreConfig {
  url: string;
  user: string;
  password: string;
  database: string;
  /** Extra settings for every statement. */
  settings?: ClickHouseSettings;
  /** Settings for inserts only (async inserts for many writers; quorum on a cluster): see env.ts. */
  insertSettings?: ClickHouseSettings;
  /** The cluster the schema was rendered for (`promptmetrics migrate --cluster`), if any. */
  cluster?: string | undefined;
  /** How long a statement may take before it counts as failed (the server unreachable). @default 30000 */
  requestTimeoutMs?: number;
}

/**
 * Settings of a read given an abort signal. The client's abort closes the HTTP connection, but a
 * ClickHouse server goes on with a query whose client has gone unless the query is read-only and
 * cancel_http_readonly_queries_on_client_close is on (it checks the connection as the query makes
 * progress). readonly=2 still lets the query carry its own settings.
 */
const CANCEL_ON_CLOSE = { readonly: "2", cancel_http_readonly_queries_on_client_close: 1 } as ClickHouseSettings;

const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);
const READ_ATTEMPTS = 3;

export function openServerStore(config: ServerStoreConfig): Store {
  const client = createServerClient(config, config.database);

  return {
    kind: "server",
    location: `ClickHouse server at ${redactUrl(config.url)} (database ${config.database})`,

    async query<Row>(sql: string, params?: QueryParams, opts?: ReadQueryOptions): Promise<Row[]> {
      const signal = opts?.signal;
      return withReadRetries(signal, async () => {
        const result = await client.query({
          query: sql,
          query_params: toClickHouseParams(params),
          format: "JSONEachRow",
          ...tagged(opts, signal ? CANCEL_ON_CLOSE : {}),
          abort_signal: signal,
        });
        return readBody(result, () => result.json<Row>(), signal);
      });
    },

    async queryText(sql: string, params: QueryParams | undefined, opts: TextQueryOptions): Promise<string> {
      const { signal } = opts;
      const writes = opts.adhoc?.allowWrites === true;
      // Ad-hoc reads keep their readonly=1 over CANCEL_ON_CLOSE's 2. A statement that may write is
      // sent as it is: an abort closes its connection, and the server still finishes it.
      const adhocSettings: ClickHouseSettings = opts.adhoc && !writes ? ({ ...ADHOC_SETTINGS, readonly: "1" } as ClickHouseSettings) : {};
      const settings: ClickHouseSettings = writes ? {} : { ...(signal ? CANCEL_ON_CLOSE : {}), ...adhocSettings };
      const run = async () => {
        const result = await client.query({
          query: sql,
          query_params: toClickHouseParams(params),
          format: opts.format,
          ...tagged(opts, settings),
          abort_signal: signal,
        });
        return readBody(result, () => result.text(), signal);
      };
      return writes ? wrap(run, signal) : withReadRetries(signal, run);
    },

    async insert(table: string, rows: readonly object[], opts?: QueryOptions): Promise<void> {
      if (rows.length === 0) return;
      await wrap(() => client.insert({ table, values: rows as object[], format: "JSONEachRow", ...tagged(opts, config.insertSettings) }));
    },

    async command(sql: string, params?: QueryParams, opts?: QueryOptions): Promise<void> {
      await wrap(() => client.command({ query: sql, query_params: toClickHouseParams(params), ...tagged(opts) }));
    },

    async ping(): Promise<void> {
      const result = await client.ping();
      if (!result.success)
        throw new StoreUnavailableError(`ClickHouse server at ${redactUrl(config.url)} did not answer a ping`, result.error);
    },

    async close(): Promise<void> {
      await client.close();
    },
  };
}

/** A client for the server; `database` may be "default" to run statements before the target database exists. */
export function createServerClient(config: ServerStoreConfig, database: string): ClickHouseClient {
  return createClient({
    url: config.url,
    username: config.user,
    password: config.password,
    database,
    application: "promptmetrics",
    // Every failure reaches the caller as a typed StoreError; the client's own log would only repeat it.
    log: { level: ClickHouseLogLevel.OFF },
    ...(config.requestTimeoutMs === undefined ? {} : { request_timeout: config.requestTimeoutMs }),
    clickhouse_settings: { ...OUTPUT_SETTINGS, ...config.settings } as ClickHouseSettings,
  });
}

function tagged(opts: QueryOptions | undefined, extra: ClickHouseSettings = {}) {
  const tag = opts?.tag ?? "query";
  return { query_id: `promptmetrics-${tag}-${randomUUID()}`, clickhouse_settings: { log_comment: tag, ...extra } as ClickHouseSettings };
}

async function withReadRetries<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await wrap(fn, signal);
    } catch (error) {
      // Network failures only: a server that answered "too many parts" or "memory limit" is not
      // helped by the same read a moment later, and the caller's own retry is better paced.
      const networkFailure = error instanceof StoreUnavailableError && error.clickhouseCode === undefined;
      if (!networkFailure || attempt >= READ_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

async function wrap<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  // The client only listens for an abort that comes after the call: an aborted signal would be sent anyway.
  if (signal?.aborted) throw abortedError(signal.reason);
  try {
    return await fn();
  } catch (error) {
    throw signal?.aborted ? abortedError(error) : toStoreError(error);
  }
}

/**
 * Reads a result's body, closing it on an abort: the client stops listening to the signal once the
 * response headers have arrived, so without this an abort during a long body would go unheard.
 */
async function readBody<T>(result: ResultSet<unknown>, read: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return read();
  const close = () => result.close();
  if (signal.aborted) close();
  else signal.addEventListener("abort", close, { once: true });
  try {
    return await read();
  } finally {
    signal.removeEventListener("abort", close);
  }
}

function abortedError(cause: unknown): StoreAbortedError {
  return new StoreAbortedError("Query aborted by its caller", cause);
}

export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof ClickHouseError) {
    const code = Number.parseInt(error.code, 10);
    const transient = TRANSIENT_CLICKHOUSE_CODES.get(code);
    if (transient)
      return new StoreUnavailableError(`ClickHouse server is refusing work for now (${transient}): ${error.message}`, error, code);
    return new StoreQueryError(error.message, Number.isNaN(code) ? undefined : code, error);
  }
  const networkCode = (error as { code?: unknown } | null)?.code;
  if (typeof networkCode === "string" && NETWORK_ERROR_CODES.has(networkCode)) {
    return new StoreUnavailableError(`ClickHouse server unreachable (${networkCode})`, error);
  }
  if (error instanceof Error && /timeout/i.test(error.message)) return new StoreUnavailableError(error.message, error);
  return new StoreError(error instanceof Error ? error.message : String(error), { cause: error });
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(invalid url)";
  }
}

/** Creates the configured database when it does not exist yet (run before migrations). */
export async function createDatabaseIfMissing(config: ServerStoreConfig): Promise<void> {
  if (config.database === "default") return;
  const client = createServerClient(config, "default");
  try {
    await wrap(() =>
      client.command({ query: "CREATE DATABASE IF NOT EXISTS {database:Identifier}", query_params: { database: config.database } }),
    );
  } finally {
    await client.close();
  }
}
