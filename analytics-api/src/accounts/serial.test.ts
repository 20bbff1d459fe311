// The accounts lock as two API replicas meet it on one store: each replica is a lock instance with its
// own in-process chain, and only the claims in the store keep their tasks apart.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { insertLockClaim, insertLockRelease, migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { UnavailableError } from "../http/errors.ts";
import { createSerialLock } from "./serial.ts";
import { LockBusyError } from "../locks/store-lock.ts";

let store: Store;
let dataDir: string;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-serial-"));
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("two replicas running 20 read-then-write tasks each never overlap and lose no update", async () => {
  const replicas = [createSerialLock({ store }), createSerialLock({ store })];
  let counter = 0;
  let active = 0;
  let mostActive = 0;
  const increment = async () => {
    active++;
    mostActive = Math.max(mostActive, active);
    const seen = counter;
    await store.ping(); // a real round trip to the store between the read and the write
    counter = seen + 1;
    active--;
    return seen;
  };

  const seen = await Promise.all(replicas.flatMap((lock) => Array.from({ length: 20 }, () => lock(increment))));

  assert.equal(counter, 40);
  assert.equal(mostActive, 1, "no two tasks ran at once");
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    Array.from({ length: 40 }, (_, i) => i),
    "each task saw the one before it",
  );
});

test("a claim left by a crashed replica stops blocking once its lease has run out", async () => {
  await insertLockClaim(store, { name: "crashed", holder: "replica-that-died" });
  const impatient = createSerialLock({ store, name: "crashed", giveUpAfterMs: 100 });
  await assert.rejects(
    impatient(async () => "ran"),
    LockBusyError,
    "while the claim is live, it blocks",
  );

  // The same claim seen by a replica whose lease is shorter than the claim's age is stale.
  const afterLease = createSerialLock({ store, name: "crashed", leaseMs: 500 });
  assert.equal(await afterLease(async () => "ran"), "ran");
});

test("a task that throws releases the lock: its error reaches the caller and another replica gets in at once", async () => {
  const first = createSerialLock({ store, name: "throwing" });
  await assert.rejects(
    first(async () => {
      await store.ping();
      throw new Error("the check failed");
    }),
    /the check failed/,
  );
  // Without the release the claim would block for its 30 s lease, far past this replica's patience.
  const second = createSerialLock({ store, name: "throwing", giveUpAfterMs: 2000 });
  assert.equal(await second(async () => "second"), "second");
  assert.equal(await first(async () => "first again"), "first again", "the throwing replica's own chain goes on");
});

test("a lock held elsewhere for too long gives up with a retryable 503, without running the task", async () => {
  await insertLockClaim(store, { name: "busy", holder: "slow-replica" });
  let ran = false;
  const lock = createSerialLock({ store, name: "busy", giveUpAfterMs: 200 });
  const error = await lock(async () => (ran = true)).catch((caught: unknown) => caught);

  assert.ok(error instanceof LockBusyError);
  assert.ok(error instanceof UnavailableError);
  assert.equal(error.status, 503);
  assert.equal(error.code, "unavailable");
  assert.equal(error.retryable, true, "the error middleware sends Retry-After for it");
  assert.equal(ran, false);

  await insertLockRelease(store, { name: "busy", holder: "slow-replica" });
  assert.equal(await lock(async () => "free"), "free", "released elsewhere: taken at once");
});
