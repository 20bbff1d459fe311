// (helper of the grafana benchmark) Synthetic ingest_health reports for the Ingest health board: every
// ingest process writes one row every 10 s, so a month of three processes is 777,600 rows. Traffic follows
// a daily wave sized from the dataset's own run rate, with a few minutes of back-pressure now and then.
import { toDbTime } from "@promptmetrics/clickhouse";

export interface IngestHealthPlan {
  /** The last report's time (rounded down to the report interval). */
  to: Date;
  days: number;
  instances: readonly string[];
  /** Mean spans accepted per second, all processes together. */
  meanSpansPerSecond: number;
  seed: number;
}

export const REPORT_INTERVAL_S = 10;
const DAY_S = 86_400;

/** How many rows the plan makes over all its days: one per instance per report interval. */
export function countReports(plan: IngestHealthPlan): number {
  return plan.instances.length * ((plan.days * DAY_S) / REPORT_INTERVAL_S);
}

/**
 * The rows of one day (0 = the oldest), for every instance, as store.insert takes them. A day at a
 * time keeps each insert's JSON to a few tens of MiB.
 */
export function reportDay(plan: IngestHealthPlan, day: number): Record<string, unknown>[] {
  const random = mulberry32(plan.seed + day);
  const reportsPerDay = DAY_S / REPORT_INTERVAL_S;
  const last = Math.floor(plan.to.getTime() / (REPORT_INTERVAL_S * 1000)) * REPORT_INTERVAL_S * 1000;
  const first = last - (plan.days * reportsPerDay - 1) * REPORT_INTERVAL_S * 1000;
  const rows: Record<string, unknown>[] = [];
  for (const [instanceIndex, instance] of plan.instances.entries()) {
    // The load balancer's split is not quite even.
    const share = (1 + 0.15 * (instanceIndex - (plan.instances.length - 1) / 2)) / plan.instances.length;
    for (let i = 0; i < reportsPerDay; i++) {
      const atMs = first + (day * reportsPerDay + i) * REPORT_INTERVAL_S * 1000;
      const hourOfDay = (atMs / 3_600_000) % 24;
      // Busiest around 15:00 UTC, quietest around 03:00, never idle.
      const wave = 1 + 0.6 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
      const accepted = Math.round(plan.meanSpansPerSecond * share * wave * REPORT_INTERVAL_S * (0.8 + 0.4 * random()));
      // About 20 minutes of back-pressure a day, in bursts of 200 s.
      const burst = Math.floor(atMs / 200_000) % 72 === instanceIndex;
      const rejected = random() < 0.02 ? 1 + Math.floor(random() * 4) : 0;
      const duplicate = random() < 0.1 ? Math.floor(random() * 6) : 0;
      const inserts = accepted === 0 ? 0 : Math.max(1, Math.round(accepted / 500 + random() * 2));
      const failed = random() < 0.0005 ? 1 : 0;
      const insertMs = Array.from({ length: inserts }, () => Math.round((burst ? 300 : 15) + random() * (burst ? 400 : 40)));
      rows.push({
        at: toDbTime(new Date(atMs)).slice(0, 19),
        instance,
        interval_seconds: REPORT_INTERVAL_S,
        requests: Math.ceil(accepted / 64),
        requests_throttled: burst ? 1 + Math.floor(random() * 3) : 0,
        requests_failed: failed,
        spans_received: accepted + duplicate + rejected,
        spans_accepted: accepted,
        spans_duplicate: duplicate,
        spans_rejected: rejected,
        rejected_by_reason: rejected === 0 ? {} : random() < 0.7 ? { invalid_id: rejected } : { end_before_start: rejected },
        unknown_model_spans: random() < 0.01 ? 1 : 0,
        queue_rows: burst ? 30_000 + Math.floor(random() * 20_000) : Math.floor(random() * 200),
        queue_bytes: burst ? 150_000_000 + Math.floor(random() * 100_000_000) : Math.floor(random() * 2_000_000),
        inserts,
        insert_failures: failed,
        insert_ms: insertMs,
      });
    }
  }
  return rows;
}

/** A small seeded generator, so two runs write the same reports. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
