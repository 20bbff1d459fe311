// Both ends of each supported SDK range (src/version.ts): the compat/ workspaces pin the oldest and the
// newest release, the real SDK talks to the mock provider, and every call leaves exactly one span (of
// our scope, and no other) carrying the usage, response model and cost the mock reported. A method or
// helper that a version lacks is listed as a skipped test, so the report says what each pin covers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { findPackageJSON } from "node:module";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { DEFAULT_TEXT, startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { get_encoding } from "tiktoken";
import { SUPPORTED_VERSIONS } from "../../src/index.ts";
import { loadSdk, REPO_ROOT, startTracing } from "../tracing-harness.ts";
import { exclusiveUpperMajor, lowerBound, parseVersion, satisfies } from "../version-range.ts";

type Sdk = keyof typeof SUPPORTED_VERSIONS;

interface Pin {
  sdk: Sdk;
  version: string;
  end: "oldest" | "newest";
  /** Workspace folder whose node_modules resolve the pinned release. */
  folder: string;
}

const PINS: readonly Pin[] = [
  { sdk: "openai", version: "4.0.0", end: "oldest", folder: "compat/openai-oldest" },
  { sdk: "openai", version: "7.57.0", end: "newest", folder: "compat/openai-newest" },
  { sdk: "@anthropic-ai/sdk", version: "0.20.0", end: "oldest", folder: "compat/anthropic-oldest" },
  // npm hoists this pin to the root node_modules: it is also the version the rest of the repo uses.
  { sdk: "@anthropic-ai/sdk", version: "1.13.0", end: "newest", folder: "compat/anthropic-newest" },
];

const OPENAI_SCOPE = "@promptmetrics/instrumentation/openai";
const ANTHROPIC_SCOPE = "@promptmetrics/instrumentation/anthropic";
const MESSAGES = [{ role: "user", content: "Say hello." }];

// The SDKs must load after the instrumentations are enabled, so require-in-the-middle patches them.
const tracing = startTracing();
const sdks = new Map(PINS.map((pin) => [pin, loadSdk(pin.sdk, path.join(REPO_ROOT, pin.folder))]));

let mock: MockProvider;

before(async () => {
  mock = await startMockProvider();
});

after(async () => {
  await mock?.close();
  await tracing.provider.shutdown();
});

function installedVersion(pin: Pin): string {
  const file = findPackageJSON(pin.sdk, pathToFileURL(path.join(REPO_ROOT, pin.folder, "package.json")).href);
  if (file === undefined) throw new Error(`${pin.sdk} does not resolve from ${pin.folder}`);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Runs one SDK call; the call must leave exactly one finished span, and it must be ours. */
async function onlySpan<T>(scope: string, call: () => T): Promise<{ result: Awaited<T>; span: ReadableSpan }> {
  tracing.reset();
  const result = await call();
  const [span] = await tracing.waitForSpans(1);
  assert.deepEqual(
    tracing.exporter.getFinishedSpans().map((finished) => `${finished.instrumentationScope.name}: ${finished.name}`),
    [`${scope}: ${span?.name}`],
  );
  return { result, span: span! };
}

/** What a user reads off an LLM span: the call, its model and its token counts. */
function summary(span: ReadableSpan) {
  const a = span.attributes;
  return {
    name: span.name,
    kind: span.kind,
    provider: a["gen_ai.provider.name"],
    responseModel: a["gen_ai.response.model"],
    stream: a["gen_ai.request.stream"] === true,
    inputTokens: a["gen_ai.usage.input_tokens"],
    outputTokens: a["gen_ai.usage.output_tokens"],
    estimated: a["promptmetrics.usage.estimated"] === true,
  };
}

function costOf(span: ReadableSpan): number {
  const cost = span.attributes["promptmetrics.cost_usd"];
  assert.equal(typeof cost, "number", "the span carries promptmetrics.cost_usd");
  return cost as number;
}

/** What our tiktoken estimate must count for the text the caller read (o200k_base: the gpt-4o family). */
function o200kTokens(text: string): number {
  const encoding = get_encoding("o200k_base");
  try {
    return encoding.encode_ordinary(text).length;
  } finally {
    encoding.free();
  }
}

const GPT_4O_MINI = { name: "chat gpt-4o-mini", kind: SpanKind.CLIENT, provider: "openai", responseModel: "gpt-4o-mini-2024-07-18" };
const HAIKU = { name: "chat claude-haiku-4-5", kind: SpanKind.CLIENT, provider: "anthropic", responseModel: "claude-haiku-4-5-20251001" };

for (const pin of PINS) {
  const range = SUPPORTED_VERSIONS[pin.sdk];
  test(`${pin.sdk} ${pin.version} (${pin.folder}) is the ${pin.end} release of the supported range "${range}"`, () => {
    const declared = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, pin.folder, "package.json"), "utf8")) as { dependencies: Record<string, string> }
    ).dependencies[pin.sdk];
    assert.equal(declared, pin.version, `${pin.folder}/package.json pins the exact version`);
    assert.equal(installedVersion(pin), pin.version, `node_modules of ${pin.folder} holds the pinned version`);
    assert.ok(satisfies(pin.version, range), `${pin.version} satisfies ${range}`);
    if (pin.end === "oldest") assert.equal(pin.version, lowerBound(range));
    else assert.equal(parseVersion(pin.version)[0], exclusiveUpperMajor(range) - 1, "the newest pin is in the last major the range admits");
  });
}

