import assert from "node:assert/strict";
import { test } from "node:test";
import { retriesFrom, retryDelayMs } from "./retry-policy.ts";

test("the provider's Retry-After wins, in seconds or as a date; otherwise exponential with jitter", () => {
  const now = Date.parse("2026-12-05T10:00:00Z");
  assert.equal(retryDelayMs(0, "2", now, 0.5), 2000);
  assert.equal(retryDelayMs(0, "0.5", now, 0.5), 500);
  assert.equal(retryDelayMs(0, "Sat, 05 Dec 2026 10:00:03 GMT", now, 0.5), 3000);
  assert.equal(retryDelayMs(0, "Sat, 05 Dec 2026 09:00:00 GMT", now, 0.5), 0, "a date in the past: at once");
  assert.equal(retryDelayMs(0, undefined, now, 0), 125);
  assert.equal(retryDelayMs(0, undefined, now, 0.999), 250);
  assert.equal(retryDelayMs(2, "soon", now, 0), 500, "an unreadable Retry-After falls back");
});

test("x-promptmetrics-retries is 0 to 5; anything else is the default 2", () => {
  assert.equal(retriesFrom("0"), 0);
  assert.equal(retriesFrom("5"), 5);
  assert.equal(retriesFrom("9"), 5);
  for (const bad of ["", "-1", "12", "two"]) assert.equal(retriesFrom(bad), 2, bad);
});
