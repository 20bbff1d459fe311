// The openai SDK (root version) against the mock provider, with our instrumentation and an
// in-memory exporter: exact span attributes, streams that stay the SDK's own, errors, helpers.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { get_encoding } from "tiktoken";
import { withContext } from "../../src/index.ts";
import { loadSdk, stableAttributes, startTracing } from "../tracing-harness.ts";

const tracing = startTracing();
const OpenAI = loadSdk("openai");
const { Stream } = loadSdk("openai/streaming");
let mock: MockProvider;
let client: any;

before(async () => {
  mock = await startMockProvider();
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());
afterEach(() => {
  tracing.reset();
  mock.reset();
  tracing.openai.setConfig({});
});

const MESSAGES = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Say hello." },
];

function o200kCount(text: string): number {
  const encoding = get_encoding("o200k_base");
  try {
    return encoding.encode_ordinary(text).length;
  } finally {
    encoding.free();
  }
}

describe("chat.completions.create", () => {
  test("records a plain call with the GenAI attributes, usage and cost", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 1_200, outputTokens: 300, cachedTokens: 1_000 } });
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: MESSAGES,
      temperature: 0.2,
      max_tokens: 50,
      seed: 7,
      stop: "END",
    });
    assert.equal(completion.choices[0].message.content, "Hello from the mock provider.");
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.name, "chat gpt-4o-mini");
    assert.equal(span!.kind, SpanKind.CLIENT);
    assert.equal(span!.status.code, SpanStatusCode.UNSET);
    assert.equal(span!.attributes["server.port"], Number(new URL(mock.url).port));
    // gpt-4o-mini: $0.15/M input, $0.075/M cached input, $0.60/M output (pricing/catalogue.json).
    // 200 uncached × 0.15e-6 + 1,000 cached × 0.075e-6 + 300 × 0.60e-6 = 0.00003 + 0.000075 + 0.00018
    assert.deepEqual(stableAttributes(span!), {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "promptmetrics.endpoint.kind": "compatible",
      "gen_ai.request.model": "gpt-4o-mini",
      "server.address": "127.0.0.1",
      "gen_ai.request.temperature": 0.2,
      "gen_ai.request.max_tokens": 50,
      "gen_ai.request.seed": 7,
      "gen_ai.request.stop_sequences": ["END"],
      "gen_ai.response.id": completion.id,
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 1_200,
      "gen_ai.usage.output_tokens": 300,
      "gen_ai.usage.cache_read.input_tokens": 1_000,
      "promptmetrics.cost_usd": 0.000285,
      "promptmetrics.cost.input_usd": 0.00003,
      "promptmetrics.cost.cache_read_usd": 0.000075,
      "promptmetrics.cost.output_usd": 0.00018,
      // The request's hashes (pricing/src/evidence: system, messages and parameters, not the model); the
      // prefix is the system before the last user turn, and the 1,000 cached tokens are its exact size.
      "promptmetrics.request.input_hash": "fba59b71874bcedf09c83d63d1842393",
      "promptmetrics.request.prefix_hash": "dd14b6f0c89d1467247d9775683797e1",
      "promptmetrics.request.prefix_tokens": 1_000,
      "promptmetrics.quality.flags": 0,
    });
  });

  test("records reasoning tokens as a subset of output", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 50, outputTokens: 400, reasoningTokens: 320 } });
    await client.chat.completions.create({ model: "o4-mini", messages: MESSAGES });
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 400);
    assert.equal(span!.attributes["gen_ai.usage.reasoning.output_tokens"], 320);
    assert.equal(span!.attributes["gen_ai.response.model"], "o4-mini-2025-04-16");
  });

  test("records tool calls as the finish reason and keeps the caller's response intact", async () => {
    mock.enqueue({ kind: "reply", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] });
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: MESSAGES,
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
    });
    assert.equal(completion.choices[0].message.tool_calls[0].function.name, "get_weather");
    const [span] = await tracing.waitForSpans(1);
    assert.deepEqual(span!.attributes["gen_ai.response.finish_reasons"], ["tool_calls"]);
  });

  test("withResponse() and asResponse() still work and each call is one span", async () => {
    const { data, response } = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }).withResponse();
    assert.equal(data.choices[0].message.content, "Hello from the mock provider.");
    assert.equal(response.status, 200);
    const raw = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }).asResponse();
    const body = await raw.json();
    assert.equal(body.choices[0].message.content, "Hello from the mock provider.");
    const spans = await tracing.waitForSpans(2);
    assert.equal(spans.length, 2);
    assert.equal(spans[0]!.attributes["gen_ai.usage.output_tokens"], 8);
    // A raw response is never parsed by the SDK: the span ends without a body to read.
    assert.equal(spans[1]!.attributes["gen_ai.usage.output_tokens"], undefined);
  });
});

