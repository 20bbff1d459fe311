// The sign-in limiter on a real store: what a person signing in (or guessing passwords) meets, and that
// two API replicas on one store count the same attempts. The first tests run on the store's own clock,
// the later ones on a clock the test moves.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";

const FIFTEEN_MINUTES = 15 * 60_000;
let store: Store;
let dataDir: string;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-limiter-"));
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const replica = () => createRateLimiter({ store, max: 10, windowMs: FIFTEEN_MINUTES });
const hitTimes = async (limiter: RateLimiter, key: string, times: number) => {
  for (let i = 0; i < times; i++) assert.deepEqual(await limiter.hit(key), { allowed: true }, `attempt ${i + 1}`);
};

test("ten attempts pass; the eleventh is refused with a Retry-After inside the 15 minutes", async () => {
  const limiter = replica();
  await hitTimes(limiter, "192.0.2.1|ada@example.com", 10);
  const refused = await limiter.hit("192.0.2.1|ada@example.com");
  assert.equal(refused.allowed, false);
  assert.ok(!refused.allowed && refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 15 * 60, JSON.stringify(refused));
  assert.deepEqual(await limiter.hit("192.0.2.2|ada@example.com"), { allowed: true }, "another IP counts apart");
});

test("two replicas on one store share the count, and a reset on one clears it for both", async () => {
  const [a, b] = [replica(), replica()];
  const key = "192.0.2.3|grace@example.com";
  await hitTimes(a, key, 6);
  await hitTimes(b, key, 4);
  assert.equal((await a.hit(key)).allowed, false);
  assert.equal((await b.hit(key)).allowed, false);
  await b.reset(key);
  await hitTimes(a, key, 10);
  assert.equal((await b.hit(key)).allowed, false, "after a reset the full ten are allowed again, no more");
});

test("replicas racing at the limit never let more than the limit through", async () => {
  const [a, b] = [replica(), replica()];
  const key = "192.0.2.4|linus@example.com";
  await hitTimes(a, key, 9);
  const verdicts = await Promise.all([a, b, a, b, a, b].map((limiter) => limiter.hit(key)));
  assert.ok(verdicts.filter((verdict) => verdict.allowed).length <= 1, JSON.stringify(verdicts));
});

test("the store holds a SHA-256 of the IP and email, never the address or the email itself", async () => {
  await replica().hit("198.51.100.9|private@example.com");
  const keys = await store.query<{ key: string }>("SELECT DISTINCT key FROM login_attempts");
  assert.ok(keys.length > 0);
  for (const { key } of keys) assert.match(key, /^[0-9a-f]{64}$/);
  const text = await store.queryText("SELECT * FROM login_attempts", undefined, { format: "JSONEachRow" });
  assert.doesNotMatch(text, /private@example\.com|198\.51\.100\.9/);
});

function clock(start = Date.now()) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

test("on a moving clock: refused until the first attempt leaves the window, then one more fits", async () => {
  const time = clock();
  const limiter = createRateLimiter({ store, max: 10, windowMs: FIFTEEN_MINUTES, now: time.now });
  const key = "192.0.2.5|margaret@example.com";
  for (let i = 0; i < 10; i++) {
    assert.deepEqual(await limiter.hit(key), { allowed: true });
    time.advance(1000);
  }
  assert.deepEqual(await limiter.hit(key), { allowed: false, retryAfterSeconds: 15 * 60 - 10 });
  time.advance((15 * 60 - 10) * 1000 - 1);
  assert.equal((await limiter.hit(key)).allowed, false);
  time.advance(1);
  assert.deepEqual(await limiter.hit(key), { allowed: true });
  assert.equal((await limiter.hit(key)).allowed, false, "the second attempt of the window is still in it");
});

test("on a moving clock: refused attempts do not extend the wait, and a wait under a second is one second", async () => {
  const time = clock();
  const limiter = createRateLimiter({ store, max: 2, windowMs: 60_000, now: time.now });
  await limiter.hit("a");
  await limiter.hit("a");
  assert.equal((await limiter.hit("b")).allowed, true);
  time.advance(30_000);
  assert.deepEqual(await limiter.hit("a"), { allowed: false, retryAfterSeconds: 30 });
  time.advance(29_500);
  assert.deepEqual(await limiter.hit("a"), { allowed: false, retryAfterSeconds: 1 });
  time.advance(500);
  assert.deepEqual(await limiter.hit("a"), { allowed: true }, "the hammering in between did not count");
});

test("a withdrawn claim stops counting, the others stay (a budget of failures after a success)", async () => {
  const limiter = createRateLimiter({ store, max: 2, windowMs: FIFTEEN_MINUTES });
  const key = "failures|alan@example.com";
  const first = await limiter.claim(key);
  const second = await limiter.claim(key);
  assert.ok(first.allowed && second.allowed);
  await second.withdraw();
  assert.equal((await limiter.claim(key)).allowed, true, "the withdrawn one left room for one");
  assert.equal((await limiter.claim(key)).allowed, false);
});
