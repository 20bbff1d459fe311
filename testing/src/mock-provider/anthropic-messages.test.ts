import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildMessage, buildMessageStream } from "./anthropic-messages.ts";
import type { BuildContext } from "./build-context.ts";
import { createIdFactory } from "./ids.ts";
import { settleReply } from "./scenario.ts";

const context = (): BuildContext => ({ id: createIdFactory(), model: "claude-haiku-4-5-20251001", created: 1_790_000_000 });
const cacheUsage = { inputTokens: 20, outputTokens: 42, cachedTokens: 1500, cacheWriteTokens: 300, cacheWrite1hTokens: 100 };

describe("buildMessage", () => {
  it("reports input without cache, cache reads and writes, and the TTL split", () => {
    const body = buildMessage(settleReply({ usage: cacheUsage }), context());
    assert.deepEqual(body["usage"], {
      input_tokens: 20,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 1500,
      cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 },
      output_tokens: 42,
      service_tier: "standard",
    });
    assert.equal(body["stop_reason"], "end_turn");
  });

  it("echoes the request's speed and inference_geo in usage, only when the request set them", () => {
    const request = { model: "claude-opus-5", speed: "fast", inference_geo: "us" };
    const usage = buildMessage(settleReply({}), context(), request)["usage"] as Record<string, unknown>;
    assert.deepEqual([usage["speed"], usage["inference_geo"]], ["fast", "us"]);
    const plain = buildMessage(settleReply({}), context(), { model: "claude-opus-5" })["usage"] as Record<string, unknown>;
    assert.deepEqual([plain["speed"], plain["inference_geo"]], [undefined, undefined]);
    const [start] = buildMessageStream(settleReply({}), context(), request);
    const startUsage = (JSON.parse(start!.data) as { message: { usage: Record<string, unknown> } }).message.usage;
    assert.deepEqual([startUsage["speed"], startUsage["inference_geo"]], ["fast", "us"]);
  });

  it("reports thinking tokens only when some were spent", () => {
    const body = buildMessage(settleReply({ usage: { reasoningTokens: 5 } }), context());
    assert.deepEqual((body["usage"] as Record<string, unknown>)["output_tokens_details"], { thinking_tokens: 5 });
  });
});

describe("buildMessageStream", () => {
  it("orders the events as the API does, with usage split between start and delta", () => {
    const frames = buildMessageStream(settleReply({ chunks: ["A", "B"], usage: cacheUsage }), context());
    assert.deepEqual(
      frames.map((frame) => frame.event),
      [
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ],
    );
    const start = JSON.parse(frames[0]?.data ?? "");
    assert.equal(start.message.usage.output_tokens, 1);
    assert.equal(start.message.usage.cache_read_input_tokens, 1500);
    const delta = JSON.parse(frames[6]?.data ?? "");
    assert.deepEqual(delta.usage, { input_tokens: 20, cache_creation_input_tokens: 300, cache_read_input_tokens: 1500, output_tokens: 42 });
  });

  it("sends only output_tokens in message_delta in output-only mode", () => {
    const frames = buildMessageStream(settleReply({ anthropicDeltaUsage: "output-only", usage: { outputTokens: 9 } }), context());
    const delta = frames.find((frame) => frame.event === "message_delta");
    assert.deepEqual(JSON.parse(delta?.data ?? "").usage, { output_tokens: 9 });
  });
});