describe("streamed chat completions", () => {
  test("hands back the SDK's own Stream, with tee, toReadableStream and controller", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    assert.ok(stream instanceof Stream);
    assert.equal(typeof stream.tee, "function");
    assert.equal(typeof stream.toReadableStream, "function");
    assert.ok(stream.controller instanceof AbortController);
    const [left, right] = stream.tee();
    let leftText = "";
    let rightText = "";
    for await (const chunk of left) leftText += chunk.choices[0]?.delta?.content ?? "";
    for await (const chunk of right) rightText += chunk.choices[0]?.delta?.content ?? "";
    assert.equal(leftText, "Hello from the mock provider.");
    assert.equal(rightText, leftText);
    const spans = await tracing.waitForSpans(1);
    assert.equal(spans.length, 1);
  });

  test("counts tokens with tiktoken when the stream carries no usage, and marks them estimated", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    assert.equal(
      mock.requests[0]!.body && (mock.requests[0]!.body as any).stream_options,
      undefined,
      "nothing added for a compatible server",
    );
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["promptmetrics.usage.estimated"], true);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], o200kCount(text));
    // Prompt: 3 priming + per message (3 framing + role + text).
    const expectedInput = 3 + (3 + o200kCount("system") + o200kCount("Be brief.")) + (3 + o200kCount("user") + o200kCount("Say hello."));
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], expectedInput);
    assert.equal(span!.attributes["gen_ai.request.stream"], true);
    assert.equal(typeof span!.attributes["gen_ai.response.time_to_first_chunk"], "number");
    assert.ok((span!.attributes["promptmetrics.cost_usd"] as number) > 0);
  });

  test("asks for usage when configured, hides the extra chunk, and records exact usage", async () => {
    tracing.openai.setConfig({ openaiStreamUsage: "always" });
    mock.enqueue({ kind: "reply", usage: { inputTokens: 40, outputTokens: 9 } });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    const chunks: any[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.deepEqual((mock.requests[0]!.body as any).stream_options, { include_usage: true });
    assert.ok(
      chunks.every((chunk) => chunk.choices.length > 0),
      "the caller never sees the usage-only chunk",
    );
    assert.ok(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null));
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 40);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 9);
    assert.equal(span!.attributes["promptmetrics.usage.estimated"], undefined);
  });

  test("a caller who asked for usage gets the usage chunk", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 40, outputTokens: 9 } });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: MESSAGES,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usageChunk: any;
    for await (const chunk of stream) if (chunk.usage) usageChunk = chunk;
    assert.equal(usageChunk.usage.prompt_tokens, 40);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 9);
  });

  test("toReadableStream() is followed too", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    const reader = stream.toReadableStream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    assert.ok(bytes > 0);
    const [span] = await tracing.waitForSpans(1);
    assert.deepEqual(span!.attributes["gen_ai.response.finish_reasons"], ["stop"]);
  });

  test("breaking out of the loop ends the span once, as cancelled, and closes the request", async () => {
    mock.enqueue({ kind: "reply", chunks: ["one ", "two ", "three ", "four "], chunkDelayMs: 30 });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) break;
    }
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["promptmetrics.stream.cancelled"], true);
    assert.equal(span!.status.code, SpanStatusCode.UNSET);
    assert.equal(span!.attributes["promptmetrics.usage.estimated"], true);
    await mock.waitForRequests(1);
    const deadline = Date.now() + 5_000;
    while (mock.requests[0]!.outcome === "pending" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(mock.requests[0]!.outcome, "client-closed");
    assert.equal(tracing.ours().length, 1);
  });

  test("aborting through the stream's controller ends the span once, as cancelled", async () => {
    mock.enqueue({ kind: "reply", chunks: ["one ", "two ", "three ", "four "], chunkDelayMs: 30 });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    let received = 0;
    try {
      for await (const chunk of stream) {
        received++;
        if (chunk.choices[0]?.delta?.content) stream.controller.abort();
      }
    } catch (error) {
      // openai v6 ends the loop quietly after an abort; other versions throw APIUserAbortError.
      assert.ok((error as Error).constructor.name === "APIUserAbortError" || (error as Error).name === "AbortError");
    }
    assert.ok(received < 5);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["promptmetrics.stream.cancelled"], true);
    assert.equal(tracing.ours().length, 1);
  });

  test("a connection lost mid-stream ends the span as an error, and the caller gets the SDK's error", async () => {
    mock.enqueue({ kind: "disconnect", afterEvents: 2 });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    let caught: unknown;
    try {
      for await (const _chunk of stream) {
        // read until the connection drops
      }
    } catch (error) {
      caught = error;
    }
    const [span] = await tracing.waitForSpans(1);
    if (caught === undefined) {
      // Some SDK versions end the iteration quietly when the body ends early: the span then ends, unerrored, once.
      assert.equal(span!.status.code, SpanStatusCode.UNSET);
    } else {
      assert.equal(span!.status.code, SpanStatusCode.ERROR);
      assert.equal(span!.attributes["error.type"], (caught as Error).constructor.name);
    }
    assert.equal(tracing.ours().length, 1);
  });
});

