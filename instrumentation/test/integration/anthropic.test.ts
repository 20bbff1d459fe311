// @anthropic-ai/sdk (root version, which traces its own calls) against the mock provider, with our
// instrumentation: usage with cache, streams from create and from the messages.stream() helper,
// beta.messages, errors, and one span per call.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { SpanStatusCode } from "@opentelemetry/api";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { get_encoding } from "tiktoken";
import { loadSdk, stableAttributes, startTracing } from "../tracing-harness.ts";

const tracing = startTracing();
const Anthropic = loadSdk("@anthropic-ai/sdk");
let mock: MockProvider;
let client: any;

before(async () => {
  mock = await startMockProvider();
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
});
after(() => mock.close());
afterEach(() => {
  tracing.reset();
  mock.reset();
  tracing.anthropic.setConfig({});
});

const REQUEST = { model: "claude-haiku-4-5", max_tokens: 256, system: "Be brief.", messages: [{ role: "user", content: "Say hello." }] };
// The mock speaks Anthropic's shape: inputTokens is the uncached part of the prompt.
const CACHED_USAGE = { inputTokens: 200, outputTokens: 100, cachedTokens: 1_500, cacheWriteTokens: 300, cacheWrite1hTokens: 100 };

describe("messages.create", () => {
  test("records input including cache reads and writes, the 1h part, and the cost", async () => {
    mock.enqueue({ kind: "reply", usage: CACHED_USAGE });
    const message = await client.messages.create({ ...REQUEST, temperature: 0.5, top_k: 40, stop_sequences: ["END"] });
    assert.equal(message.content[0].text, "Hello from the mock provider.");
    const [span] = await tracing.waitForSpans(1);
    // Input on the span follows the GenAI conventions: 200 uncached + 1,500 read + 300 written.
    // claude-haiku-4-5: $1/M input, $0.10/M cache read, $1.25/M 5m write, $2/M 1h write, $5/M output.
    // 200 × 1e-6 + 1,500 × 0.1e-6 + 200 × 1.25e-6 + 100 × 2e-6 + 100 × 5e-6 = 0.0002 + 0.00015 + 0.00045 + 0.0005
    assert.deepEqual(stableAttributes(span!), {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "promptmetrics.endpoint.kind": "compatible",
      "gen_ai.request.model": "claude-haiku-4-5",
      "server.address": "127.0.0.1",
      "gen_ai.request.max_tokens": 256,
      "gen_ai.request.temperature": 0.5,
      "gen_ai.request.top_k": 40,
      "gen_ai.request.stop_sequences": ["END"],
      "gen_ai.response.id": message.id,
      "gen_ai.response.model": "claude-haiku-4-5-20251001",
      "gen_ai.response.finish_reasons": ["end_turn"],
      "gen_ai.usage.input_tokens": 2_000,
      "gen_ai.usage.output_tokens": 100,
      "gen_ai.usage.cache_read.input_tokens": 1_500,
      "gen_ai.usage.cache_creation.input_tokens": 300,
      "anthropic.usage.cache_creation.ephemeral_1h_input_tokens": 100,
      "promptmetrics.cost_usd": 0.0013,
      "promptmetrics.cost.input_usd": 0.0002,
      "promptmetrics.cost.cache_read_usd": 0.00015,
      "promptmetrics.cost.cache_write_usd": 0.00045,
      "promptmetrics.cost.output_usd": 0.0005,
      // The same system prompt as the OpenAI test's, so the same prefix hash; 1,500 read + 300 written is its size.
      "promptmetrics.request.input_hash": "ec993b62f8390089e8053300d620bbfb",
      "promptmetrics.request.prefix_hash": "dd14b6f0c89d1467247d9775683797e1",
      "promptmetrics.request.prefix_tokens": 1_800,
      "promptmetrics.quality.flags": 0,
    });
  });

  test("the SDK's own call spans are replaced: each call is one span", async () => {
    await client.messages.create(REQUEST);
    await client.messages.stream(REQUEST).finalMessage();
    await tracing.waitForSpans(2);
    const all = tracing.exporter.getFinishedSpans();
    assert.deepEqual(
      all.map((span) => span.instrumentationScope.name),
      ["@promptmetrics/instrumentation/anthropic", "@promptmetrics/instrumentation/anthropic"],
    );
  });

  test("with anthropicSdkSpans: keep, the SDK's own span is there too, as a child of ours", async () => {
    tracing.anthropic.setConfig({ anthropicSdkSpans: "keep" });
    const keeping = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
    await keeping.messages.create(REQUEST);
    await tracing.waitForSpans(1);
    const all = tracing.exporter.getFinishedSpans();
    const ours = all.find((span) => span.instrumentationScope.name.startsWith("@promptmetrics"));
    const theirs = all.find((span) => span.instrumentationScope.name === "com.anthropic.sdk.typescript");
    assert.ok(ours && theirs);
    assert.equal(theirs.parentSpanContext?.spanId, ours.spanContext().spanId);
  });
});

