// Runs account changes one at a time across every API process on the store. ClickHouse has no
// transactions or unique constraints, so "is this email taken?", "is this the first user?" and "is this
// the last owner?" are check-then-write: each runs under this lock. In front of the store-wide lock
// (store-lock.ts) sits a promise chain, so that one process's own tasks queue up instead of contending
// with each other through the store.
import type { Store } from "@promptmetrics/clickhouse";
import { createStoreLock, type SerialLock } from "../locks/store-lock.ts";

export type { SerialLock };

/** The store-wide lock every account check-then-write takes. */
export const ACCOUNTS_LOCK_NAME = "accounts";

export interface SerialLockOptions {
  store: Store;
  name?: string;
  /** See StoreLockOptions. */
  leaseMs?: number;
  giveUpAfterMs?: number;
}

export function createSerialLock({ store, name = ACCOUNTS_LOCK_NAME, ...timing }: SerialLockOptions): SerialLock {
  return inProcessChain(createStoreLock({ store, name, ...timing }));
}

/** Hands tasks to `lock` one after another: the next waits until the previous has settled. */
function inProcessChain(lock: SerialLock): SerialLock {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(() => lock(task));
    tail = run.catch(() => undefined);
    return run;
  };
}
