// A few seconds' memory of the store lookups behind every request's access check (the API token or
// session, the project, the caller's membership): a dashboard sends several requests a second, and on the
// embedded store each lookup waits its turn behind the analytics queries. Revocation still takes effect:
// any write to an access table through this process's store forgets everything at once (a revoked token,
// an ended session, a removed member are refused by the next request), and a write made elsewhere (another
// replica, the CLI) is seen within AUTH_CACHE_TTL_MS. SECURITY.md states the bound.
import type { Store } from "@promptmetrics/clickhouse";

/** How long a lookup is reused: the longest a change made by another process goes unseen here. */
export const AUTH_CACHE_TTL_MS = 5_000;

/** Tables whose rows decide who may do what. */
const ACCESS_TABLES = ["api_keys", "sessions", "memberships", "projects", "orgs", "users"];
const ACCESS_TABLE_IN_SQL = new RegExp(`\\b(${ACCESS_TABLES.join("|")})\\b`);
const MAX_ENTRIES = 10_000;

export interface AuthCache {
  /** The cached answer for `key`, or `load()`'s; only found things are kept (a new token works at once). */
  get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  /** Forgets every answer, including those still being looked up. */
  clear(): void;
}

export function createAuthCache({
  ttlMs = AUTH_CACHE_TTL_MS,
  clock = () => performance.now(),
}: { ttlMs?: number; clock?: () => number } = {}): AuthCache {
  const entries = new Map<string, { value: unknown; until: number }>();
  // A lookup started before a clear must not store what it read: the write may have landed after it.
  let generation = 0;
  return {
    async get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
      if (ttlMs <= 0) return load();
      const hit = entries.get(key);
      if (hit && hit.until > clock()) return hit.value as T;
      const started = generation;
      const value = await load();
      if (value !== undefined && started === generation) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, { value, until: clock() + ttlMs });
      }
      return value;
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}

/**
 * The store, forgetting the cache before and after each write to an access table (before: lookups during
 * the write may still read the old rows; after: so none of them stays).
 */
export function invalidatingStore(store: Store, cache: AuthCache): Store {
  const around = async (touchesAccess: boolean, write: () => Promise<void>): Promise<void> => {
    if (!touchesAccess) return write();
    cache.clear();
    try {
      await write();
    } finally {
      cache.clear();
    }
  };
  return {
    kind: store.kind,
    location: store.location,
    query: (sql, params, opts) => store.query(sql, params, opts),
    // The SQL console may write when allowed to: such a statement touching an access table forgets too.
    queryText: async (sql, params, opts) => {
      if (!opts.adhoc?.allowWrites || !ACCESS_TABLE_IN_SQL.test(sql)) return store.queryText(sql, params, opts);
      let text = "";
      await around(true, async () => {
        text = await store.queryText(sql, params, opts);
      });
      return text;
    },
    insert: (table, rows, opts) => around(ACCESS_TABLES.includes(table), () => store.insert(table, rows, opts)),
    command: (sql, params, opts) => around(ACCESS_TABLE_IN_SQL.test(sql), () => store.command(sql, params, opts)),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