describe("streams", () => {
  test("create({ stream: true }) takes input from message_start and output from message_delta", async () => {
    mock.enqueue({ kind: "reply", usage: CACHED_USAGE });
    const stream = await client.messages.create({ ...REQUEST, stream: true });
    assert.equal(typeof stream.tee, "function");
    assert.equal(typeof stream.toReadableStream, "function");
    let text = "";
    for await (const event of stream) if (event.type === "content_block_delta") text += event.delta.text;
    assert.equal(text, "Hello from the mock provider.");
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 2_000);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 100);
    assert.equal(span!.attributes["gen_ai.usage.cache_read.input_tokens"], 1_500);
    assert.equal(span!.attributes["anthropic.usage.cache_creation.ephemeral_1h_input_tokens"], 100);
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.0013);
    assert.equal(span!.attributes["gen_ai.request.stream"], true);
    assert.equal(typeof span!.attributes["gen_ai.response.time_to_first_chunk"], "number");
  });

  test("output-only message_delta usage still gives the full count", async () => {
    mock.enqueue({ kind: "reply", usage: { inputTokens: 50, outputTokens: 20 }, anthropicDeltaUsage: "output-only" });
    const stream = await client.messages.create({ ...REQUEST, stream: true });
    for await (const _event of stream) {
      // drain
    }
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 50);
    assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 20);
  });

  test("the messages.stream() helper works as without us and is one span", async () => {
    const helper = client.messages.stream(REQUEST);
    const deltas: string[] = [];
    helper.on("text", (delta: string) => deltas.push(delta));
    const final = await helper.finalMessage();
    assert.equal(final.content[0].text, "Hello from the mock provider.");
    assert.equal(deltas.join(""), "Hello from the mock provider.");
    const spans = await tracing.waitForSpans(1);
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.attributes["gen_ai.usage.output_tokens"], 8);
  });

  test("leaving a stream early keeps the exact input from message_start and estimates the output", async () => {
    mock.enqueue({
      kind: "reply",
      chunks: ["one ", "two ", "three ", "four "],
      chunkDelayMs: 30,
      usage: { inputTokens: 70, outputTokens: 30, cachedTokens: 10 },
    });
    const stream = await client.messages.create({ ...REQUEST, stream: true });
    for await (const event of stream) if (event.type === "content_block_delta") break;
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["promptmetrics.stream.cancelled"], true);
    assert.equal(span!.attributes["promptmetrics.usage.estimated"], true);
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 80);
    assert.equal(span!.attributes["gen_ai.usage.cache_read.input_tokens"], 10);
    const encoding = get_encoding("o200k_base");
    assert.equal(
      span!.attributes["gen_ai.usage.output_tokens"],
      encoding.encode_ordinary("one ").length,
      "the text received before the break",
    );
    encoding.free();
  });

  test("an error event mid-stream ends the span as an error", async () => {
    mock.enqueue({ kind: "stream-error", afterEvents: 3, message: "Overloaded" });
    const stream = await client.messages.create({ ...REQUEST, stream: true });
    const error = await (async () => {
      for await (const _event of stream) {
        // read until the error event
      }
    })().catch((caught: unknown) => caught);
    assert.ok(error instanceof Error);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.status.code, SpanStatusCode.ERROR);
    assert.equal(span!.attributes["error.type"], (error as Error).constructor.name);
    assert.equal(tracing.ours().length, 1);
  });
});

