import assert from "node:assert/strict";
import { test } from "node:test";
import { countChatPrompt, encodingForModel, tokenCounterFor } from "./token-estimate.ts";

test("models map to their encoding by prefix", () => {
  for (const model of [
    "gpt-4o",
    "gpt-4o-mini-2024-07-18",
    "gpt-4.1-nano",
    "o3-mini",
    "o4-mini",
    "gpt-5.1",
    "ft:gpt-4o-mini:org::id",
    "gpt-oss-120b",
  ]) {
    assert.equal(encodingForModel(model), "o200k_base", model);
  }
  for (const model of ["gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-3-small"]) {
    assert.equal(encodingForModel(model), "cl100k_base", model);
  }
  assert.equal(encodingForModel("claude-haiku-4-5"), "o200k_base");
});

test("counts real tokens, and a chat prompt with OpenAI's framing", async () => {
  const counter = await tokenCounterFor("gpt-4o");
  assert.equal(counter.count(""), 0);
  assert.equal(counter.count("hello world"), 2);
  // "<|endoftext|>" is plain text here, not a special token that would throw.
  assert.ok(counter.count("<|endoftext|>") > 1);
  assert.equal(countChatPrompt(counter, [{ role: "user", text: "hello world" }]), 3 + 3 + counter.count("user") + 2);
  assert.equal(
    countChatPrompt(counter, [{ role: "user", text: "hi", name: "bob" }]),
    3 + 3 + counter.count("user") + counter.count("hi") + 1 + counter.count("bob"),
  );
});
