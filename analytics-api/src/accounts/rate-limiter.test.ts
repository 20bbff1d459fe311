import assert from "node:assert/strict";
import { test } from "node:test";
import { createRateLimiter } from "./rate-limiter.ts";

function clock(start = 1_000_000) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

test("the eleventh attempt within 15 minutes is refused until the first one leaves the window", () => {
  const time = clock();
  const limiter = createRateLimiter({ max: 10, windowMs: 15 * 60_000, now: time.now });
  for (let i = 0; i < 10; i++) {
    assert.deepEqual(limiter.hit("1.2.3.4|ada@example.com"), { allowed: true });
    time.advance(1000);
  }
  assert.deepEqual(limiter.hit("1.2.3.4|ada@example.com"), { allowed: false, retryAfterSeconds: 15 * 60 - 10 });
  time.advance((15 * 60 - 10) * 1000 - 1);
  assert.equal(limiter.hit("1.2.3.4|ada@example.com").allowed, false);
  time.advance(1);
  assert.deepEqual(limiter.hit("1.2.3.4|ada@example.com"), { allowed: true });
  assert.equal(limiter.hit("1.2.3.4|ada@example.com").allowed, false, "the second attempt of the window is still in it");
});

test("keys are counted apart, refused attempts do not extend the wait, and a reset clears a key", () => {
  const time = clock();
  const limiter = createRateLimiter({ max: 2, windowMs: 60_000, now: time.now });
  limiter.hit("a");
  limiter.hit("a");
  assert.equal(limiter.hit("b").allowed, true);
  time.advance(30_000);
  assert.deepEqual(limiter.hit("a"), { allowed: false, retryAfterSeconds: 30 });
  assert.deepEqual(limiter.hit("a"), { allowed: false, retryAfterSeconds: 30 });
  limiter.reset("a");
  assert.equal(limiter.hit("a").allowed, true);
});

test("a wait under a second is announced as one second", () => {
  const time = clock();
  const limiter = createRateLimiter({ max: 1, windowMs: 500, now: time.now });
  limiter.hit("k");
  assert.deepEqual(limiter.hit("k"), { allowed: false, retryAfterSeconds: 1 });
});

test("memory stays bounded: past maxKeys, expired keys go first, then the oldest", () => {
  const time = clock();
  const limiter = createRateLimiter({ max: 1, windowMs: 1000, now: time.now, maxKeys: 3 });
  limiter.hit("old");
  time.advance(2000);
  limiter.hit("a");
  limiter.hit("b");
  limiter.hit("c");
  assert.equal(limiter.hit("old").allowed, true, "the expired key was swept");
  limiter.hit("d");
  assert.equal(limiter.hit("c").allowed, false, "recent keys are kept while room is made");
});
