// The content-free evidence on real SDK calls against the mock provider, with content capture off: the
// request hashes, the stable prefix and its tokens, and the quality flags (empty_output 1, refusal 2,
// invalid_json 4, truncated 8, error 16), for plain calls and streams, while no prompt or answer text
// reaches the span.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { requestEvidence, requestShapeFromBody } from "@promptmetrics/pricing/evidence";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { loadSdk, startTracing } from "../tracing-harness.ts";

const tracing = startTracing();
const OpenAI = loadSdk("openai");
const Anthropic = loadSdk("@anthropic-ai/sdk");
let mock: MockProvider;
let openai: any;
let anthropic: any;

before(async () => {
  mock = await startMockProvider();
  openai = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
});
after(() => mock.close());
afterEach(() => {
  tracing.reset();
  mock.reset();
  tracing.openai.setConfig({});
  tracing.anthropic.setConfig({});
});

const SECRET = "The launch code is 0000.";
const MESSAGES = [
  { role: "system", content: "You extract fields as JSON." },
  { role: "user", content: SECRET },
];
const JSON_FORMAT = { type: "json_object" };

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) {
    // read to the end
  }
}

function flags(span: ReadableSpan): number {
  return span.attributes["promptmetrics.quality.flags"] as number;
}

/** No prompt or answer text anywhere on the span: no content attribute, and no attribute value holding it. */
function assertNoContent(span: ReadableSpan, ...texts: string[]): void {
  for (const key of ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions"]) {
    assert.equal(span.attributes[key], undefined, key);
  }
  const values = JSON.stringify(span.attributes) + JSON.stringify(span.events);
  for (const text of texts) assert.equal(values.includes(text), false, `the span holds ${JSON.stringify(text)}`);
}

describe("request hashes, without content capture", () => {
  test("the same request twice (another model, keys in another order) has one input hash; a parameter change another", async () => {
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, temperature: 0 });
    await openai.chat.completions.create({
      temperature: 0,
      messages: MESSAGES.map(({ role, content }) => ({ content, role })),
      model: "gpt-4.1",
    });
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, temperature: 0.7 });
    const [first, second, third] = await tracing.waitForSpans(3);
    const hash = first!.attributes["promptmetrics.request.input_hash"];
    assert.equal(hash, requestEvidence(requestShapeFromBody({ messages: MESSAGES, temperature: 0 })).inputHash);
    assert.match(String(hash), /^[0-9a-f]{32}$/);
    assert.equal(second!.attributes["promptmetrics.request.input_hash"], hash);
    assert.notEqual(third!.attributes["promptmetrics.request.input_hash"], hash);
    // All three share the system prompt as their prefix: "You extract fields as JSON." is 27 bytes → 7 tokens (estimated).
    assert.equal(third!.attributes["promptmetrics.request.prefix_hash"], first!.attributes["promptmetrics.request.prefix_hash"]);
    assert.equal(first!.attributes["promptmetrics.request.prefix_tokens"], 7);
    for (const span of [first!, second!, third!]) assertNoContent(span, SECRET, "You extract fields");
  });

  test("Anthropic: the prefix ends at the last cache breakpoint, and the cache figures give its exact size", async () => {
    const system = [{ type: "text", text: "You are a support agent for Acme. ".repeat(40), cache_control: { type: "ephemeral" } }];
    mock.enqueue({ kind: "reply", usage: { inputTokens: 20, outputTokens: 5, cacheWriteTokens: 350 } });
    await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, system, messages: [{ role: "user", content: SECRET }] });
    mock.enqueue({ kind: "reply", usage: { inputTokens: 20, outputTokens: 5 } });
    await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, system, messages: [{ role: "user", content: "Hi" }] });
    const [written, uncached] = await tracing.waitForSpans(2);
    const prefix = requestEvidence({ system: system.map((block) => block.text) }).prefixHash;
    assert.equal(written!.attributes["promptmetrics.request.prefix_hash"], prefix);
    assert.equal(uncached!.attributes["promptmetrics.request.prefix_hash"], prefix);
    // 350 tokens written to the cache: the provider's figure. Without cache figures: 1,360 bytes / 4 = 340, an estimate.
    assert.equal(written!.attributes["promptmetrics.request.prefix_tokens"], 350);
    assert.equal(uncached!.attributes["promptmetrics.request.prefix_tokens"], 340);
    assertNoContent(written!, SECRET, "support agent");
  });

  test("requestHashes: false leaves the hashes out and keeps the quality flags", async () => {
    tracing.openai.setConfig({ requestHashes: false });
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span!.attributes["promptmetrics.request.input_hash"], undefined);
    assert.equal(span!.attributes["promptmetrics.request.prefix_hash"], undefined);
    assert.equal(flags(span!), 0);
  });
});

