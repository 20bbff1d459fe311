import assert from "node:assert/strict";
import { test } from "node:test";
import { anthropicUsage, messagesAdapter } from "./messages.ts";

test("input follows the GenAI conventions: Anthropic's input_tokens plus cache reads and writes", () => {
  assert.deepEqual(
    anthropicUsage({
      input_tokens: 10,
      output_tokens: 5,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 40,
      cache_creation: { ephemeral_1h_input_tokens: 60 },
    }),
    {
      inputTokens: 150,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheWriteTokens: 40,
      cacheWrite1hTokens: 40,
      cacheWrite12hTokens: 0,
      reasoningTokens: 0,
      estimated: false,
    },
  );
  assert.equal(anthropicUsage(null), undefined);
});

test("a stream's events build the message, with message_delta's usage over message_start's", () => {
  const stream = messagesAdapter.startStream!(false, {});
  const events = [
    {
      type: "message_start",
      message: {
        id: "msg_1",
        model: "claude-haiku-4-5-20251001",
        usage: { input_tokens: 20, output_tokens: 1, cache_read_input_tokens: 5 },
      },
    },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi" } },
    { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "t1", name: "add" } },
    { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"a":1}' } },
    { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 12 } },
  ];
  const seen = events.map((event) => stream.onChunk(event));
  assert.deepEqual(
    seen.map((s) => s.content),
    [false, false, true, false, true, false],
  );
  const outcome = stream.outcome();
  assert.equal(outcome.responseId, "msg_1");
  assert.deepEqual(outcome.finishReasons, ["tool_use"]);
  assert.deepEqual(outcome.usage, {
    inputTokens: 25,
    outputTokens: 12,
    cacheReadTokens: 5,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheWrite12hTokens: 0,
    reasoningTokens: 0,
    estimated: false,
  });
  assert.deepEqual(outcome.outputMessages[0]!.parts, [
    { type: "text", content: "Hi" },
    { type: "tool_call", id: "t1", name: "add", arguments: '{"a":1}' },
  ]);
});

test("fast mode and the geography: the response's usage first, else the request's", () => {
  const message = (usage: object) => ({
    id: "msg_1",
    model: "claude-opus-5",
    content: [],
    usage: { input_tokens: 1, output_tokens: 1, ...usage },
  });
  const reported = messagesAdapter.readResult(message({ speed: "fast", inference_geo: "us" }), {
    speed: "standard",
    inference_geo: "global",
  });
  assert.deepEqual([reported.speed, reported.inferenceGeo], ["fast", "us"]);
  const requested = messagesAdapter.readResult(message({}), { speed: "fast", inference_geo: "us" });
  assert.deepEqual([requested.speed, requested.inferenceGeo], ["fast", "us"]);
  const neither = messagesAdapter.readResult(message({ speed: null, inference_geo: null }), {});
  assert.deepEqual([neither.speed, neither.inferenceGeo], [undefined, undefined]);

  // A stream: message_start's usage carries them, message_delta's does not.
  const stream = messagesAdapter.startStream!(false, { speed: "fast" });
  stream.onChunk({ type: "message_start", message: message({ speed: "fast", inference_geo: "us" }) });
  stream.onChunk({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 9 } });
  const outcome = stream.outcome();
  assert.deepEqual([outcome.speed, outcome.inferenceGeo, outcome.usage?.outputTokens], ["fast", "us", 9]);
});