describe("beta.messages and errors", () => {
  test("beta.messages.create is recorded the same way", async () => {
    const message = await client.beta.messages.create(REQUEST);
    assert.equal(message.content[0].text, "Hello from the mock provider.");
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.name, "chat claude-haiku-4-5");
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 12);
  });

  test("a 529 overload is an error span and the caller gets the SDK's error", async () => {
    mock.enqueue({ kind: "server-error", status: 529, message: "Overloaded" });
    const error = await client.messages.create(REQUEST).catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.APIError);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.status.code, SpanStatusCode.ERROR);
    assert.equal(span!.attributes["http.response.status_code"], 529);
    assert.equal(span!.attributes["error.type"], (error as Error).constructor.name);
  });

  test("a 429 is a RateLimitError span", async () => {
    mock.enqueue({ kind: "rate-limit" });
    const error = await client.messages.create({ ...REQUEST, stream: true }).catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.RateLimitError);
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["error.type"], "RateLimitError");
  });

  test("captures system instructions and content blocks when asked", async () => {
    tracing.anthropic.setConfig({ captureContent: true });
    await client.messages.create(REQUEST);
    const [span] = await tracing.waitForSpans(1);
    assert.deepEqual(JSON.parse(span!.attributes["gen_ai.system_instructions"] as string), [{ type: "text", content: "Be brief." }]);
    assert.deepEqual(JSON.parse(span!.attributes["gen_ai.input.messages"] as string), [
      { role: "user", parts: [{ type: "text", content: "Say hello." }] },
    ]);
    assert.deepEqual(JSON.parse(span!.attributes["gen_ai.output.messages"] as string), [
      { role: "assistant", parts: [{ type: "text", content: "Hello from the mock provider." }], finish_reason: "end_turn" },
    ]);
  });
});

describe("fast mode and the inference geography", () => {
  // claude-opus-5: $5/M input, $0.50/M cache read, $6.25/M 5m write, $25/M output; fast mode 2× every
  // rate; US-only inference 1.1× every component. The mock echoes speed and inference_geo in usage.
  // 10,000 prompt tokens = 7,000 uncached + 2,000 read + 1,000 written; 500 output.
  const OPUS = { model: "claude-opus-5", max_tokens: 512, messages: [{ role: "user", content: "Plan the migration." }] };
  const USAGE = { inputTokens: 7_000, cachedTokens: 2_000, cacheWriteTokens: 1_000, outputTokens: 500 };

  test("a call served fast is priced at the fast rates and says so", async () => {
    mock.enqueue({ kind: "reply", usage: USAGE });
    await client.messages.create({ ...OPUS, speed: "fast" });
    const [span] = await tracing.waitForSpans(1);
    assert.equal(mock.requests[0]!.body && (mock.requests[0]!.body as Record<string, unknown>)["speed"], "fast");
    // 7,000 × $10/M = $0.07; 2,000 × $1/M = $0.002; 1,000 × $12.50/M = $0.0125; 500 × $50/M = $0.025 → $0.1095
    // (standard would be half: $0.05475)
    assert.equal(span!.attributes["anthropic.usage.speed"], "fast");
    assert.equal(span!.attributes["anthropic.usage.inference_geo"], undefined);
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.1095);
    assert.equal(span!.attributes["promptmetrics.cost.input_usd"], 0.07);
    assert.equal(span!.attributes["promptmetrics.cost.output_usd"], 0.025);
  });

  test("a US-only call gets the regional uplift, and records its geography", async () => {
    mock.enqueue({ kind: "reply", usage: USAGE });
    await client.messages.create({ ...OPUS, inference_geo: "us" });
    const [span] = await tracing.waitForSpans(1);
    // $0.05475 × 1.1: 0.035 → 0.0385; 0.001 → 0.0011; 0.00625 → 0.006875; 0.0125 → 0.01375; total $0.060225
    assert.equal(span!.attributes["anthropic.usage.inference_geo"], "us");
    assert.equal(span!.attributes["anthropic.usage.speed"], undefined);
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.060225);
    assert.equal(span!.attributes["promptmetrics.cost.cache_write_usd"], 0.006875);
  });

  test("a global call pays no uplift", async () => {
    mock.enqueue({ kind: "reply", usage: USAGE });
    await client.messages.create({ ...OPUS, inference_geo: "global" });
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["anthropic.usage.inference_geo"], "global");
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.05475);
  });

  test("a stream reads both from message_start: fast and US-only together", async () => {
    mock.enqueue({ kind: "reply", usage: USAGE });
    const stream = await client.messages.create({ ...OPUS, speed: "fast", inference_geo: "us", stream: true });
    for await (const _event of stream) {
      // drain
    }
    const [span] = await tracing.waitForSpans(1);
    // $0.1095 × 1.1: 0.07 → 0.077; 0.002 → 0.0022; 0.0125 → 0.01375; 0.025 → 0.0275; total $0.12045
    assert.equal(span!.attributes["anthropic.usage.speed"], "fast");
    assert.equal(span!.attributes["anthropic.usage.inference_geo"], "us");
    assert.equal(span!.attributes["gen_ai.usage.input_tokens"], 10_000);
    assert.equal(span!.attributes["promptmetrics.cost_usd"], 0.12045);
  });
});
