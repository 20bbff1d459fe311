import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BuildContext } from "./build-context.ts";
import { createIdFactory } from "./ids.ts";
import { buildChatCompletion, buildChatCompletionStream } from "./openai-chat.ts";
import { settleReply } from "./scenario.ts";

const context = (): BuildContext => ({ id: createIdFactory(), model: "gpt-4o-2024-08-06", created: 1_790_000_000 });
const parse = (data: string) => JSON.parse(data) as Record<string, any>;

describe("buildChatCompletion", () => {
  it("reports usage with the cached and reasoning details", () => {
    const body = buildChatCompletion(
      settleReply({ usage: { inputTokens: 1200, outputTokens: 300, cachedTokens: 1024, reasoningTokens: 128 } }),
      context(),
    );
    assert.deepEqual(body["usage"], {
      prompt_tokens: 1200,
      completion_tokens: 300,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 128, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    assert.equal(body["id"], "chatcmpl-mock000001");
    assert.equal(body["model"], "gpt-4o-2024-08-06");
  });

  it("reports cache writes in prompt_tokens_details only when some were written", () => {
    const body = buildChatCompletion(settleReply({ usage: { inputTokens: 10_000, outputTokens: 50, cacheWriteTokens: 4000 } }), context());
    assert.deepEqual((body["usage"] as Record<string, unknown>)["prompt_tokens_details"], {
      cached_tokens: 0,
      audio_tokens: 0,
      cache_write_tokens: 4000,
    });
  });

  it("answers a tool call with null content and finish_reason tool_calls", () => {
    const body = buildChatCompletion(settleReply({ toolCalls: [{ id: "call_1", name: "lookup", arguments: { q: "x" } }] }), context());
    const [choice] = body["choices"] as Array<Record<string, any>>;
    assert.equal(choice?.["finish_reason"], "tool_calls");
    assert.equal(choice?.["message"].content, null);
    assert.deepEqual(choice?.["message"].tool_calls, [
      { id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } },
    ]);
  });
});

describe("a refusal", () => {
  it("is message.refusal with no content, and refusal deltas in a stream", () => {
    const reply = settleReply({ refusal: "I can't help with that." });
    const [choice] = buildChatCompletion(reply, context())["choices"] as Array<Record<string, any>>;
    assert.equal(choice?.["message"].content, null);
    assert.equal(choice?.["message"].refusal, "I can't help with that.");
    const deltas = buildChatCompletionStream(reply, context(), false)
      .filter((frame) => frame.data !== "[DONE]")
      .map((frame) => parse(frame.data).choices[0].delta.refusal)
      .filter((piece) => typeof piece === "string");
    assert.equal(deltas.join(""), "I can't help with that.");
  });
});

describe("buildChatCompletionStream", () => {
  it("sends role, content and finish chunks, then [DONE], with no usage key unless asked", () => {
    const frames = buildChatCompletionStream(settleReply({ chunks: ["Hi", " there"] }), context(), false);
    assert.equal(frames.length, 5);
    assert.equal(frames.at(-1)?.data, "[DONE]");
    const chunks = frames.slice(0, -1).map((frame) => parse(frame.data));
    assert.deepEqual(
      chunks.map((chunk) => chunk["choices"][0].delta),
      [{ role: "assistant", content: "", refusal: null }, { content: "Hi" }, { content: " there" }, {}],
    );
    assert.equal(chunks[3]?.["choices"][0].finish_reason, "stop");
    assert.ok(chunks.every((chunk) => !("usage" in chunk)));
    assert.ok(frames.every((frame) => frame.event === undefined));
  });

  it("adds a final usage chunk with empty choices when include_usage is set", () => {
    const frames = buildChatCompletionStream(settleReply({ usage: { inputTokens: 50, outputTokens: 7 } }), context(), true);
    const chunks = frames.slice(0, -1).map((frame) => parse(frame.data));
    const last = chunks.at(-1);
    assert.deepEqual(last?.["choices"], []);
    assert.equal(last?.["usage"].prompt_tokens, 50);
    assert.equal(last?.["usage"].total_tokens, 57);
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk["usage"] === null));
  });

  it("streams tool-call arguments in pieces that concatenate to the JSON", () => {
    const frames = buildChatCompletionStream(
      settleReply({ toolCalls: [{ id: "call_9", name: "get_weather", arguments: { city: "Paris", unit: "celsius" } }] }),
      context(),
      false,
    );
    const deltas = frames.slice(0, -1).map((frame) => parse(frame.data)["choices"][0].delta);
    const args = deltas
      .flatMap((delta) => delta.tool_calls ?? [])
      .map((call: any) => call.function?.arguments ?? "")
      .join("");
    assert.equal(args, '{"city":"Paris","unit":"celsius"}');
    assert.equal(parse(frames.at(-2)?.data ?? "")["choices"][0].finish_reason, "tool_calls");
  });
});
