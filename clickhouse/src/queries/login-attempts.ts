// Attempts that API replicas count together (login_attempts, migration 0009): sign-ins, and the API's
// other budgets (failures per account and install-wide, sign-ups). `key` is already a hash (the API
// hashes "ip|email" and the like); each attempt has an id so that a later row can withdraw it. Times
// are the server's unless the caller passes `at` (tests move a clock); writes are INSERT ... SELECT, so
// they are visible to the next read even on a server store with async inserts.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime } from "./versioning.ts";

/** `at` or, when absent, the server's clock: one expression so both cases run the same SQL. */
const NOW = "coalesce({at:Nullable(DateTime64(3, 'UTC'))}, now64(3))";

/** Records an attempt for `key`. */
export async function insertLoginAttempt(
  store: Store,
  { key, attemptId, at }: { key: string; attemptId: string; at?: Date | undefined },
): Promise<void> {
  await store.command(
    `INSERT INTO login_attempts (key, attempt_id, kind, at) SELECT {key:String}, {attemptId:String}, 'attempt', ${NOW}`,
    { key, attemptId, at: at ?? null },
    { tag: "insertLoginAttempt" },
  );
}

const WindowRow = z.object({ attempts: z.number(), others: z.array(z.string()), now: z.string() });

export interface LoginAttemptWindow {
  /** Attempts of `key` in the window that were not withdrawn, `attemptId`'s own included. */
  attempts: number;
  /** When the other attempts counted were made, oldest first. */
  otherTimes: Date[];
  /** The clock the window was measured against (the server's, or `at`). */
  now: Date;
}

/** Counts `key`'s attempts of the last `windowMs` that no later row withdrew. */
export async function countLoginAttemptsInWindow(
  store: Store,
  { key, attemptId, windowMs, at }: { key: string; attemptId: string; windowMs: number; at?: Date | undefined },
): Promise<LoginAttemptWindow> {
  const [row] = await store.query(
    `SELECT count() AS attempts, arraySort(groupArrayIf(made_at, attempt_id != {attemptId:String})) AS others, toString(${NOW}) AS now
     FROM (
       SELECT attempt_id, min(at) AS made_at
       FROM login_attempts
       WHERE key = {key:String} AND at > ${NOW} - toIntervalMillisecond({windowMs:UInt32})
       GROUP BY attempt_id
       HAVING countIf(kind != 'attempt') = 0
     )`,
    { key, attemptId, windowMs: Math.ceil(windowMs), at: at ?? null },
    { tag: "countLoginAttemptsInWindow" },
  );
  const window = WindowRow.parse(row);
  return { attempts: window.attempts, otherTimes: window.others.map(fromDbTime), now: fromDbTime(window.now) };
}

/** Withdraws one attempt that was over the limit, so that it does not count against later ones. */
export async function insertLoginAttemptRefusal(store: Store, { key, attemptId }: { key: string; attemptId: string }): Promise<void> {
  await withdrawLoginAttempt(store, { key, attemptId, kind: "refused", tag: "insertLoginAttemptRefusal" });
}

/** Withdraws one attempt that turned out not to count (a budget of failures, and the sign-in succeeded). */
export async function insertLoginAttemptClearance(store: Store, { key, attemptId }: { key: string; attemptId: string }): Promise<void> {
  await withdrawLoginAttempt(store, { key, attemptId, kind: "cleared", tag: "insertLoginAttemptClearance" });
}

async function withdrawLoginAttempt(
  store: Store,
  { key, attemptId, kind, tag }: { key: string; attemptId: string; kind: "refused" | "cleared"; tag: string },
): Promise<void> {
  await store.command(
    `INSERT INTO login_attempts (key, attempt_id, kind, at)
     SELECT key, attempt_id, {kind:String}, at FROM login_attempts
     WHERE key = {key:String} AND attempt_id = {attemptId:String} AND kind = 'attempt'`,
    { key, attemptId, kind },
    { tag },
  );
}

/** Withdraws every attempt of `key` in the last `windowMs` (after a successful sign-in). */
export async function clearLoginAttempts(
  store: Store,
  { key, windowMs, at }: { key: string; windowMs: number; at?: Date | undefined },
): Promise<void> {
  await store.command(
    `INSERT INTO login_attempts (key, attempt_id, kind, at)
     SELECT key, attempt_id, 'cleared', min(at) FROM login_attempts
     WHERE key = {key:String} AND at > ${NOW} - toIntervalMillisecond({windowMs:UInt32})
     GROUP BY key, attempt_id
     HAVING countIf(kind != 'attempt') = 0`,
    { key, windowMs: Math.ceil(windowMs), at: at ?? null },
    { tag: "clearLoginAttempts" },
  );
}
