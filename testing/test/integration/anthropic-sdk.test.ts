// The real @anthropic-ai/sdk against the mock: messages plain and streamed, with cache usage split as the API reports it.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { type MockProvider, startMockProvider } from "../../src/mock-provider/index.ts";

let mock: MockProvider;
let client: Anthropic;

before(async () => {
  mock = await startMockProvider();
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
});
beforeEach(() => mock.reset());
after(() => mock.close());

const params = {
  model: "claude-haiku-4-5",
  max_tokens: 256,
  messages: [{ role: "user" as const, content: "Say hello" }],
};
const cacheUsage = { inputTokens: 25, outputTokens: 60, cachedTokens: 2048, cacheWriteTokens: 512, cacheWrite1hTokens: 128 };

describe("messages", () => {
  it("parses a message with text, the dated model and cache usage", async () => {
    mock.enqueue({ kind: "reply", text: "Hello!", usage: cacheUsage });
    const message = await client.messages.create(params);
    assert.deepEqual(message.content, [{ type: "text", text: "Hello!" }]);
    assert.equal(message.model, "claude-haiku-4-5-20251001");
    assert.equal(message.stop_reason, "end_turn");
    assert.equal(message.usage.input_tokens, 25);
    assert.equal(message.usage.output_tokens, 60);
    assert.equal(message.usage.cache_read_input_tokens, 2048);
    assert.equal(message.usage.cache_creation_input_tokens, 512);
    assert.deepEqual(message.usage.cache_creation, { ephemeral_5m_input_tokens: 384, ephemeral_1h_input_tokens: 128 });
    const [request] = mock.requests;
    assert.equal(request?.path, "/v1/messages");
    // SDK 1.x sends the API key as a bearer token, no longer as x-api-key.
    assert.equal(request?.headers["authorization"], "Bearer sk-ant-test");
    assert.ok(request?.headers["anthropic-version"]);
  });

  it("streams raw events in API order, pings included", async () => {
    mock.enqueue({ kind: "reply", chunks: ["Hel", "lo"], usage: cacheUsage });
    const stream = await client.messages.create({ ...params, stream: true });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    // The SDK swallows ping events, as it does against the real API.
    assert.deepEqual(
      events.map((event) => event.type),
      [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ],
    );
    const start = events[0];
    assert.equal(start?.type === "message_start" ? start.message.usage.output_tokens : undefined, 1);
    assert.equal(start?.type === "message_start" ? start.message.usage.cache_read_input_tokens : undefined, 2048);
    const delta = events[5];
    assert.equal(delta?.type === "message_delta" ? delta.usage.output_tokens : undefined, 60);
  });

  it("assembles the final message with the full usage through .stream()", async () => {
    mock.enqueue({ kind: "reply", text: "Streamed hello.", usage: cacheUsage });
    const stream = client.messages.stream(params);
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    const message = await stream.finalMessage();
    assert.deepEqual(texts, ["Streamed ", "hello."]);
    assert.deepEqual(message.content, [{ type: "text", text: "Streamed hello." }]);
    assert.equal(message.usage.input_tokens, 25);
    assert.equal(message.usage.output_tokens, 60);
    assert.equal(message.usage.cache_read_input_tokens, 2048);
    assert.equal(message.usage.cache_creation_input_tokens, 512);
  });

  it("keeps message_start's input counts when message_delta reports only output tokens", async () => {
    mock.enqueue({ kind: "reply", usage: cacheUsage, anthropicDeltaUsage: "output-only" });
    const message = await client.messages.stream(params).finalMessage();
    assert.equal(message.usage.input_tokens, 25);
    assert.equal(message.usage.cache_read_input_tokens, 2048);
    assert.equal(message.usage.output_tokens, 60);
  });

  it("returns tool_use blocks, plain and streamed", async () => {
    const toolCalls = [{ id: "toolu_01", name: "get_weather", arguments: { city: "Paris" } }];
    mock.enqueue({ kind: "reply", text: "Let me check.", toolCalls }, { kind: "reply", text: "Let me check.", toolCalls });
    const plain = await client.messages.create(params);
    assert.equal(plain.stop_reason, "tool_use");
    assert.deepEqual(plain.content[1], { type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "Paris" } });

    const streamed = await client.messages.stream(params).finalMessage();
    assert.equal(streamed.stop_reason, "tool_use");
    const block = streamed.content[1];
    assert.equal(block?.type, "tool_use");
    assert.deepEqual(block?.type === "tool_use" ? block.input : undefined, { city: "Paris" });
  });

  it("refuses a request without max_tokens as the API does, without consuming the queue", async () => {
    mock.enqueue({ kind: "reply", text: "kept" });
    const { max_tokens: _omitted, ...withoutMaxTokens } = params;
    await assert.rejects(
      client.messages.create(withoutMaxTokens as Anthropic.MessageCreateParamsNonStreaming),
      (error: unknown) => error instanceof Anthropic.BadRequestError && error.message.includes("max_tokens: Field required"),
    );
    assert.equal(mock.pending, 1);
  });
});