// ---------------------------------------------------------------------------------------------------
// openai

for (const pin of PINS.filter((p) => p.sdk === "openai")) {
  const label = `openai ${pin.version}`;
  const module = sdks.get(pin) as { OpenAI?: any; default?: any };
  const OpenAI = module.OpenAI ?? module.default;
  const client = () => new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
  const probe = new OpenAI({ apiKey: "sk-test", baseURL: "http://127.0.0.1:9/v1" });
  const hasResponses = typeof probe.responses?.create === "function";
  const hasResponsesHelpers = typeof probe.responses?.stream === "function";
  // The chat helpers moved from beta.chat.completions (4.55 … 4.104) to chat.completions in v5.
  const chatHelpersAt =
    typeof probe.chat.completions.stream === "function"
      ? "chat.completions"
      : typeof probe.beta?.chat?.completions?.stream === "function"
        ? "beta.chat.completions"
        : undefined;
  const chatHelpers = (c: any) => (chatHelpersAt === "chat.completions" ? c.chat.completions : c.beta.chat.completions);
  const absent = (what: string) => ({ skip: `${label} has no ${what}` });

  test(`${label}: chat.completions.create, plain: one span with the reported usage (12 in / 8 out), response model and cost`, async () => {
    const { result, span } = await onlySpan(OPENAI_SCOPE, () =>
      client().chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }),
    );
    assert.equal(result.choices[0].message.content, DEFAULT_TEXT);
    assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
    assert.ok(costOf(span) > 0);
  });

  test(`${label}: the span names the server the client talks to`, async () => {
    const { span } = await onlySpan(OPENAI_SCOPE, () => client().chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES }));
    assert.equal(span.attributes["server.address"], "127.0.0.1");
    assert.equal(span.attributes["server.port"], Number(new URL(mock.url).port));
  });

  test(`${label}: chat.completions.create, stream without include_usage: the caller reads the whole text; usage estimated locally`, async () => {
    const { result: text, span } = await onlySpan(OPENAI_SCOPE, async () => {
      const stream = await client().chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      return text;
    });
    assert.equal(text, DEFAULT_TEXT);
    const { inputTokens, ...rest } = summary(span);
    assert.deepEqual(rest, { ...GPT_4O_MINI, stream: true, outputTokens: o200kTokens(DEFAULT_TEXT), estimated: true });
    assert.ok(typeof inputTokens === "number" && inputTokens > 0, `estimated input tokens: ${inputTokens}`);
    assert.ok(costOf(span) > 0);
  });

  test(`${label}: chat.completions.create, stream with include_usage: the caller gets the usage chunk; the span has the reported usage`, async () => {
    const { result: chunks, span } = await onlySpan(OPENAI_SCOPE, async () => {
      const stream = await client().chat.completions.create({
        model: "gpt-4o-mini",
        messages: MESSAGES,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: any[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    });
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join(""), DEFAULT_TEXT);
    const { prompt_tokens, completion_tokens } = chunks.at(-1)?.usage ?? {};
    assert.deepEqual({ prompt_tokens, completion_tokens }, { prompt_tokens: 12, completion_tokens: 8 });
    assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: true, inputTokens: 12, outputTokens: 8, estimated: false });
    assert.ok(costOf(span) > 0);
  });

  test(`${label}: embeddings.create: one embeddings span with the reported input tokens and cost`, async () => {
    const { result, span } = await onlySpan(OPENAI_SCOPE, () =>
      client().embeddings.create({ model: "text-embedding-3-small", input: "Say hello." }),
    );
    assert.equal(result.data.length, 1);
    assert.deepEqual(summary(span), {
      name: "embeddings text-embedding-3-small",
      kind: SpanKind.CLIENT,
      provider: "openai",
      responseModel: "text-embedding-3-small",
      stream: false,
      inputTokens: 12,
      outputTokens: 0,
      estimated: false,
    });
    assert.ok(costOf(span) > 0);
  });

  if (hasResponses) {
    test(`${label}: responses.create, plain: one span with the reported usage and cost`, async () => {
      const { result, span } = await onlySpan(OPENAI_SCOPE, () => client().responses.create({ model: "gpt-4o-mini", input: "Say hello." }));
      assert.equal(result.output_text, DEFAULT_TEXT);
      assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
      assert.ok(costOf(span) > 0);
    });

    test(`${label}: responses.create, streamed: the caller reads every event; usage from response.completed`, async () => {
      const { result: text, span } = await onlySpan(OPENAI_SCOPE, async () => {
        const stream = await client().responses.create({ model: "gpt-4o-mini", input: "Say hello.", stream: true });
        let text = "";
        for await (const event of stream) if (event.type === "response.output_text.delta") text += event.delta;
        return text;
      });
      assert.equal(text, DEFAULT_TEXT);
      assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: true, inputTokens: 12, outputTokens: 8, estimated: false });
      assert.ok(costOf(span) > 0);
    });
  } else {
    test(
      `${label}: responses.create, plain and streamed: not covered, the version has no Responses API`,
      absent("responses resource"),
      () => {},
    );
  }

  if (hasResponsesHelpers) {
    test(`${label}: responses.stream() helper with finalResponse(): one span with the reported usage`, async () => {
      const { result, span } = await onlySpan(OPENAI_SCOPE, () =>
        client().responses.stream({ model: "gpt-4o-mini", input: "Say hello." }).finalResponse(),
      );
      assert.equal(result.output_text, DEFAULT_TEXT);
      assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: true, inputTokens: 12, outputTokens: 8, estimated: false });
    });
  } else {
    test(`${label}: responses.stream() helper: not covered, the version has none`, absent("responses.stream()"), () => {});
  }

  if (chatHelpersAt !== undefined) {
    test(`${label}: ${chatHelpersAt}.stream() helper with finalContent(): one streamed span, usage estimated`, async () => {
      const { result, span } = await onlySpan(OPENAI_SCOPE, () =>
        chatHelpers(client()).stream({ model: "gpt-4o-mini", messages: MESSAGES }).finalContent(),
      );
      assert.equal(result, DEFAULT_TEXT);
      const { inputTokens, ...rest } = summary(span);
      assert.deepEqual(rest, { ...GPT_4O_MINI, stream: true, outputTokens: o200kTokens(DEFAULT_TEXT), estimated: true });
      assert.ok(typeof inputTokens === "number" && inputTokens > 0);
    });

    test(`${label}: ${chatHelpersAt}.parse() helper with a JSON schema: the caller gets the parsed object; one span`, async () => {
      mock.enqueue({ kind: "reply", text: '{"greeting":"Hello"}' });
      const { result, span } = await onlySpan(OPENAI_SCOPE, () =>
        chatHelpers(client()).parse({
          model: "gpt-4o-mini",
          messages: MESSAGES,
          response_format: {
            type: "json_schema",
            json_schema: {
              name: "greeting",
              strict: true,
              schema: { type: "object", properties: { greeting: { type: "string" } }, required: ["greeting"], additionalProperties: false },
            },
          },
        }),
      );
      assert.deepEqual(result.choices[0].message.parsed, { greeting: "Hello" });
      assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
    });

    test(`${label}: ${chatHelpersAt}.runTools() helper: one span per model request (tool call, then answer)`, async () => {
      mock.enqueue({ kind: "reply", toolCalls: [{ name: "get_city", arguments: {} }] }, { kind: "reply", text: "Hello, Paris." });
      tracing.reset();
      const runner = chatHelpers(client()).runTools({
        model: "gpt-4o-mini",
        messages: MESSAGES,
        tools: [
          { type: "function", function: { name: "get_city", parameters: { type: "object", properties: {} }, function: () => "Paris" } },
        ],
      });
      assert.equal(await runner.finalContent(), "Hello, Paris.");
      const spans = await tracing.waitForSpans(2);
      assert.deepEqual(
        tracing.exporter
          .getFinishedSpans()
          .map((span) => [span.instrumentationScope.name, span.attributes["gen_ai.response.finish_reasons"]]),
        [
          [OPENAI_SCOPE, ["tool_calls"]],
          [OPENAI_SCOPE, ["stop"]],
        ],
      );
      for (const span of spans)
        assert.deepEqual(summary(span), { ...GPT_4O_MINI, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
    });
  } else {
    test(
      `${label}: chat.completions .stream(), .parse() and .runTools() helpers: not covered, the version has none`,
      absent("chat completion helpers"),
      () => {},
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// @anthropic-ai/sdk

for (const pin of PINS.filter((p) => p.sdk === "@anthropic-ai/sdk")) {
  const label = `@anthropic-ai/sdk ${pin.version}`;
  const module = sdks.get(pin) as { Anthropic?: any; default?: any };
  const Anthropic = module.Anthropic ?? module.default;
  const client = () => new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
  const probe = new Anthropic({ apiKey: "sk-ant-test", baseURL: "http://127.0.0.1:9" });
  const hasBetaMessages = typeof probe.beta?.messages?.create === "function";
  const request = { model: "claude-haiku-4-5", max_tokens: 256, messages: MESSAGES };

  test(`${label}: messages.create, plain: one span with the reported usage (12 in / 8 out), response model and cost`, async () => {
    const { result, span } = await onlySpan(ANTHROPIC_SCOPE, () => client().messages.create(request));
    assert.equal(result.content[0].text, DEFAULT_TEXT);
    assert.deepEqual(summary(span), { ...HAIKU, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
    assert.equal(span.attributes["server.address"], "127.0.0.1");
    assert.ok(costOf(span) > 0);
  });

  test(`${label}: messages.create, streamed: the caller reads every event; usage from message_start and message_delta`, async () => {
    const { result: text, span } = await onlySpan(ANTHROPIC_SCOPE, async () => {
      const stream = await client().messages.create({ ...request, stream: true });
      let text = "";
      for await (const event of stream)
        if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      return text;
    });
    assert.equal(text, DEFAULT_TEXT);
    assert.deepEqual(summary(span), { ...HAIKU, stream: true, inputTokens: 12, outputTokens: 8, estimated: false });
    assert.ok(costOf(span) > 0);
  });

  test(`${label}: messages.stream() helper with finalMessage(): one streamed span with the reported usage`, async () => {
    const { result, span } = await onlySpan(ANTHROPIC_SCOPE, () => client().messages.stream(request).finalMessage());
    assert.equal(result.content[0].text, DEFAULT_TEXT);
    assert.deepEqual(summary(span), { ...HAIKU, stream: true, inputTokens: 12, outputTokens: 8, estimated: false });
  });

  if (hasBetaMessages) {
    test(`${label}: beta.messages.create, plain and streamed: one span each with the reported usage`, async () => {
      const plain = await onlySpan(ANTHROPIC_SCOPE, () => client().beta.messages.create(request));
      assert.equal(plain.result.content[0].text, DEFAULT_TEXT);
      assert.deepEqual(summary(plain.span), { ...HAIKU, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
      const streamed = await onlySpan(ANTHROPIC_SCOPE, async () => {
        const stream = await client().beta.messages.create({ ...request, stream: true });
        let events = 0;
        for await (const _event of stream) events++;
        return events;
      });
      assert.ok(streamed.result > 0);
      assert.deepEqual(summary(streamed.span), { ...HAIKU, stream: true, inputTokens: 12, outputTokens: 8, estimated: false });
    });
  } else if (typeof probe.beta?.tools?.messages?.create === "function") {
    test(`${label}: beta.tools.messages.create (the tool-use beta before beta.messages): one span with the reported usage`, async () => {
      const { result, span } = await onlySpan(ANTHROPIC_SCOPE, () => client().beta.tools.messages.create(request));
      assert.equal(result.content[0].text, DEFAULT_TEXT);
      assert.deepEqual(summary(span), { ...HAIKU, stream: false, inputTokens: 12, outputTokens: 8, estimated: false });
    });
  } else {
    test(
      `${label}: beta.messages.create: not covered, the version has no beta.messages`,
      { skip: `${label} has no beta.messages` },
      () => {},
    );
  }
}
