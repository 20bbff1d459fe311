import assert from "node:assert/strict";
import { test } from "node:test";
import { describePrefix, qualityBadges } from "./run-evidence.ts";

test("each flag is a labelled badge, in the API's order; the error can be left to the status badge", () => {
  assert.deepEqual(
    qualityBadges(["refusal", "truncated", "error"]).map((badge) => badge.label),
    ["Refusal", "Truncated", "Error"],
  );
  assert.deepEqual(
    qualityBadges(["invalid_json", "error"], true).map((badge) => badge.label),
    ["Invalid JSON"],
  );
  assert.deepEqual(qualityBadges([]), []);
  assert.match(qualityBadges(["empty_output"])[0]!.title, /no text and no tool call/);
});

test("the prefix's tokens: measured when the call read or wrote the cache, else estimated", () => {
  const prefix = { prefixHash: "dd14b6f0c89d1467247d9775683797e1", prefixTokens: 2560, cacheReadTokens: 2048, cacheWriteTokens: 512 };
  assert.equal(describePrefix(prefix), "2,560 tokens, measured by the cache");
  assert.equal(describePrefix({ ...prefix, prefixTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 }), "≈ 7 tokens, estimated");
  assert.equal(describePrefix({ prefixHash: "", prefixTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }), null);
  // No prefix of ours, but the provider cached some: its figure still says how much.
  assert.equal(
    describePrefix({ prefixHash: "", prefixTokens: 1024, cacheReadTokens: 1024, cacheWriteTokens: 0 }),
    "1,024 tokens, measured by the cache",
  );
});
