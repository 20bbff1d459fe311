// (helper of the grafana benchmark) Times a query the way the benchmark reports it: one warm-up call that
// is not counted, then `calls` calls one after another; p50 and max of those, and the rows of the answer.
import type { Store } from "@promptmetrics/clickhouse";
import { percentile } from "./ingest/report.ts";
import type { Ran } from "./grafana-panels.ts";

export interface Timing {
  p50Ms: number;
  maxMs: number;
  rows: number;
}

/** `run` answers with the number of rows it got. */
export async function timeCalls(run: () => Promise<number>, calls: number): Promise<Timing> {
  await run();
  const latencies: number[] = [];
  let rows = 0;
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    rows = await run();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50Ms: percentile(latencies, 50), maxMs: latencies.at(-1)!, rows };
}

/**
 * Times SQL as Grafana's plugin sends it (text, no parameters) on the store's reader session, and keeps
 * the first column of the answer (a variable's options). JSONCompact is what the dashboards tests read too.
 */
export async function timeGrafanaSql(store: Store, sql: string, calls: number): Promise<Ran<Timing>> {
  let firstColumn: string[] = [];
  const measured = await timeCalls(async () => {
    const text = await store.queryText(sql, undefined, { format: "JSONCompact", tag: "bench-grafana" });
    const rows = (JSON.parse(text) as { data: unknown[][] }).data;
    firstColumn = rows.map((row) => String(row[0]));
    return rows.length;
  }, calls);
  return { measured, firstColumn };
}
