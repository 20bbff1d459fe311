// The scheduler on a real embedded store under a hand-set clock: once per slot, across "replicas"
// (scheduler instances sharing the store, as API processes do) and restarts, catching up once after
// downtime, retrying failures with a doubling delay, and taking over a run whose process died.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { insertJobRun, insertLockClaim, listJobRuns, migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { manualClock } from "@promptmetrics/testing/manual-clock";
import { createScheduler, JobBusyError, UnknownJobError, type JobContext, type JobDefinition } from "./scheduler.ts";

let store: Store;
let dataDir: string;
const quiet = () => {};

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-scheduler-"));
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A job that counts its runs by slot. */
function countingJob(name: string, overrides: Partial<JobDefinition> = {}) {
  const runs: string[] = [];
  const job: JobDefinition = {
    name,
    cadence: { kind: "daily", time: "09:00", timeZone: "Europe/Berlin" },
    run: async ({ slot }: JobContext) => {
      runs.push(slot.toISOString());
    },
    ...overrides,
  };
  return { job, runs };
}

describe("scheduler", () => {
  it("runs a daily job once per slot at the local time, and not again on later ticks", async () => {
    const clock = manualClock("2026-12-04T07:59:00Z"); // 08:59 in Berlin
    const { job, runs } = countingJob("daily-once", { notBefore: new Date("2026-12-04T00:00:00Z") });
    const scheduler = createScheduler({ store, clock, log: quiet });
    scheduler.add(job);

    assert.deepEqual(await scheduler.tick(), [], "09:00 has not come yet (yesterday's slot is before notBefore)");
    clock.set("2026-12-04T08:00:00Z");
    const [outcome] = await scheduler.tick();
    assert.equal(outcome?.state, "succeeded");
    assert.equal(outcome?.slot.toISOString(), "2026-12-04T08:00:00.000Z");
    clock.set("2026-12-04T20:00:00Z");
    await scheduler.tick();
    await scheduler.tick();
    clock.set("2026-12-05T08:00:01Z");
    await scheduler.tick();
    assert.deepEqual(runs, ["2026-12-04T08:00:00.000Z", "2026-12-05T08:00:00.000Z"]);
  });

  it("two replicas ticking together run each slot once", async () => {
    const clock = manualClock("2026-12-04T10:00:00Z");
    const { job, runs } = countingJob("two-replicas", { cadence: { kind: "interval", everyMs: 3_600_000 } });
    const replicas = [createScheduler({ store, clock, log: quiet }), createScheduler({ store, clock, log: quiet })];
    for (const replica of replicas) replica.add(job);
    for (let hour = 10; hour < 14; hour++) {
      clock.set(`2026-12-04T${hour}:30:00Z`);
      await Promise.all([...replicas, ...replicas].map((replica) => replica.tick()));
      // Contenders that all lost try again on their next tick, as they would 15 s later.
      for (const replica of replicas) await replica.tick();
    }
    assert.deepEqual(runs, [
      "2026-12-04T10:00:00.000Z",
      "2026-12-04T11:00:00.000Z",
      "2026-12-04T12:00:00.000Z",
      "2026-12-04T13:00:00.000Z",
    ]);
  });

  it("after a restart, remembers what ran, and runs a slot missed during downtime once", async () => {
    const clock = manualClock("2026-12-04T08:00:00Z");
    const first = countingJob("restarts");
    const before = createScheduler({ store, clock, log: quiet });
    before.add(first.job);
    await before.tick();
    await before.stop();

    const restarted = countingJob("restarts");
    const after = createScheduler({ store, clock, log: quiet });
    after.add(restarted.job);
    await after.tick();
    assert.deepEqual(restarted.runs, [], "the slot that ran before the restart does not run again");

    clock.set("2026-12-08T12:00:00Z"); // down for four days
    await after.tick();
    await after.tick();
    assert.deepEqual(restarted.runs, ["2026-12-08T08:00:00.000Z"], "only the latest missed slot, once");
  });

  it("retries a failed slot after 1, then 2 retry delays, and gives up after maxAttempts", async () => {
    const clock = manualClock("2026-12-04T08:00:00Z");
    let calls = 0;
    const scheduler = createScheduler({ store, clock, log: quiet });
    scheduler.add({
      name: "flaky",
      cadence: { kind: "daily", time: "09:00", timeZone: "Europe/Berlin" },
      retryAfterMs: 60_000,
      maxAttempts: 3,
      run: async () => {
        calls++;
        throw new Error(`SMTP said no (${calls})`);
      },
    });
    const first = await scheduler.tick();
    assert.deepEqual(
      first.map((o) => [o.attempt, o.state, o.error]),
      [[1, "failed", "SMTP said no (1)"]],
    );
    clock.advance(59_000);
    assert.deepEqual(await scheduler.tick(), [], "waits a minute before the second try");
    clock.advance(1_000);
    assert.equal((await scheduler.tick())[0]?.attempt, 2);
    clock.advance(60_000);
    assert.deepEqual(await scheduler.tick(), [], "the third try waits two minutes");
    clock.advance(60_000);
    assert.equal((await scheduler.tick())[0]?.attempt, 3);
    clock.advance(3_600_000);
    assert.deepEqual(await scheduler.tick(), [], "three tries were the limit for this slot");
    clock.set("2026-12-05T08:00:00Z");
    assert.equal((await scheduler.tick())[0]?.attempt, 1, "the next slot starts afresh");

    const history = await listJobRuns(store, { job: "flaky", limit: 10 });
    assert.deepEqual(
      history.map((run) => [run.slot.toISOString(), run.attempt, run.state, run.error]),
      [
        ["2026-12-05T08:00:00.000Z", 1, "failed", "SMTP said no (4)"],
        ["2026-12-04T08:00:00.000Z", 3, "failed", "SMTP said no (3)"],
        ["2026-12-04T08:00:00.000Z", 2, "failed", "SMTP said no (2)"],
        ["2026-12-04T08:00:00.000Z", 1, "failed", "SMTP said no (1)"],
      ],
    );
  });

  it("takes over a run whose process died once that process's lease has run out", async () => {
    const clock = manualClock("2026-12-04T08:00:00Z");
    // The dead process recorded its start and held the lease.
    await insertJobRun(store, {
      job: "orphaned",
      slot: new Date("2026-12-04T08:00:00Z"),
      attempt: 1,
      runId: "dead-run",
      state: "started",
      error: "",
      tookMs: 0,
      at: clock.now(),
    });
    await insertLockClaim(store, { name: "job:orphaned", holder: "dead-process" });
    const { job, runs } = countingJob("orphaned");
    const scheduler = createScheduler({ store, clock, leaseMs: 1_500, log: quiet });
    scheduler.add(job);

    assert.deepEqual(await scheduler.tick(), [], "while the dead process's lease lasts, nobody else runs the job");
    await delay(1_600);
    const [outcome] = await scheduler.tick();
    assert.equal(outcome?.attempt, 2);
    assert.deepEqual(runs, ["2026-12-04T08:00:00.000Z"]);
    const history = await listJobRuns(store, { job: "orphaned", limit: 10 });
    assert.deepEqual(
      history.map((run) => [run.attempt, run.state, run.error]),
      [
        [2, "succeeded", ""],
        [1, "failed", "interrupted: the process running it stopped"],
      ],
    );
  });

  it("renews the lease of a long run, so another replica does not start it meanwhile", async () => {
    const clock = manualClock("2026-12-04T08:00:00Z");
    let active = 0;
    let mostActive = 0;
    const slow: JobDefinition = {
      name: "slow",
      cadence: { kind: "daily", time: "09:00", timeZone: "Europe/Berlin" },
      run: async () => {
        active++;
        mostActive = Math.max(mostActive, active);
        await delay(2_000);
        active--;
      },
    };
    const a = createScheduler({ store, clock, leaseMs: 600, log: quiet });
    const b = createScheduler({ store, clock, leaseMs: 600, log: quiet });
    a.add(slow);
    b.add(slow);
    const running = a.tick();
    await delay(300);
    const others: Array<Promise<unknown>> = [];
    for (let i = 0; i < 6; i++) {
      others.push(b.tick());
      await delay(250);
    }
    const [outcomes] = await Promise.all([running, ...others]);
    assert.equal((outcomes as unknown[]).length, 1);
    assert.equal(mostActive, 1);
    const history = await listJobRuns(store, { job: "slow", limit: 10 });
    assert.equal(history.length, 1, "one run of the slot, by the replica that started it");
  });

  it("runNow runs a job at once and counts it as the current period's run", async () => {
    const clock = manualClock("2026-12-04T12:00:00Z");
    const { job, runs } = countingJob("on-demand", { cadence: { kind: "interval", everyMs: 3_600_000 } });
    const scheduler = createScheduler({ store, clock, log: quiet });
    scheduler.add(job);
    const outcome = await scheduler.runNow("on-demand");
    assert.equal(outcome.state, "succeeded");
    assert.deepEqual(runs, ["2026-12-04T12:00:00.000Z"]);
    clock.set("2026-12-04T12:59:00Z");
    assert.deepEqual(await scheduler.tick(), [], "the 12:00 slot is done");
    clock.set("2026-12-04T13:00:00Z");
    await scheduler.tick();
    assert.equal(runs.length, 2);
    await assert.rejects(scheduler.runNow("no-such-job"), UnknownJobError);
  });

  it("runNow waits for another replica's run to end, then gives up with JobBusyError past its wait", async () => {
    const clock = manualClock("2026-12-04T08:00:00Z");
    await insertLockClaim(store, { name: "job:held-elsewhere", holder: "other-replica" });
    const scheduler = createScheduler({ store, clock, log: quiet });
    scheduler.add(countingJob("held-elsewhere").job);
    await assert.rejects(scheduler.runNow("held-elsewhere", { waitMs: 300 }), JobBusyError);
  });

  it("leaves out jobs with a bad name or cadence and says why, and runs the rest", async () => {
    const clock = manualClock("2026-12-04T08:00:00Z");
    const lines: string[] = [];
    const scheduler = createScheduler({ store, clock, log: (line) => lines.push(line) });
    const good = countingJob("good-one");
    scheduler.add(() => [
      { ...good.job, name: "bad name; DROP TABLE" },
      { ...good.job, name: "bad-zone", cadence: { kind: "daily", time: "09:00", timeZone: "Nowhere/Else" } },
      good.job,
    ]);
    await scheduler.tick();
    assert.deepEqual(good.runs, ["2026-12-04T08:00:00.000Z"]);
    assert.ok(lines.some((line) => line.includes('"bad name; DROP TABLE" is left out')));
    assert.ok(lines.some((line) => line.includes('"bad-zone" is left out: unknown time zone "Nowhere/Else"')));
  });
});
