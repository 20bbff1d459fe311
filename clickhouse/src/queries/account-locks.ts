// Claims on named locks that API replicas share (account_lock_claims, migration 0009). The protocol that
// makes them exclusive lives with its users, analytics-api/src/locks/store-lease.ts; these functions
// only write a claim or a release and read who holds a live claim.
// Claims are written with INSERT ... SELECT so that `at` is the server's clock, and because ClickHouse
// never applies async_insert to an INSERT ... SELECT: the row is visible to every read that starts after
// the statement returned, even when the server store is configured with async inserts.
import type { Store } from "../store.ts";

/** Writes a live claim on `name` for `holder`, timed by the server. */
export async function insertLockClaim(store: Store, { name, holder }: { name: string; holder: string }): Promise<void> {
  await store.command(
    "INSERT INTO account_lock_claims (name, holder, released, at) SELECT {name:String}, {holder:String}, 0, now64(3)",
    { name, holder },
    { tag: "insertLockClaim" },
  );
}

/** Ends `holder`'s claim on `name` (harmless when there is none). */
export async function insertLockRelease(store: Store, { name, holder }: { name: string; holder: string }): Promise<void> {
  await store.command(
    "INSERT INTO account_lock_claims (name, holder, released, at) SELECT {name:String}, {holder:String}, 1, now64(3)",
    { name, holder },
    { tag: "insertLockRelease" },
  );
}

/** Holders whose claim on `name` was made within the last `leaseMs` (server time) and not released. */
export async function listLiveLockHolders(store: Store, { name, leaseMs }: { name: string; leaseMs: number }): Promise<string[]> {
  const rows = await store.query<{ holder: string }>(
    `SELECT holder
     FROM account_lock_claims
     WHERE name = {name:String} AND at > now64(3) - toIntervalMillisecond({leaseMs:UInt32})
     GROUP BY holder
     HAVING max(released) = 0
     ORDER BY holder`,
    { name, leaseMs: Math.ceil(leaseMs) },
    { tag: "listLiveLockHolders" },
  );
  return rows.map((row) => row.holder);
}