describe("12-hour cache writes and regional processing", () => {
  // gpt-6.2-sol: $2/M input, $0.10/M cached, $2.50/M 30-minute write, $5/M 12-hour write, $10/M output.
  // 100,000 input = 40,000 read + 20,000 written + 40,000 uncached; 2,000 output of which 500 reasoning.
  // The SDK's types do not list prompt_cache_retention "12h" or cache_write_tokens; the mock reports the writes.
  const USAGE = { inputTokens: 100_000, cachedTokens: 40_000, cacheWriteTokens: 20_000, outputTokens: 2_000, reasoningTokens: 500 };
  const REQUEST = { model: "gpt-6.2-sol", messages: MESSAGES };

  test("with prompt_cache_retention 24h every cache write is priced at the 12-hour write rate", async () => {
    mock.enqueue({ kind: "reply", usage: USAGE });
    await client.chat.completions.create({ ...REQUEST, prompt_cache_retention: "24h" });
    const [span] = await tracing.waitForSpans(1);
    // uncached 40,000 × $2/M = $0.08; read 40,000 × $0.10/M = $0.004; writes 20,000 × $5/M = $0.10;
    // output 1,500 × $10/M = $0.015; reasoning 500 × $10/M = $0.005; total $0.204
    assert.equal(span!.attributes["gen_ai.usage.cache_creation.input_tokens"], 20_000);
    assert.equal(span!.attributes["openai.usage.cache_creation.12h_input_tokens"], 20_000);
    assert.equal(span!.attributes["promptmetrics.cost.cache_write_usd"], 0.1);
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.204);
  });

  test("without it the writes are default (30-minute) writes; a streamed call reads its usage chunk the same way", async () => {
    mock.enqueue({ kind: "reply", usage: USAGE }, { kind: "reply", usage: USAGE });
    await client.chat.completions.create(REQUEST);
    const stream = await client.chat.completions.create({
      ...REQUEST,
      prompt_cache_retention: "24h",
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _chunk of stream) {
      // drain
    }
    const [plain, streamed] = await tracing.waitForSpans(2);
    // writes 20,000 × $2.50/M = $0.05 instead of $0.10: total $0.154
    assert.equal(plain!.attributes["openai.usage.cache_creation.12h_input_tokens"], undefined);
    assert.equal(plain!.attributes["promptmetrics.cost_usd"], 0.154);
    assert.equal(streamed!.attributes["openai.usage.cache_creation.12h_input_tokens"], 20_000);
    assert.equal(streamed!.attributes["promptmetrics.cost_usd"], 0.204);
  });

  test("an OpenAI project's region, given with withContext, adds the model's regional uplift", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 10_000, outputTokens: 1_000 } });
    await withContext({ inferenceGeo: "eu" }, () => client.chat.completions.create({ model: "gpt-6-sol", messages: MESSAGES }));
    const [span] = await tracing.waitForSpans(1);
    // gpt-6-sol: 10,000 × $2/M = $0.02 + 1,000 × $10/M = $0.01 = $0.03; +10% regional processing → $0.033
    assert.equal(span!.attributes["promptmetrics.inference_geo"], "eu");
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.033);
  });
});

