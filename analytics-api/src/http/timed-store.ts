// The store as the API sees it, with every query timed by its tag for GET /metrics. A wrapper rather
// than a change to the store: the ingest and the CLI share the store and keep their own figures.
import type { QueryParams, ReadQueryOptions, Store } from "@promptmetrics/clickhouse";
import type { ApiMetrics } from "./api-metrics.ts";

export function timedStore(store: Store, metrics: ApiMetrics): Store {
  const timed = async <T>(tag: string | undefined, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await work();
      metrics.observeStoreQuery(tag, performance.now() - started, false);
      return result;
    } catch (error) {
      metrics.observeStoreQuery(tag, performance.now() - started, true);
      throw error;
    }
  };
  return {
    kind: store.kind,
    location: store.location,
    query: <Row>(sql: string, params?: QueryParams, opts?: ReadQueryOptions) => timed(opts?.tag, () => store.query<Row>(sql, params, opts)),
    queryText: (sql, params, opts) => timed(opts.tag, () => store.queryText(sql, params, opts)),
    insert: (table, rows, opts) => timed(opts?.tag, () => store.insert(table, rows, opts)),
    command: (sql, params, opts) => timed(opts?.tag, () => store.command(sql, params, opts)),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
