// (helper of the grafana benchmark) What the panels are compared with, measured in the same run on the same
// store: the analytics API's own totals query for a range (the one GET /overview runs for its current period),
// and a full scan of the hourly model rollup as a floor for any rollup panel.
import type { Store } from "@promptmetrics/clickhouse";
import { aggregateRunMetrics, pickSource, type Source } from "@promptmetrics/clickhouse/analytics";
import { timeCalls, type Timing } from "./grafana-timing.ts";

export interface Baseline extends Timing {
  what: string;
  how: string;
}

/**
 * The overview's totals for [from, to): the source the API picks (the model rollup's whole hours plus
 * raw spans for the partial hours at both ends) and the same query function the route calls.
 */
export async function timeApiOverviewTotals(
  store: Store,
  scope: { projectId: string; from: Date; to: Date },
  calls: number,
): Promise<Baseline> {
  const request = { projectId: scope.projectId, from: scope.from, to: scope.to, filters: {}, dimensions: [] };
  const source: Source = pickSource(request);
  let requests = 0;
  const timing = await timeCalls(async () => {
    const rows = await aggregateRunMetrics(store, { ...request, source });
    requests = rows[0]?.requests ?? 0;
    return rows.length;
  }, calls);
  return {
    ...timing,
    what: "API overview totals, 30 days",
    how: `aggregateRunMetrics on ${source}${source === "raw" ? "" : " + raw spans for the partial hours"}, as GET /overview runs it for its current period (${requests.toLocaleString("en")} runs)`,
  };
}

/**
 * Every row of the smallest rollup the boards read, summed: what no rollup panel can beat. Kept here
 * rather than in clickhouse/src/queries because it measures the engine, not a question of the product.
 */
const ROLLUP_FLOOR_SQL = "SELECT sum(requests) AS requests FROM rollup_model_hourly";

export async function timeRollupFloor(store: Store, calls: number): Promise<Baseline> {
  const timing = await timeCalls(
    async () => (await store.query(ROLLUP_FLOOR_SQL, undefined, { tag: "bench-grafana-floor" })).length,
    calls,
  );
  return { ...timing, what: "floor: full scan of rollup_model_hourly", how: ROLLUP_FLOOR_SQL };
}
