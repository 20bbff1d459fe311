import assert from "node:assert/strict";
import { test } from "node:test";
import { chatCompletionsAdapter, isTwelveHourRetention, openaiUsage } from "./chat-completions.ts";
import { responsesAdapter } from "./responses.ts";

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
      cacheWrite12hTokens: 0,
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
  const stream = chatCompletionsAdapter.startStream!(true, {});
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

test("cache writes: read from the details the SDK types lack, all 12-hour writes when the request asked for 12h or 24h retention", () => {
  assert.deepEqual(
    [{ prompt_cache_retention: "12h" }, { prompt_cache_retention: "24h" }, { prompt_cache_retention: "in-memory" }, {}].map(
      isTwelveHourRetention,
    ),
    [true, true, false, false],
  );
  const usage = { prompt_tokens: 10_000, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 4000 } };
  const chat = (request: Record<string, unknown>) => chatCompletionsAdapter.readResult({ id: "c1", choices: [], usage }, request).usage;
  assert.deepEqual([chat({})?.cacheWriteTokens, chat({})?.cacheWrite12hTokens], [4000, 0]);
  assert.deepEqual(
    [chat({ prompt_cache_retention: "24h" })?.cacheWriteTokens, chat({ prompt_cache_retention: "24h" })?.cacheWrite12hTokens],
    [4000, 4000],
  );

  // The Responses API names them input_tokens_details.cache_write_tokens; its stream reads the final event's usage.
  const responsesUsage = { input_tokens: 10_000, output_tokens: 50, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 3000 } };
  const response = { id: "r1", status: "completed", output: [], usage: responsesUsage };
  assert.equal(responsesAdapter.readResult(response, { prompt_cache_retention: "12h" }).usage?.cacheWrite12hTokens, 3000);
  const stream = responsesAdapter.startStream!(false, { prompt_cache_retention: "12h" });
  stream.onChunk({ type: "response.completed", response });
  assert.deepEqual([stream.outcome().usage?.cacheWriteTokens, stream.outcome().usage?.cacheWrite12hTokens], [3000, 3000]);

  // A streamed chat's usage chunk, likewise.
  const chatStream = chatCompletionsAdapter.startStream!(false, { prompt_cache_retention: "24h" });
  chatStream.onChunk({ id: "c1", choices: [], usage });
  assert.equal(chatStream.outcome().usage?.cacheWrite12hTokens, 4000);
});
