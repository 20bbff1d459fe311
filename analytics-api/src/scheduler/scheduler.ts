// The one scheduler: recurring jobs (price sync, suggestion refresh, alert rounds, report schedules,
// backups) run once per slot across every process on the store. A tick reads each job's latest run
// record (scheduler_runs) and runs the jobs that are due; a job runs only under its lease ("job:<name>",
// store-lease.ts), renewed while it runs, so two replicas never run it together and a crashed runner's
// lease runs out by itself. Records are written before and after each run, so after a restart the
// scheduler knows what already ran: a slot that succeeded never runs again, a slot missed during
// downtime runs once (the latest one only), a failed or interrupted slot is retried with a doubling
// delay up to maxAttempts. A run that dies mid-way is run again, so jobs make their effects safe to
// repeat (or record them first). Time comes from a Clock, so tests control it.
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { insertJobRun, latestJobRuns, type JobRunRecord, type Store } from "@promptmetrics/clickhouse";
import { tryClaimLease, type StoreLease } from "../locks/store-lease.ts";
import { cadenceProblem, describeCadence, latestSlot, nextSlot, type Cadence } from "./cadence.ts";
import { systemClock, type Clock } from "./clock.ts";

export interface JobContext {
  /** The scheduled time this run is for. */
  slot: Date;
  /** 1 for the slot's first try. */
  attempt: number;
  /** Aborted when the scheduler stops or this process lost the job's lease: stop soon. */
  signal: AbortSignal;
  clock: Clock;
  log(line: string): void;
}

export interface JobDefinition {
  /** Unique across the install: letters, digits and . : _ - (e.g. "prices.sync", "report:<id>"). */
  name: string;
  cadence: Cadence;
  run(context: JobContext): Promise<void>;
  /** Slots before this instant never run: a schedule made at 10:00 for 09:00 daily first runs the next day. */
  notBefore?: Date;
  /** Tries per slot. @default 3 */
  maxAttempts?: number;
  /** Delay before the second try; each later try waits twice as long. @default 60 s */
  retryAfterMs?: number;
}

/** Jobs asked for at every tick: for schedules that live in the store and change while the server runs. */
export type JobSource = () => readonly JobDefinition[] | Promise<readonly JobDefinition[]>;

export interface JobOutcome {
  job: string;
  slot: Date;
  attempt: number;
  state: "succeeded" | "failed";
  error: string;
  tookMs: number;
}

export interface SchedulerOptions {
  store: Store;
  /** @default the system clock */
  clock?: Clock;
  /** How often start() looks for due jobs. @default 15 s */
  tickMs?: number;
  /** How long a runner's lease lasts without renewal; it is renewed every third of it. @default 60 s */
  leaseMs?: number;
  /** Where run lines go. @default console */
  log?: (line: string) => void;
  /** Told every run's outcome (metrics, error reports); must not throw. */
  onOutcome?: (outcome: JobOutcome) => void;
}

export interface Scheduler {
  /** Adds a job, or a source of jobs asked at every tick. */
  add(source: JobDefinition | JobSource): void;
  /** Runs every due job (those no other process is running) and resolves with their outcomes. */
  tick(): Promise<JobOutcome[]>;
  /**
   * Runs a job now, whatever its cadence, for the current instant as its slot (so it counts as this
   * period's run), waiting up to `waitMs` for a run of it elsewhere to end. Rejects with JobBusyError then.
   */
  runNow(name: string, options?: { waitMs?: number }): Promise<JobOutcome>;
  /** Ticks every tickMs until stop(). */
  start(): void;
  /** Stops ticking, aborts running jobs and waits for them to end. */
  stop(): Promise<void>;
}

/** A job is running elsewhere and did not end in time. */
export class JobBusyError extends Error {
  constructor(job: string, waitedMs: number) {
    super(`job ${job} is running in another process; it did not end within ${waitedMs} ms`);
    this.name = "JobBusyError";
  }
}

export class UnknownJobError extends Error {
  constructor(job: string) {
    super(`no job named ${JSON.stringify(job)}`);
    this.name = "UnknownJobError";
  }
}

const JOB_NAME = /^[A-Za-z0-9._:-]{1,200}$/;
const CLAIM_TRIES = 5;
const CLAIM_BACKOFF_MS = 20;
const MAX_ERROR_CHARS = 2000;

