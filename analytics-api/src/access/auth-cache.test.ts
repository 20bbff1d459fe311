import assert from "node:assert/strict";
import { test } from "node:test";
import type { Store } from "@promptmetrics/clickhouse";
import { AUTH_CACHE_TTL_MS, createAuthCache, invalidatingStore } from "./auth-cache.ts";

test("a found lookup is reused until its time is up; nothing found is never kept", async () => {
  let clock = 0;
  const cache = createAuthCache({ clock: () => clock });
  let loads = 0;
  const load = async () => ({ n: ++loads });
  assert.deepEqual(await cache.get("k", load), { n: 1 });
  clock = AUTH_CACHE_TTL_MS - 1;
  assert.deepEqual(await cache.get("k", load), { n: 1 });
  clock = AUTH_CACHE_TTL_MS;
  assert.deepEqual(await cache.get("k", load), { n: 2 });
  let missing = 0;
  await cache.get("gone", async () => (missing++, undefined));
  await cache.get("gone", async () => (missing++, undefined));
  assert.equal(missing, 2);
});

test("a write to an access table through the store forgets every lookup, and one in flight is not kept", async () => {
  const written: string[] = [];
  const inner = {
    kind: "embedded",
    location: "test",
    insert: async (table: string) => void written.push(table),
    command: async (sql: string) => void written.push(sql),
  } as unknown as Store;
  const cache = createAuthCache();
  const store = invalidatingStore(inner, cache);
  let loads = 0;
  const load = async () => ++loads;
  await cache.get("token", load);
  await store.insert("api_key_last_used", [{}]);
  assert.equal(await cache.get("token", load), 1, "other tables leave the cache alone");
  await store.insert("api_keys", [{}]);
  assert.equal(await cache.get("token", load), 2, "a revocation is seen by the next request");
  await store.command("ALTER TABLE memberships DELETE WHERE 1");
  assert.equal(await cache.get("token", load), 3);

  // A lookup that read the old row before the write finished must not be stored after it.
  let release!: () => void;
  const slow = cache.get("slow", () => new Promise<string>((resolve) => (release = () => resolve("stale"))));
  await store.insert("sessions", [{}]);
  release();
  assert.equal(await slow, "stale");
  assert.equal(await cache.get("slow", async () => "fresh"), "fresh");
  assert.deepEqual(written, ["api_key_last_used", "api_keys", "ALTER TABLE memberships DELETE WHERE 1", "sessions"]);
});