describe("errors", () => {
  test("a 429 ends the span as an error and the caller gets the SDK's RateLimitError", async () => {
    mock.enqueue({ kind: "rate-limit", retryAfterSeconds: 1 });
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }).catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.RateLimitError);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.status.code, SpanStatusCode.ERROR);
    assert.equal(span!.attributes["error.type"], "RateLimitError");
    assert.equal(span!.attributes["http.response.status_code"], 429);
    assert.equal(span!.events.filter((event) => event.name === "exception").length, 1);
    assert.equal(span!.attributes["promptmetrics.cost_usd"], undefined);
  });

  test("a 500 on a streamed call ends the span as an error", async () => {
    mock.enqueue({ kind: "server-error", status: 500 });
    const error = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.InternalServerError);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["error.type"], "InternalServerError");
    assert.equal(span!.attributes["http.response.status_code"], 500);
  });

  test("an invalid request is a BadRequestError with its span ended", async () => {
    mock.enqueue({ kind: "invalid-request", message: "bad temperature", param: "temperature" });
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }).catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["error.type"], "BadRequestError");
    assert.equal(span!.status.message?.includes("bad temperature"), true);
  });
});

describe("responses and embeddings", () => {
  test("responses.create records usage with cached and reasoning tokens", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 100, outputTokens: 60, cachedTokens: 40, reasoningTokens: 20 } });
    const response = await client.responses.create({
      model: "gpt-4.1-mini",
      input: "Say hello.",
      instructions: "Be brief.",
      max_output_tokens: 80,
    });
    assert.equal(response.output_text, "Hello from the mock provider.");
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.name, "chat gpt-4.1-mini");
    assert.equal(span!.attributes["gen_ai.request.max_tokens"], 80);
    assert.equal(span!.attributes["gen_ai.response.id"], response.id);
    assert.deepEqual(span!.attributes["gen_ai.response.finish_reasons"], ["stop"]);
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 100);
    assert.equal(span!.attributes["gen_ai.usage.cache_read.input_tokens"], 40);
    assert.equal(span!.attributes["gen_ai.usage.reasoning.output_tokens"], 20);
  });

  test("a streamed response takes its usage from response.completed", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 30, outputTokens: 7 } });
    const stream = await client.responses.create({ model: "gpt-4.1-mini", input: "Say hello.", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    assert.equal(types.at(-1), "response.completed");
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 30);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 7);
    assert.equal(span!.attributes["promptmetrics.usage.estimated"], undefined);
    assert.equal(typeof span!.attributes["gen_ai.response.time_to_first_chunk"], "number");
  });

  test("embeddings.create records the input tokens and the embeddings operation", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 9 } });
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] });
    assert.equal(result.data.length, 2);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.name, "embeddings text-embedding-3-small");
    assert.equal(span!.attributes["gen_ai.operation.name"], "embeddings");
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 9);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 0);
    // text-embedding-3-small: $0.02/M → 9 × 0.02e-6
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.00000018);
  });
});

