// The real openai SDK against the mock: it must parse every answer the way it parses the real API's.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI from "openai";
import { embeddingVector, type MockProvider, startMockProvider } from "../../src/mock-provider/index.ts";

let mock: MockProvider;
let client: OpenAI;

before(async () => {
  mock = await startMockProvider();
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
beforeEach(() => mock.reset());
after(() => mock.close());

const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Say hello" }];
const usage = { inputTokens: 1200, outputTokens: 300, cachedTokens: 1024, reasoningTokens: 128 };

describe("chat completions", () => {
  it("parses a completion with content, the dated model and exact usage", async () => {
    mock.enqueue({ kind: "reply", text: "Hello, world!", usage });
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages });
    assert.equal(completion.choices[0]?.message.content, "Hello, world!");
    assert.equal(completion.choices[0]?.finish_reason, "stop");
    assert.equal(completion.model, "gpt-4o-2024-08-06");
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.usage?.prompt_tokens, 1200);
    assert.equal(completion.usage?.completion_tokens, 300);
    assert.equal(completion.usage?.total_tokens, 1500);
    assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, 1024);
    assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 128);
    assert.equal(completion.service_tier, "default");
    const [request] = mock.requests;
    assert.equal(request?.path, "/v1/chat/completions");
    assert.equal(request?.headers["authorization"], "Bearer sk-test");
    assert.deepEqual(request?.body, { model: "gpt-4o", messages });
  });

  it("streams deltas without a usage chunk when include_usage is not set", async () => {
    mock.enqueue({ kind: "reply", chunks: ["Hel", "lo", "!"] });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join(""), "Hello!");
    assert.equal(chunks.length, 5);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, "stop");
    assert.ok(chunks.every((chunk) => chunk.usage === undefined));
    assert.equal(chunks[0]?.model, "gpt-4o-mini-2024-07-18");
  });

  it("streams a final usage chunk with empty choices when include_usage is set", async () => {
    mock.enqueue({ kind: "reply", usage });
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.equal(last?.usage?.prompt_tokens, 1200);
    assert.equal(last?.usage?.prompt_tokens_details?.cached_tokens, 1024);
    assert.equal(last?.usage?.completion_tokens_details?.reasoning_tokens, 128);
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
  });

  it("assembles the final completion with usage through the .stream() helper", async () => {
    mock.enqueue({ kind: "reply", text: "Streamed answer.", usage: { inputTokens: 40, outputTokens: 4 } });
    const stream = client.chat.completions.stream({ model: "gpt-4o", messages, stream_options: { include_usage: true } });
    const deltas: string[] = [];
    stream.on("content", (delta) => deltas.push(delta));
    const completion = await stream.finalChatCompletion();
    assert.equal(completion.choices[0]?.message.content, "Streamed answer.");
    assert.deepEqual(deltas, ["Streamed ", "answer."]);
    assert.equal(completion.usage?.total_tokens, 44);
  });

  it("returns tool calls, plain and streamed", async () => {
    const toolCalls = [{ id: "call_abc", name: "get_weather", arguments: { city: "Paris" } }];
    mock.enqueue({ kind: "reply", toolCalls }, { kind: "reply", toolCalls });
    const plain = await client.chat.completions.create({ model: "gpt-4o", messages });
    assert.equal(plain.choices[0]?.finish_reason, "tool_calls");
    const call = plain.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.type, "function");
    assert.equal(call?.type === "function" ? call.function.arguments : undefined, '{"city":"Paris"}');

    const streamed = await client.chat.completions.stream({ model: "gpt-4o", messages }).finalChatCompletion();
    const streamedCall = streamed.choices[0]?.message.tool_calls?.[0];
    assert.equal(streamedCall?.id, "call_abc");
    assert.equal(streamedCall?.type === "function" ? streamedCall.function.name : undefined, "get_weather");
    assert.equal(streamedCall?.type === "function" ? streamedCall.function.arguments : undefined, '{"city":"Paris"}');
    assert.equal(streamed.choices[0]?.finish_reason, "tool_calls");
  });
});

describe("responses", () => {
  it("parses a response with output_text and exact usage", async () => {
    mock.enqueue({ kind: "reply", text: "Bonjour.", usage });
    const response = await client.responses.create({ model: "o4-mini", input: "Say hello in French" });
    assert.equal(response.output_text, "Bonjour.");
    assert.equal(response.model, "o4-mini-2025-04-16");
    assert.equal(response.status, "completed");
    assert.deepEqual(
      response.output.map((item) => item.type),
      ["reasoning", "message"],
    );
    assert.equal(response.usage?.input_tokens, 1200);
    assert.equal(response.usage?.input_tokens_details.cached_tokens, 1024);
    assert.equal(response.usage?.output_tokens, 300);
    assert.equal(response.usage?.output_tokens_details.reasoning_tokens, 128);
    assert.equal(response.usage?.total_tokens, 1500);
  });

  it("streams named events and a final response carrying usage", async () => {
    mock.enqueue({ kind: "reply", chunks: ["Bon", "jour."], usage: { inputTokens: 9, outputTokens: 3 } });
    const stream = client.responses.stream({ model: "gpt-4.1", input: "Say hello in French" });
    const types: string[] = [];
    const deltas: string[] = [];
    stream.on("event", (event) => types.push(event.type));
    stream.on("response.output_text.delta", (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    assert.deepEqual(deltas, ["Bon", "jour."]);
    assert.equal(types[0], "response.created");
    assert.equal(types.at(-1), "response.completed");
    const message = final.output.find((item) => item.type === "message");
    const part = message?.type === "message" ? message.content[0] : undefined;
    assert.equal(part?.type === "output_text" ? part.text : undefined, "Bonjour.");
    assert.equal(final.usage?.input_tokens, 9);
    assert.equal(final.usage?.output_tokens, 3);
    assert.equal(final.model, "gpt-4.1-2025-04-14");
  });

  it("returns function calls", async () => {
    mock.enqueue({ kind: "reply", toolCalls: [{ id: "call_1", name: "lookup", arguments: { q: "otel" } }] });
    const response = await client.responses.create({ model: "gpt-4.1", input: "look it up" });
    const [call] = response.output;
    assert.equal(call?.type, "function_call");
    assert.equal(call?.type === "function_call" ? call.arguments : undefined, '{"q":"otel"}');
    assert.equal(response.output_text, "");
  });
});

describe("embeddings", () => {
  it("answers the SDK's default base64 request with vectors the SDK decodes to floats", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 6 } });
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: ["first", "second"] });
    assert.equal((mock.requests[0]?.body as Record<string, unknown>)["encoding_format"], "base64");
    assert.deepEqual(
      result.data.map((item) => item.embedding),
      [embeddingVector(0, 8), embeddingVector(1, 8)],
    );
    assert.deepEqual(result.usage, { prompt_tokens: 6, total_tokens: 6 });
    assert.equal(result.model, "text-embedding-3-small");
  });

  it("returns float arrays when asked for floats, at the requested dimensions", async () => {
    const result = await client.embeddings.create({
      model: "text-embedding-3-large",
      input: "one",
      encoding_format: "float",
      dimensions: 3,
    });
    assert.deepEqual(result.data[0]?.embedding, [-0.25, -0.1875, -0.125]);
  });
});
