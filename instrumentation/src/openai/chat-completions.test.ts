import assert from "node:assert/strict";
import { test } from "node:test";
import { chatCompletionsAdapter, openaiUsage } from "./chat-completions.ts";

test("usage: cached tokens are part of input, reasoning part of output", () => {
  assert.deepEqual(
    openaiUsage({
      prompt_tokens: 100,
      completion_tokens: 50,
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 30 },
    }),
    {
      inputTokens: 100,
      outputTokens: 50,
      cacheReadTokens: 60,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 30,
      estimated: false,
    },
  );
});

test("asks for stream usage without touching the caller's body, and respects an explicit choice", () => {
  const body = { model: "gpt-4o", messages: [], stream: true, stream_options: { include_obfuscation: false } };
  const prepared = chatCompletionsAdapter.prepare!(body, true);
  assert.deepEqual(prepared.body?.["stream_options"], { include_obfuscation: false, include_usage: true });
  assert.equal(prepared.hideUsageChunk, true);
  assert.deepEqual(body.stream_options, { include_obfuscation: false });
  assert.deepEqual(chatCompletionsAdapter.prepare!({ ...body, stream_options: { include_usage: false } }, true), { hideUsageChunk: false });
  assert.deepEqual(chatCompletionsAdapter.prepare!(body, false), { hideUsageChunk: false });
  assert.deepEqual(chatCompletionsAdapter.prepare!({ model: "gpt-4o", messages: [] }, true), { hideUsageChunk: false });
});

test("a stream's chunks rebuild each choice, tool calls included", () => {
  const stream = chatCompletionsAdapter.startStream!(true);
  const chunks = [
    { id: "c1", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta: { role: "assistant", content: "" } }] },
    { id: "c1", choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "t1", function: { name: "add", arguments: '{"a":' } }] } }] },
    {
      id: "c1",
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: "1}" } }] }, finish_reason: "tool_calls" }],
    },
    { id: "c1", choices: [], usage: { prompt_tokens: 9, completion_tokens: 4 } },
  ];
  const seen = chunks.map((chunk) => stream.onChunk(chunk));
  assert.deepEqual(seen, [
    { deliver: true, content: false },
    { deliver: true, content: true },
    { deliver: true, content: true },
    { deliver: false, content: false },
  ]);
  const outcome = stream.outcome();
  assert.deepEqual(outcome.finishReasons, ["tool_calls"]);
  assert.equal(outcome.usage?.inputTokens, 9);
  assert.deepEqual(outcome.outputMessages, [
    { role: "assistant", parts: [{ type: "tool_call", id: "t1", name: "add", arguments: '{"a":1}' }], finish_reason: "tool_calls" },
  ]);
});