describe("SDK helpers go through create", () => {
  test("chat.completions.parse, .stream and runTools give one span per request", async () => {
    mock.enqueue({ kind: "reply", text: '{"greeting":"hi"}' });
    const parsed = await client.chat.completions.parse({
      model: "gpt-4o-mini",
      messages: MESSAGES,
      response_format: { type: "json_object" },
    });
    assert.equal(parsed.choices[0].message.content, '{"greeting":"hi"}');

    const runner = client.chat.completions.stream({ model: "gpt-4o-mini", messages: MESSAGES });
    const final = await runner.finalChatCompletion();
    assert.equal(final.choices[0].message.content, "Hello from the mock provider.");

    mock.enqueue({ kind: "reply", toolCalls: [{ name: "add", arguments: { a: 1, b: 2 } }] }, { kind: "reply", text: "3" });
    const tools = client.chat.completions.runTools({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "1+2?" }],
      tools: [
        {
          type: "function",
          function: {
            name: "add",
            parameters: { type: "object", properties: {} },
            function: (args: { a: number; b: number }) => args.a + args.b,
            parse: JSON.parse,
          },
        },
      ],
    });
    assert.equal(await tools.finalContent(), "3");
    const spans = await tracing.waitForSpans(4);
    assert.equal(spans.length, 4);
    assert.deepEqual(
      spans.map((span) => span.attributes["gen_ai.request.stream"] ?? false),
      [false, true, false, false],
    );
  });

  test("responses.stream gives one span", async () => {
    const stream = client.responses.stream({ model: "gpt-4.1-mini", input: "Say hello." });
    const final = await stream.finalResponse();
    assert.equal(final.output[0].content[0].text, "Hello from the mock provider.");
    const spans = await tracing.waitForSpans(1);
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.attributes["gen_ai.usage.output_tokens"], 8);
  });
});

describe("context and content", () => {
  test("withContext puts user, session, prompt, tags and metadata on every call inside it", async () => {
    await withContext({ userId: "user-42", sessionId: "conv-1", tags: ["checkout"], metadata: { plan: "pro" } }, async () => {
      await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
      await withContext({ promptName: "greeter", promptVersion: "3", tags: ["beta"], metadata: { plan: "team", region: "eu" } }, () =>
        client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }),
      );
    });
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
    const [outer, inner, outside] = await tracing.waitForSpans(3);
    assert.equal(outer!.attributes["promptmetrics.user.id"], "user-42");
    assert.equal(outer!.attributes["promptmetrics.session.id"], "conv-1");
    assert.equal(outer!.attributes["gen_ai.conversation.id"], "conv-1");
    assert.deepEqual(outer!.attributes["promptmetrics.tags"], ["checkout"]);
    assert.equal(outer!.attributes["promptmetrics.metadata.plan"], "pro");
    assert.equal(inner!.attributes["promptmetrics.user.id"], "user-42");
    assert.equal(inner!.attributes["promptmetrics.prompt.name"], "greeter");
    assert.equal(inner!.attributes["promptmetrics.prompt.version"], "3");
    assert.deepEqual(inner!.attributes["promptmetrics.tags"], ["checkout", "beta"]);
    assert.equal(inner!.attributes["promptmetrics.metadata.plan"], "team");
    assert.equal(inner!.attributes["promptmetrics.metadata.region"], "eu");
    assert.equal(outside!.attributes["promptmetrics.user.id"], undefined);
  });

  test("records no message content by default", async () => {
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
    const [span] = await tracing.waitForSpans(1);
    const contentKeys = Object.keys(span!.attributes).filter((key) => key.includes("messages") || key.includes("instructions"));
    assert.deepEqual(contentKeys, []);
  });

  test("captures content when asked, through the redaction hook and the length cap", async () => {
    tracing.openai.setConfig({
      captureContent: true,
      contentMaxLength: 20,
      redactContent: (text) => text.replace(/hello/gi, "[greeting]"),
    });
    mock.enqueue({ kind: "reply", text: "Hi there, nice to meet you!" });
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
    const [span] = await tracing.waitForSpans(1);
    assert.deepEqual(JSON.parse(span!.attributes["gen_ai.input.messages"] as string), [
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
      { role: "user", parts: [{ type: "text", content: "Say [greeti…[truncated 4 chars]" }] },
    ]);
    assert.deepEqual(JSON.parse(span!.attributes["gen_ai.output.messages"] as string), [
      { role: "assistant", parts: [{ type: "text", content: "Hi there, nice to me…[truncated 7 chars]" }], finish_reason: "stop" },
    ]);
  });

  test("a redaction hook that throws drops the text, not the call", async () => {
    tracing.openai.setConfig({
      captureContent: true,
      redactContent: () => {
        throw new Error("boom");
      },
    });
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
    assert.equal(completion.choices[0].message.content, "Hello from the mock provider.");
    const [span] = await tracing.waitForSpans(1);
    assert.deepEqual(JSON.parse(span!.attributes["gen_ai.input.messages"] as string), [
      { role: "system", parts: [] },
      { role: "user", parts: [] },
    ]);
  });
});
