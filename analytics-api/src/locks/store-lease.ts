// A lease on a name, shared by every process on the store (account_lock_claims): one try, no waiting.
// To claim: write a claim under a fresh random holder id (timed by the server), then read the live
// claims (younger than the lease, not released). Ours alone: the lease is ours. Any other: withdraw
// ours and answer undefined. A holder keeps a long task's lease by renewing it (another claim row under
// the same holder) well within the lease; a crashed holder's lease runs out by itself.
//
// Why two holders cannot overlap: each contender writes its claim before it reads, and a write is
// visible to every read that starts after the write returned. Of two overlapping claims, let A's write
// be the one that returned first: B's returned later and B read later still, so B saw A's live claim
// beside its own and lost. A may have seen B as well and lost too; both simply try again later.
// This needs writes and reads to reach one server (or a quorum), and renewals well inside the lease.
import { randomUUID } from "node:crypto";
import { insertLockClaim, insertLockRelease, listLiveLockHolders, type Store } from "@promptmetrics/clickhouse";

export interface StoreLease {
  readonly name: string;
  readonly holder: string;
  /** Extends the lease by another `leaseMs` from now (server time). */
  renew(): Promise<void>;
  /** Ends the lease at once (harmless twice); an unreleased lease ends when it runs out. */
  release(): Promise<void>;
}

export interface ClaimLeaseOptions {
  store: Store;
  name: string;
  /** How long a claim counts without a renewal or release. */
  leaseMs: number;
}

/** The lease on `name` if nobody else holds it, else undefined. */
export async function tryClaimLease({ store, name, leaseMs }: ClaimLeaseOptions): Promise<StoreLease | undefined> {
  const holder = randomUUID();
  const release = () => insertLockRelease(store, { name, holder });
  let live: string[];
  try {
    await insertLockClaim(store, { name, holder });
    live = await listLiveLockHolders(store, { name, leaseMs });
  } catch (error) {
    // The claim may have landed before the failure: do not leave it blocking others for a lease.
    await release().catch(() => undefined);
    throw error;
  }
  if (live.length !== 1 || live[0] !== holder) {
    await release();
    return undefined;
  }
  let released = false;
  return {
    name,
    holder,
    renew: async () => {
      if (!released) await insertLockClaim(store, { name, holder });
    },
    release: async () => {
      if (released) return;
      released = true;
      await release();
    },
  };
}
