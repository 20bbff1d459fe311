// Do the hourly rollups agree with the raw spans? ClickHouse writes a span's part and each materialized
// view's part as separate commits, so a process killed between them (kill -9, power loss of the engine)
// can leave spans a rollup never counted; a reprice killed after its revisions but before its rebuild
// leaves rollup costs behind the spans'. These compare, per project and hour, each rollup's requests and
// cost (errors for the error rollup) with the spans as they are now (FINAL: the newest revision of each
// span), so start-up and reprice can find and rebuild what a crash left inconsistent.
import { rebuildRollupPartitions } from "./rollups.ts";
import type { Store } from "../store.ts";

/** Each rollup, the figures it is compared on, and which spans it counts: fixed identifiers, never input. */
const CHECKS = [
  { table: "rollup_model_hourly", spans: "is_llm", cost: true },
  { table: "rollup_user_hourly", spans: "is_llm", cost: true },
  { table: "rollup_prompt_hourly", spans: "is_llm AND prompt_name != ''", cost: true },
  { table: "rollup_member_hourly", spans: "is_llm", cost: true },
  { table: "rollup_error_hourly", spans: "is_llm AND status_code = 'error'", cost: false },
] as const;

export interface RollupDisagreement {
  table: string;
  projectId: string;
  /** The hour, `YYYY-MM-DD hh:00:00` UTC. */
  bucket: string;
  rollupRequests: number;
  spanRequests: number;
  /** Decimal strings; "0" for the error rollup, which keeps no cost. */
  rollupCost: string;
  spanCost: string;
}

export type AgreementScope =
  /** Every hour in [from, to) (of one project when given). */
  | { from: Date; to: Date; projectId?: string | undefined }
  /** These hours only (`YYYY-MM-DD hh:00:00` UTC). */
  | { hours: string[] };

export async function findRollupDisagreements(store: Store, scope: AgreementScope): Promise<RollupDisagreement[]> {
  if ("hours" in scope && scope.hours.length === 0) return [];
  const where =
    "hours" in scope
      ? { rollup: "bucket IN {hours:Array(DateTime('UTC'))}", spans: "toStartOfHour(start_time) IN {hours:Array(DateTime('UTC'))}" }
      : {
          rollup: `bucket >= toStartOfHour({from:DateTime64(3, 'UTC')}) AND bucket < {to:DateTime64(3, 'UTC')}${scope.projectId === undefined ? "" : " AND project_id = {projectId:String}"}`,
          spans: `start_time >= toStartOfHour({from:DateTime64(3, 'UTC')}) AND start_time < {to:DateTime64(3, 'UTC')}${scope.projectId === undefined ? "" : " AND project_id = {projectId:String}"}`,
        };
  // Whole hours on both sides, so an hour the range cuts is compared whole.
  const params = "hours" in scope ? { hours: scope.hours } : { from: scope.from, to: scope.to, projectId: scope.projectId ?? "" };
  const found: RollupDisagreement[] = [];
  for (const check of CHECKS) {
    const rollupFigures = check.cost
      ? "sum(requests) AS requests, sum(cost_usd) AS cost"
      : "sum(errors) AS requests, toDecimal128(0, 12) AS cost";
    const spanFigures = check.cost
      ? "count() AS requests, toDecimal128(sum(ifNull(cost_usd, toDecimal64(0, 12))), 12) AS cost"
      : "count() AS requests, toDecimal128(0, 12) AS cost";
    const rows = await store.query<{
      project_id: string;
      bucket: string;
      rollup_requests: number;
      span_requests: number;
      rollup_cost: string;
      span_cost: string;
    }>(
      `SELECT project_id, bucket, r.requests AS rollup_requests, s.requests AS span_requests,
              toString(r.cost) AS rollup_cost, toString(s.cost) AS span_cost
       FROM (SELECT project_id, bucket, ${rollupFigures} FROM ${check.table} WHERE ${where.rollup} GROUP BY project_id, bucket) AS r
       FULL OUTER JOIN
            (SELECT project_id, toDateTime(toStartOfHour(start_time), 'UTC') AS bucket, ${spanFigures}
             FROM spans FINAL WHERE ${check.spans} AND ${where.spans} GROUP BY project_id, bucket) AS s
       USING (project_id, bucket)
       WHERE r.requests != s.requests OR r.cost != s.cost
       ORDER BY project_id, bucket
       SETTINGS join_use_nulls = 0`,
      params,
      { tag: "findRollupDisagreements" },
    );
    for (const row of rows) {
      found.push({
        table: check.table,
        projectId: row.project_id,
        bucket: row.bucket,
        rollupRequests: Number(row.rollup_requests),
        spanRequests: Number(row.span_requests),
        rollupCost: row.rollup_cost,
        spanCost: row.span_cost,
      });
    }
  }
  return found;
}

/**
 * The hours of the spans written in the last `windowMinutes` before the newest write: where an
 * interrupted insert, reprice or rebuild can have left the rollups behind. Empty on an empty store.
 */
export async function listRecentlyWrittenHours(store: Store, { windowMinutes }: { windowMinutes: number }): Promise<string[]> {
  const rows = await store.query<{ hour: string }>(
    `SELECT DISTINCT toDateTime(toStartOfHour(start_time), 'UTC') AS hour FROM spans
     WHERE ingested_at >= (SELECT max(ingested_at) FROM spans) - toIntervalMinute({windowMinutes:UInt32})
     ORDER BY hour`,
    { windowMinutes },
    { tag: "listRecentlyWrittenHours" },
  );
  return rows.map((row) => row.hour);
}

export interface RollupRepair {
  /** Hours checked. */
  checked: number;
  disagreements: RollupDisagreement[];
  /** Months (YYYYMM) rebuilt from the spans. */
  rebuilt: number[];
}

/**
 * Checks the hours written shortly before the newest write and rebuilds the months of any hour where a
 * rollup disagrees with the spans. Only while nothing else writes to the store (a rebuild replaces whole
 * partitions): at start-up of the process that holds an embedded store, before it takes traffic.
 */
export async function repairRecentRollups(store: Store, { windowMinutes = 15 }: { windowMinutes?: number } = {}): Promise<RollupRepair> {
  const hours = await listRecentlyWrittenHours(store, { windowMinutes });
  const disagreements = await findRollupDisagreements(store, { hours });
  const rebuilt = monthsOf(disagreements);
  if (rebuilt.length > 0) await rebuildRollupPartitions(store, { partitions: rebuilt });
  return { checked: hours.length, disagreements, rebuilt };
}

/** The months (YYYYMM) of the disagreeing hours, sorted. */
export function monthsOf(disagreements: readonly RollupDisagreement[]): number[] {
  const months = new Set(disagreements.map((d) => Number(d.bucket.slice(0, 4) + d.bucket.slice(5, 7))));
  return [...months].sort((a, b) => a - b);
}
