import assert from "node:assert/strict";
import { test } from "node:test";
import { RecentKeys } from "./recent-keys.ts";

test("keys are remembered for one to two windows, and memory stays bounded", () => {
  let now = 0;
  const keys = new RecentKeys(1000, 3, () => now);
  keys.add("a");
  now = 999;
  assert.ok(keys.has("a"));
  now = 1500;
  keys.add("b"); // rotates: a moves to the previous generation
  assert.ok(keys.has("a") && keys.has("b"));
  now = 2600;
  keys.add("c"); // rotates again: a is forgotten
  assert.ok(!keys.has("a") && keys.has("b") && keys.has("c"));
  keys.add("d");
  keys.add("e");
  keys.add("f"); // the generation is full: rotate early
  assert.ok(keys.size <= 6);
  assert.ok(!keys.has("b"));
});
