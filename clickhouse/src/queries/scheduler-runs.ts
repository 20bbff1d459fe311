// The scheduler's run records (scheduler_runs, migration 0013): a row when a run starts and one when it
// ends. Rows are written with INSERT ... SELECT, which ClickHouse never turns into an async insert, so a
// record is visible to every read that starts after the write returned (the lease protocol relies on it).
import type { Store } from "../store.ts";
import { fromDbTime, toDbTime } from "./versioning.ts";

export type JobRunState = "started" | "succeeded" | "failed";

export interface JobRunRecord {
  job: string;
  /** The scheduled time the run is for. */
  slot: Date;
  /** 1 for the first try of a slot. */
  attempt: number;
  runId: string;
  state: JobRunState;
  /** The failure's message; "" otherwise. */
  error: string;
  /** How long the run took (0 on "started"). */
  tookMs: number;
  /** When it was recorded, by the scheduler's clock. */
  at: Date;
}

export async function insertJobRun(store: Store, run: JobRunRecord): Promise<void> {
  await store.command(
    `INSERT INTO scheduler_runs (job, slot, attempt, run_id, state, error, took_ms, at)
     SELECT {job:String}, {slot:DateTime64(3, 'UTC')}, {attempt:UInt16}, {runId:String}, {state:String}, {error:String},
            {tookMs:UInt32}, {at:DateTime64(3, 'UTC')}`,
    {
      job: run.job,
      slot: toDbTime(run.slot),
      attempt: run.attempt,
      runId: run.runId,
      state: run.state,
      error: run.error,
      tookMs: Math.min(Math.max(0, Math.round(run.tookMs)), 4_294_967_295),
      at: toDbTime(run.at),
    },
    { tag: "insertJobRun" },
  );
}

interface JobRunRow {
  job: string;
  slot: string;
  attempt: number;
  run_id: string;
  state: JobRunState;
  error: string;
  took_ms: number;
  at: string;
}

const fromRow = (row: JobRunRow): JobRunRecord => ({
  job: row.job,
  slot: fromDbTime(row.slot),
  attempt: Number(row.attempt),
  runId: row.run_id,
  state: row.state,
  error: row.error,
  tookMs: Number(row.took_ms),
  at: fromDbTime(row.at),
});

// The latest record sorts last by (slot, attempt, an end after its start, at): a start and its end can
// carry the same `at` under a test's clock.
const RECENCY = "(slot, attempt, state != 'started', at)";

/** Each job's latest record (its newest slot's last attempt, ended if it ended); jobs never run are absent. */
export async function latestJobRuns(store: Store, jobs: readonly string[]): Promise<Map<string, JobRunRecord>> {
  if (jobs.length === 0) return new Map();
  const rows = await store.query<JobRunRow>(
    `SELECT job, latest.1 AS slot, latest.2 AS attempt, latest.3 AS run_id, latest.4 AS state, latest.5 AS error,
            latest.6 AS took_ms, latest.7 AS at
     FROM (
       SELECT job, argMax((slot, attempt, run_id, state, error, took_ms, at), ${RECENCY}) AS latest
       FROM scheduler_runs
       WHERE job IN {jobs:Array(String)}
       GROUP BY job
     )`,
    { jobs: [...jobs] },
    { tag: "latestJobRuns" },
  );
  return new Map(rows.map((row) => [row.job, fromRow(row)]));
}

export interface JobRunSummary {
  job: string;
  slot: Date;
  attempt: number;
  runId: string;
  /** "started" while running, or when the run's process died before it ended. */
  state: JobRunState;
  error: string;
  tookMs: number;
  startedAt: Date;
  endedAt: Date | null;
}

/** The newest runs, one line per try (start and end together), newest first; of one job when `job` is given. */
export async function listJobRuns(store: Store, { job, limit }: { job?: string; limit: number }): Promise<JobRunSummary[]> {
  const rows = await store.query<JobRunRow & { started_at: string; ended_at: string | null }>(
    `SELECT job, slot, attempt, run_id, ended.1 AS state, ended.2 AS error, ended.3 AS took_ms, started_at,
            if(ends = 0, NULL, ended.4) AS ended_at, started_at AS at
     FROM (
       SELECT job, slot, attempt, run_id, min(at) AS started_at, countIf(state != 'started') AS ends,
              argMax((state, error, took_ms, at), (state != 'started', at)) AS ended
       FROM scheduler_runs
       WHERE {job:String} = '' OR job = {job:String}
       GROUP BY job, slot, attempt, run_id
     )
     ORDER BY started_at DESC, slot DESC, attempt DESC, job
     LIMIT {limit:UInt32}`,
    { job: job ?? "", limit },
    { tag: "listJobRuns" },
  );
  return rows.map((row) => {
    const { at: _at, ...rest } = fromRow(row);
    return { ...rest, startedAt: fromDbTime(row.started_at), endedAt: row.ended_at === null ? null : fromDbTime(row.ended_at) };
  });
}