describe("quality flags, without content capture", () => {
  test("JSON asked, broken JSON answered: invalid_json, plain and streamed", async () => {
    const broken = '{"name": "Ada", "age": ';
    mock.enqueue({ kind: "reply", text: broken }, { kind: "reply", text: broken });
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, response_format: JSON_FORMAT });
    await drain(
      await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, response_format: JSON_FORMAT, stream: true }),
    );
    const spans = await tracing.waitForSpans(2);
    assert.deepEqual(spans.map(flags), [4, 4]);
    for (const span of spans) assertNoContent(span, SECRET, broken);
  });

  test("JSON asked and given: no flag", async () => {
    mock.enqueue({ kind: "reply", text: '{"name": "Ada"}' });
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, response_format: JSON_FORMAT });
    const [span] = await tracing.waitForSpans(1);
    assert.equal(flags(span!), 0);
  });

  test("the Responses API's text.format counts as asking for JSON, plain and streamed", async () => {
    const body = { model: "gpt-4o-mini", input: SECRET, text: { format: { type: "json_object" } } };
    mock.enqueue({ kind: "reply", text: "Sure! Here it is: {" }, { kind: "reply", text: "Sure! Here it is: {" });
    await openai.responses.create(body);
    await drain(await openai.responses.create({ ...body, stream: true }));
    const spans = await tracing.waitForSpans(2);
    assert.deepEqual(spans.map(flags), [4, 4]);
  });

  test("OpenAI's refusal field: refusal, plain and streamed, and in the Responses API", async () => {
    const refusal = "I'm sorry, I cannot share that.";
    mock.enqueue({ kind: "reply", refusal }, { kind: "reply", refusal }, { kind: "reply", refusal });
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, response_format: JSON_FORMAT });
    await drain(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true }));
    await openai.responses.create({ model: "gpt-4o-mini", input: SECRET });
    const spans = await tracing.waitForSpans(3);
    // A refusal to a JSON request is a refusal, not also invalid JSON.
    assert.deepEqual(spans.map(flags), [2, 2, 2]);
    for (const span of spans) assertNoContent(span, refusal);
  });

  test("a refusal phrase opening the answer: refusal; a cheerful answer with the same words later: none", async () => {
    mock.enqueue(
      { kind: "reply", text: "I'm sorry, but I can't help with that request." },
      { kind: "reply", chunks: ["I can't wait ", "to help! ", "I can't help with taxes, though."] },
    );
    await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user", content: SECRET }] });
    await drain(
      await anthropic.messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 64,
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      }),
    );
    const spans = await tracing.waitForSpans(2);
    assert.deepEqual(spans.map(flags), [2, 0]);
  });

  test("cut at max_tokens: truncated (OpenAI length, Anthropic max_tokens, plain and streamed)", async () => {
    mock.enqueue(
      { kind: "reply", text: "The first", finishReason: "length" },
      { kind: "reply", text: "The first", finishReason: "max_tokens" },
      { kind: "reply", text: "The first", finishReason: "max_tokens" },
    );
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_tokens: 2 });
    await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 2, messages: [{ role: "user", content: SECRET }] });
    await drain(
      await anthropic.messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 2,
        messages: [{ role: "user", content: SECRET }],
        stream: true,
      }),
    );
    const spans = await tracing.waitForSpans(3);
    assert.deepEqual(spans.map(flags), [8, 8, 8]);
  });

  test("JSON cut at max_tokens: truncated and invalid_json", async () => {
    mock.enqueue({ kind: "reply", text: '{"items": ["a", "b', finishReason: "length" });
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, response_format: JSON_FORMAT, max_tokens: 8 });
    const [span] = await tracing.waitForSpans(1);
    assert.equal(flags(span!), 8 | 4);
  });

  test("no text, no tool call, 0 output tokens: empty_output; Anthropic's refusal stop reason with no text: refusal too", async () => {
    mock.enqueue(
      { kind: "reply", text: "", usage: { outputTokens: 0 } },
      { kind: "reply", text: "", finishReason: "refusal", usage: { outputTokens: 0 } },
    );
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES });
    await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user", content: SECRET }] });
    const spans = await tracing.waitForSpans(2);
    assert.deepEqual(spans.map(flags), [1, 1 | 2]);
  });

  test("a tool call is an answer, and its arguments parse: no flag", async () => {
    mock.enqueue({ kind: "reply", toolCalls: [{ name: "lookup", arguments: { q: "x" } }] });
    await drain(
      await anthropic.messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 64,
        messages: [{ role: "user", content: SECRET }],
        tools: [{ name: "lookup", input_schema: { type: "object" } }],
        stream: true,
      }),
    );
    const [span] = await tracing.waitForSpans(1);
    assert.equal(flags(span!), 0);
  });

  test("a failed call: error, with its hashes still there", async () => {
    mock.enqueue({ kind: "rate-limit" });
    await assert.rejects(openai.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }));
    const [span] = await tracing.waitForSpans(1);
    assert.equal(flags(span!), 16);
    assert.match(String(span!.attributes["promptmetrics.request.input_hash"]), /^[0-9a-f]{32}$/);
  });

  test("a stream failing midway: error", async () => {
    mock.enqueue({ kind: "stream-error", afterEvents: 3 });
    await assert.rejects(
      drain(
        await anthropic.messages.create({
          model: "claude-haiku-4-5",
          max_tokens: 64,
          messages: [{ role: "user", content: "Hi" }],
          stream: true,
        }),
      ),
    );
    const [span] = await tracing.waitForSpans(1);
    assert.equal(flags(span!), 16);
  });

  test("embeddings: an input hash and no flags", async () => {
    await openai.embeddings.create({ model: "text-embedding-3-small", input: SECRET });
    const [span] = await tracing.waitForSpans(1);
    assert.match(String(span!.attributes["promptmetrics.request.input_hash"]), /^[0-9a-f]{32}$/);
    assert.equal(span!.attributes["promptmetrics.request.prefix_hash"], undefined);
    assert.equal(flags(span!), 0);
    assertNoContent(span!, SECRET);
  });
});
