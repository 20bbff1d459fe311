// A named lock that API replicas share through the store (account_lock_claims). To take it: write a
// claim under a fresh random holder id (timed by the server), then read the live claims (younger than
// the lease, not released). Ours alone: we hold it. Any other: release ours, back off a random while,
// try again; give up after `giveUpAfterMs` with a LockBusyError (503). The task's end releases the claim;
// a crashed holder's claim stops counting when its lease runs out.
//
// Why two holders cannot overlap: each contender writes its claim before it reads, and a write is
// visible to every read that starts after the write returned. Of two overlapping claims, let A's write
// be the one that returned first: B's returned later and B read later still, so B saw A's live claim
// beside its own and lost. A may have seen B as well and lost too; the random back-off breaks that tie.
// This needs writes and reads to reach one server (or a quorum), and tasks far shorter than the lease.
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { insertLockClaim, insertLockRelease, listLiveLockHolders, type Store } from "@promptmetrics/clickhouse";
import { UnavailableError } from "../http/errors.ts";

/**
 * 503: the lock stayed taken for longer than we wait (another replica is slow or the store is
 * struggling). Retryable, so the error middleware adds a Retry-After.
 */
export class LockBusyError extends UnavailableError {
  readonly lockName: string;
  readonly waitedMs: number;
  constructor(lockName: string, waitedMs: number) {
    super("Another account change is in progress; try again in a few seconds");
    this.lockName = lockName;
    this.waitedMs = waitedMs;
  }
}

/** Runs a task while holding the lock; the task's result or error passes through. */
export type SerialLock = <T>(task: () => Promise<T>) => Promise<T>;

export interface StoreLockOptions {
  store: Store;
  name: string;
  /** How long a claim counts without a release: longer than any task (ours take milliseconds). */
  leaseMs?: number;
  /** How long to keep trying before answering LockBusyError. */
  giveUpAfterMs?: number;
}

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_GIVE_UP_AFTER_MS = 10_000;
const FIRST_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 250;

export function createStoreLock({
  store,
  name,
  leaseMs = DEFAULT_LEASE_MS,
  giveUpAfterMs = DEFAULT_GIVE_UP_AFTER_MS,
}: StoreLockOptions): SerialLock {
  const release = (holder: string) => insertLockRelease(store, { name, holder });

  const acquire = async (): Promise<string> => {
    const started = performance.now();
    for (let tries = 0; ; tries++) {
      const holder = randomUUID();
      let live: string[];
      try {
        await insertLockClaim(store, { name, holder });
        live = await listLiveLockHolders(store, { name, leaseMs });
      } catch (error) {
        // The claim may have landed before the failure: do not leave it blocking others for a lease.
        await release(holder).catch(() => undefined);
        throw error;
      }
      if (live.length === 1 && live[0] === holder) return holder;
      await release(holder);
      const waited = performance.now() - started;
      const pause = backoffMs(tries);
      if (waited + pause > giveUpAfterMs) throw new LockBusyError(name, waited);
      await delay(pause);
    }
  };

  return async (task) => {
    const holder = await acquire();
    try {
      return await task();
    } finally {
      // A failed release must not replace the task's own result or error; the lease frees the lock.
      await release(holder).catch((error: unknown) =>
        console.warn(`[api] could not release the "${name}" lock; it frees itself after ${leaseMs} ms`, error),
      );
    }
  };
}

/** Random ("full jitter") exponential back-off, so that two contenders that both lost stop colliding. */
function backoffMs(tries: number): number {
  return FIRST_BACKOFF_MS + Math.random() * Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** tries);
}
