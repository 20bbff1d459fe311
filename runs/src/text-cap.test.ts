import assert from "node:assert/strict";
import { test } from "node:test";
import { capText } from "./text-cap.ts";

test("caps at 64 Ki characters without splitting a surrogate pair", () => {
  assert.equal(capText("short"), "short");
  const exact = "a".repeat(65_536);
  assert.equal(capText(exact), exact);
  const emojiAtCut = `${"a".repeat(65_535)}😀tail`;
  assert.equal(capText(emojiAtCut), `${"a".repeat(65_535)}…[truncated 6 chars]`);
});
