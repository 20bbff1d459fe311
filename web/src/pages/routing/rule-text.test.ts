import assert from "node:assert/strict";
import { test } from "node:test";
import { describeActions, describeMatch } from "./rule-text.ts";

const noMore = { fallbackModels: [] as string[], cacheTtlSeconds: 0 };
const match = { promptName: "", promptVersion: "", model: "", tags: [] as string[], userId: "" };

test("a rule's match reads as the fields it sets, in order", () => {
  assert.deepEqual(describeMatch({ match: { ...match, promptName: "greeting", promptVersion: "2", model: "gpt-4o" } }), [
    "prompt greeting",
    "version 2",
    "model gpt-4o",
  ]);
  assert.deepEqual(describeMatch({ match: { ...match, tags: ["batch", "eu"], userId: "u-1" } }), ["tags batch, eu", "user u-1"]);
  assert.deepEqual(describeMatch({ match: { ...match, tags: ["batch"] } }), ["tag batch"]);
});

test("its actions: the target and share, and how a canary sticks", () => {
  assert.deepEqual(describeActions({ ...noMore, targetModel: "gpt-4o-mini", share: 1, sticky: "user" }), ["→ gpt-4o-mini for all calls"]);
  assert.deepEqual(describeActions({ ...noMore, targetModel: "gpt-4o-mini", share: 0.25, sticky: "user" }), [
    "→ gpt-4o-mini for 25% of calls",
    "sticky per end user",
  ]);
  assert.equal(
    describeActions({ ...noMore, targetModel: "gpt-4o-mini", share: 0.07, sticky: "session" })[0],
    "→ gpt-4o-mini for 7% of calls",
  );
  assert.deepEqual(describeActions({ ...noMore, targetModel: "claude-haiku-4-5", share: 0.125, sticky: "none" }), [
    "→ claude-haiku-4-5 for 12.5% of calls",
    "not sticky",
  ]);
});

test("a rule that leaves the model alone: its fallbacks and its cache", () => {
  assert.deepEqual(
    describeActions({ targetModel: "", share: 1, sticky: "user", fallbackModels: ["gpt-4.1-mini", "gpt-4o"], cacheTtlSeconds: 3600 }),
    ["falls back to gpt-4.1-mini, then gpt-4o", "cached for 1 h"],
  );
  assert.deepEqual(describeActions({ ...noMore, targetModel: "", share: 1, sticky: "user", cacheTtlSeconds: 90 }), ["cached for 90 s"]);
});
