// (helper of the api benchmark) A Store that times every query the API sends through it, so a slow
// route can be taken apart into its queries (chDB keeps no query_log).
import type { QueryOptions, QueryParams, Store } from "@promptmetrics/clickhouse";

export interface QueryTiming {
  /** The query's tag and the tables it reads, e.g. "aggregateRunMetrics rollup_model_hourly+spans FINAL". */
  label: string;
  /**
   * The query's own time: from when it started, or when the query before it finished if that was later,
   * to its end. The embedded store runs a route's concurrent reads one after another on its reader
   * Session, so a query sent together with another waits for it; the wait is not its own time.
   */
  ms: number;
}

export interface TimedStore {
  store: Store;
  /** The queries finished since the last call, in the order they finished. */
  take(): QueryTiming[];
}

const TABLES =
  /\bFROM\s+(rollup_\w+|spans FINAL|spans|feedback FINAL|feedback|api_keys FINAL|api_keys|projects FINAL|memberships FINAL|users FINAL)\b/g;

export function timeQueries(inner: Store): TimedStore {
  let finished: { label: string; start: number; end: number }[] = [];
  const timed = async <T>(sql: string, tag: string | undefined, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      const tables = [...new Set([...sql.matchAll(TABLES)].map((match) => match[1]))].join("+");
      finished.push({ label: `${tag ?? "query"} ${tables}`.trim(), start, end: performance.now() });
    }
  };
  const store: Store = {
    kind: inner.kind,
    location: inner.location,
    query: <Row>(sql: string, params?: QueryParams, opts?: QueryOptions) =>
      timed(sql, opts?.tag, () => inner.query<Row>(sql, params, opts)),
    queryText: (sql, params, opts) => timed(sql, opts.tag, () => inner.queryText(sql, params, opts)),
    insert: (table, rows, opts) => inner.insert(table, rows, opts),
    command: (sql, params, opts) => inner.command(sql, params, opts),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return {
    store,
    take() {
      let previousEnd = Number.NEGATIVE_INFINITY;
      const timings = finished.map(({ label, start, end }) => {
        const ms = end - Math.max(start, previousEnd);
        previousEnd = end;
        return { label, ms };
      });
      finished = [];
      return timings;
    },
  };
}
