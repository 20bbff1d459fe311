// (helper of the api benchmark) A Store that times every query the API sends through it, so a slow
// route can be taken apart into its queries (chDB keeps no query_log).
import type { QueryOptions, QueryParams, Store } from "@promptmetrics/clickhouse";

export interface QueryTiming {
  /** The query's tag and the tables it reads, e.g. "aggregateRunMetrics rollup_model_hourly+spans FINAL". */
  label: string;
  ms: number;
}

export interface TimedStore {
  store: Store;
  /** The timings recorded since the last call, in order. */
  take(): QueryTiming[];
}

const TABLES = /\bFROM\s+(rollup_\w+|spans FINAL|spans|feedback FINAL|feedback|api_keys FINAL|api_keys|projects FINAL|memberships FINAL|users FINAL)\b/g;

export function timeQueries(inner: Store): TimedStore {
  let timings: QueryTiming[] = [];
  const record = (sql: string, tag: string | undefined, started: number) => {
    const tables = [...new Set([...sql.matchAll(TABLES)].map((match) => match[1]))].join("+");
    timings.push({ label: `${tag ?? "query"} ${tables}`.trim(), ms: performance.now() - started });
  };
  const store: Store = {
    kind: inner.kind,
    location: inner.location,
    async query<Row>(sql: string, params?: QueryParams, opts?: QueryOptions): Promise<Row[]> {
      const started = performance.now();
      try {
        return await inner.query<Row>(sql, params, opts);
      } finally {
        record(sql, opts?.tag, started);
      }
    },
    async queryText(sql, params, opts) {
      const started = performance.now();
      try {
        return await inner.queryText(sql, params, opts);
      } finally {
        record(sql, opts.tag, started);
      }
    },
    insert: (table, rows, opts) => inner.insert(table, rows, opts),
    command: (sql, params, opts) => inner.command(sql, params, opts),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return {
    store,
    take() {
      const taken = timings;
      timings = [];
      return taken;
    },
  };
}