export function createScheduler({
  store,
  clock = systemClock,
  tickMs = 15_000,
  leaseMs = 60_000,
  log = (line) => console.log(line),
  onOutcome,
}: SchedulerOptions): Scheduler {
  const sources: JobSource[] = [];
  const running = new Map<string, Promise<unknown>>();
  const controllers = new Set<AbortController>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let ticking: Promise<unknown> = Promise.resolve();

  const definitions = async (): Promise<Map<string, JobDefinition>> => {
    const jobs = new Map<string, JobDefinition>();
    for (const source of sources) {
      let listed: readonly JobDefinition[];
      try {
        listed = await source();
      } catch (error) {
        log(`[scheduler] could not list jobs: ${messageOf(error)}`);
        continue;
      }
      for (const job of listed) {
        const problem = !JOB_NAME.test(job.name) ? "its name is not letters, digits and . : _ -" : cadenceProblem(job.cadence);
        if (problem) log(`[scheduler] job ${JSON.stringify(job.name)} is left out: ${problem}`);
        else if (jobs.has(job.name)) log(`[scheduler] job ${job.name} is defined twice; the first definition runs`);
        else jobs.set(job.name, job);
      }
    }
    return jobs;
  };

  /** The attempt to run now for `slot`, or undefined when the slot needs nothing now. */
  const attemptDue = (job: JobDefinition, slot: Date, latest: JobRunRecord | undefined, now: Date): number | undefined => {
    if (job.notBefore && slot < job.notBefore) return undefined;
    if (!latest || latest.slot < slot) return 1;
    if (latest.slot > slot || latest.state === "succeeded") return undefined;
    if (latest.attempt >= (job.maxAttempts ?? 3)) return undefined;
    // "started" with no end is a run whose process died (we checked under the lease): retry at once.
    if (latest.state === "started") return latest.attempt + 1;
    const wait = (job.retryAfterMs ?? 60_000) * 2 ** (latest.attempt - 1);
    return now.getTime() >= latest.at.getTime() + wait ? latest.attempt + 1 : undefined;
  };

  /** Runs `job` for `slot` under its lease; undefined when another process holds it or it is no longer due. */
  const runUnderLease = async (job: JobDefinition, slot: Date, manual: boolean): Promise<JobOutcome | undefined> => {
    const lease = await claimJobLease(job.name, slot);
    if (!lease) return undefined;
    try {
      // Read again under the lease: another process may have run the slot since the tick looked.
      const latest = (await latestJobRuns(store, [job.name])).get(job.name);
      const sameSlot = latest?.slot.getTime() === slot.getTime();
      let attempt: number | undefined;
      if (sameSlot && latest.state === "started") {
        // We hold the lease, so the process that started this run is gone: record that, and try again at once.
        await record(job.name, slot, latest.attempt, latest.runId, "failed", "interrupted: the process running it stopped", 0);
        attempt = manual || latest.attempt < (job.maxAttempts ?? 3) ? latest.attempt + 1 : undefined;
      } else if (manual) {
        attempt = sameSlot ? latest.attempt + 1 : 1;
      } else {
        attempt = attemptDue(job, slot, latest, clock.now());
      }
      if (attempt === undefined || stopped) return undefined;
      return await runOnce(job, slot, attempt, lease);
    } finally {
      await lease.release().catch((error: unknown) => log(`[scheduler] could not release job ${job.name}'s lease: ${messageOf(error)}`));
    }
  };

  /**
   * The job's lease, or undefined when another process holds it. Two processes claiming at once can
   * both lose; they try again after a random pause, unless the record shows the slot was taken meanwhile.
   */
  const claimJobLease = async (name: string, slot: Date): Promise<StoreLease | undefined> => {
    for (let tries = 0; ; tries++) {
      if (stopped) return undefined;
      const lease = await tryClaimLease({ store, name: `job:${name}`, leaseMs });
      if (lease || tries >= CLAIM_TRIES - 1) return lease;
      await delay(CLAIM_BACKOFF_MS * (1 + Math.random() * 2 ** tries));
      const latest = (await latestJobRuns(store, [name])).get(name);
      if (latest && latest.slot.getTime() >= slot.getTime()) return undefined;
    }
  };

  const runOnce = async (job: JobDefinition, slot: Date, attempt: number, lease: StoreLease): Promise<JobOutcome> => {
    const runId = randomUUID();
    const controller = new AbortController();
    controllers.add(controller);
    const started = performance.now();
    let renewedAt = started;
    const renewal = setInterval(
      () => {
        lease.renew().then(
          () => (renewedAt = performance.now()),
          (error: unknown) => {
            log(`[scheduler] could not renew job ${job.name}'s lease: ${messageOf(error)}`);
            if (performance.now() - renewedAt > leaseMs) controller.abort(new Error(`job ${job.name} lost its lease`));
          },
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    await record(job.name, slot, attempt, runId, "started", "", 0);
    let outcome: JobOutcome;
    try {
      await job.run({
        slot,
        attempt,
        signal: controller.signal,
        clock,
        log: (line) => log(`[job ${job.name}] ${line}`),
      });
      outcome = { job: job.name, slot, attempt, state: "succeeded", error: "", tookMs: performance.now() - started };
    } catch (error) {
      outcome = {
        job: job.name,
        slot,
        attempt,
        state: "failed",
        error: messageOf(error).slice(0, MAX_ERROR_CHARS),
        tookMs: performance.now() - started,
      };
    } finally {
      clearInterval(renewal);
      controllers.delete(controller);
    }
    await record(job.name, slot, attempt, runId, outcome.state, outcome.error, outcome.tookMs);
    const what = `[scheduler] job ${job.name} (${describeCadence(job.cadence)}) slot ${slot.toISOString()} try ${attempt}`;
    log(outcome.state === "succeeded" ? `${what} succeeded in ${Math.round(outcome.tookMs)} ms` : `${what} failed: ${outcome.error}`);
    onOutcome?.(outcome);
    return outcome;
  };

  const record = (job: string, slot: Date, attempt: number, runId: string, state: JobRunRecord["state"], error: string, tookMs: number) =>
    insertJobRun(store, { job, slot, attempt, runId, state, error, tookMs, at: clock.now() });

  /** Runs `work` after this process's earlier run of `name` (if any) has ended: one run per job per process. */
  const exclusive = <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const next = (running.get(name) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => undefined);
    running.set(name, settled);
    void settled.then(() => {
      if (running.get(name) === settled) running.delete(name);
    });
    return next;
  };

  const tickOnce = async (): Promise<JobOutcome[]> => {
    const jobs = await definitions();
    if (jobs.size === 0) return [];
    const now = clock.now();
    const latest = await latestJobRuns(store, [...jobs.keys()]);
    const due = [...jobs.values()]
      .filter((job) => !running.has(job.name))
      .map((job) => ({ job, slot: latestSlot(job.cadence, now) }))
      .filter(({ job, slot }) => {
        const last = latest.get(job.name);
        // A "started" record is due only if its runner died; the lease tells, so try it.
        return last?.state === "started" && last.slot.getTime() === slot.getTime() ? true : attemptDue(job, slot, last, now) !== undefined;
      });
    const outcomes = await Promise.all(
      due.map(({ job, slot }) =>
        exclusive(job.name, () => runUnderLease(job, slot, false)).catch((error: unknown) => {
          log(`[scheduler] job ${job.name} could not run: ${messageOf(error)}`);
          return undefined;
        }),
      ),
    );
    return outcomes.filter((outcome): outcome is JobOutcome => outcome !== undefined);
  };

  const scheduler: Scheduler = {
    add(source) {
      sources.push(typeof source === "function" ? source : () => [source]);
    },
    tick() {
      const run = ticking.catch(() => undefined).then(tickOnce);
      ticking = run;
      return run;
    },
    async runNow(name, { waitMs = 60_000 } = {}) {
      const job = (await definitions()).get(name);
      if (!job) throw new UnknownJobError(name);
      const started = performance.now();
      for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
        const outcome = await exclusive(name, () => runUnderLease(job, clock.now(), true));
        if (outcome) return outcome;
        const waited = performance.now() - started;
        if (waited + pause > waitMs) throw new JobBusyError(name, Math.round(waited));
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    },
    start() {
      if (timer || stopped) return;
      const loop = () => {
        // ±10% so replicas started together drift apart instead of contending at every tick.
        timer = setTimeout(
          () => {
            scheduler
              .tick()
              .catch((error: unknown) => log(`[scheduler] tick failed: ${messageOf(error)}`))
              .finally(() => {
                if (!stopped) loop();
              });
          },
          tickMs * (0.9 + Math.random() * 0.2),
        );
        timer.unref();
      };
      // The first look right away, so a job missed during downtime runs at start; then say what is scheduled.
      void scheduler
        .tick()
        .then(async () => {
          const jobs = [...(await definitions()).values()];
          const now = clock.now();
          const listed = jobs.map(
            (job) => `${job.name} (${describeCadence(job.cadence)}, next ${nextSlot(job.cadence, now).toISOString()})`,
          );
          log(`[scheduler] started with ${jobs.length} job(s)${listed.length > 0 ? `: ${listed.join("; ")}` : ""}`);
        })
        .catch((error: unknown) => log(`[scheduler] tick failed: ${messageOf(error)}`))
        .finally(() => {
          if (!stopped) loop();
        });
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const controller of controllers) controller.abort(new Error("the scheduler is stopping"));
      await Promise.allSettled([ticking, ...running.values()]);
    },
  };
  return scheduler;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
