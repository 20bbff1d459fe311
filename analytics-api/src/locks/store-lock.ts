// A named lock that API replicas share through the store: the lease of store-lease.ts, waited for. Try
// to claim the lease; if another holds it, back off a random while and try again; give up after
// `giveUpAfterMs` with a LockBusyError (503). The task's end releases the lease; a crashed holder's
// claim stops counting when its lease runs out. Tasks must be far shorter than the lease.
import { setTimeout as delay } from "node:timers/promises";
import type { Store } from "@promptmetrics/clickhouse";
import { UnavailableError } from "../http/errors.ts";
import { tryClaimLease, type StoreLease } from "./store-lease.ts";

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
  const acquire = async (): Promise<StoreLease> => {
    const started = performance.now();
    for (let tries = 0; ; tries++) {
      const lease = await tryClaimLease({ store, name, leaseMs });
      if (lease) return lease;
      const waited = performance.now() - started;
      const pause = backoffMs(tries);
      if (waited + pause > giveUpAfterMs) throw new LockBusyError(name, waited);
      await delay(pause);
    }
  };

  return async (task) => {
    const lease = await acquire();
    try {
      return await task();
    } finally {
      // A failed release must not replace the task's own result or error; the lease frees the lock.
      await lease
        .release()
        .catch((error: unknown) => console.warn(`[api] could not release the "${name}" lock; it frees itself after ${leaseMs} ms`, error));
    }
  };
}

/** Random ("full jitter") exponential back-off, so that two contenders that both lost stop colliding. */
function backoffMs(tries: number): number {
  return FIRST_BACKOFF_MS + Math.random() * Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** tries);
}
