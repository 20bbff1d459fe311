// The tables API replicas share (migration 0009) read back what was written at once, on the store's
// own clock: live lock claims, and sign-in attempts in a window minus the withdrawn ones. Runs on every
// available backend.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  clearLoginAttempts,
  countLoginAttemptsInWindow,
  insertLockClaim,
  insertLockRelease,
  insertLoginAttempt,
  insertLoginAttemptRefusal,
  listLiveLockHolders,
  migrate,
  type Store,
} from "../../src/index.ts";
import { formatUtcDateTime } from "../../src/params.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("shared account state against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

const LEASE_MS = 30_000;
const WINDOW_MS = 15 * 60_000;

for (const backend of backends) {
  describe(`shared account state (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
      await migrate(store);
    });
    after(() => dispose());

    test("a claim is live as soon as it is written, until its release; names are apart", async () => {
      await insertLockClaim(store, { name: "accounts", holder: "h1" });
      assert.deepEqual(await listLiveLockHolders(store, { name: "accounts", leaseMs: LEASE_MS }), ["h1"]);
      await insertLockClaim(store, { name: "accounts", holder: "h2" });
      await insertLockClaim(store, { name: "other", holder: "h3" });
      assert.deepEqual(await listLiveLockHolders(store, { name: "accounts", leaseMs: LEASE_MS }), ["h1", "h2"]);
      await insertLockRelease(store, { name: "accounts", holder: "h1" });
      assert.deepEqual(await listLiveLockHolders(store, { name: "accounts", leaseMs: LEASE_MS }), ["h2"]);
      await insertLockRelease(store, { name: "accounts", holder: "h2" });
      assert.deepEqual(await listLiveLockHolders(store, { name: "accounts", leaseMs: LEASE_MS }), []);
      assert.deepEqual(await listLiveLockHolders(store, { name: "other", leaseMs: LEASE_MS }), ["h3"]);
    });

    test("a claim older than the lease (a crashed holder's) is not live", async () => {
      const minuteAgo = formatUtcDateTime(new Date(Date.now() - 60_000));
      await store.insert("account_lock_claims", [{ name: "stale", holder: "crashed", released: 0, at: minuteAgo }]);
      assert.deepEqual(await listLiveLockHolders(store, { name: "stale", leaseMs: LEASE_MS }), []);
      assert.deepEqual(await listLiveLockHolders(store, { name: "stale", leaseMs: 120_000 }), ["crashed"]);
    });

    test("attempts in the window count, oldest first, until refused or cleared", async () => {
      const key = "a".repeat(64);
      const t0 = new Date(Date.now() - 60_000);
      const at = (s: number) => new Date(t0.getTime() + s * 1000);
      await insertLoginAttempt(store, { key, attemptId: "old", at: at(-WINDOW_MS / 1000) });
      await insertLoginAttempt(store, { key, attemptId: "first", at: at(0) });
      await insertLoginAttempt(store, { key, attemptId: "second", at: at(1) });
      await insertLoginAttempt(store, { key, attemptId: "mine", at: at(2) });
      await insertLoginAttempt(store, { key: "b".repeat(64), attemptId: "elsewhere", at: at(2) });

      const window = await countLoginAttemptsInWindow(store, { key, attemptId: "mine", windowMs: WINDOW_MS, at: at(2) });
      assert.equal(window.attempts, 3, "the attempt from before the window does not count");
      assert.deepEqual(window.otherTimes, [at(0), at(1)]);
      assert.deepEqual(window.now, at(2));

      await insertLoginAttemptRefusal(store, { key, attemptId: "mine" });
      assert.equal((await countLoginAttemptsInWindow(store, { key, attemptId: "x", windowMs: WINDOW_MS, at: at(3) })).attempts, 2);
      await clearLoginAttempts(store, { key, windowMs: WINDOW_MS, at: at(3) });
      assert.equal((await countLoginAttemptsInWindow(store, { key, attemptId: "x", windowMs: WINDOW_MS, at: at(3) })).attempts, 0);
      await insertLoginAttempt(store, { key, attemptId: "after", at: at(4) });
      assert.equal((await countLoginAttemptsInWindow(store, { key, attemptId: "after", windowMs: WINDOW_MS, at: at(4) })).attempts, 1);
      assert.equal(
        (await countLoginAttemptsInWindow(store, { key: "b".repeat(64), attemptId: "x", windowMs: WINDOW_MS, at: at(4) })).attempts,
        1,
      );
    });

    test("without a clock handed in, attempts are timed and windowed by the store", async () => {
      const key = "c".repeat(64);
      await insertLoginAttempt(store, { key, attemptId: "one" });
      await insertLoginAttempt(store, { key, attemptId: "two" });
      const window = await countLoginAttemptsInWindow(store, { key, attemptId: "two", windowMs: WINDOW_MS });
      assert.equal(window.attempts, 2);
      assert.equal(window.otherTimes.length, 1);
      assert.ok(window.otherTimes[0]!.getTime() <= window.now.getTime());
    });
  });
}
