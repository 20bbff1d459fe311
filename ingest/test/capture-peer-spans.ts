// Captures the spans that real third-party LLM instrumentations emit against the mock provider, as JSON fixtures
// (ingest/test/fixtures/peers/<library>.<scenario>.json) for the dialect mapper tests.
//
// Run: cd /work/main && npx node ingest/test/capture-peer-spans.ts [library]
// Without an argument it runs every library, each in its own process: the instrumentations patch the SDK classes'
// prototypes and cannot be cleanly undone, so one process per library keeps their patches apart.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { findPackageJSON } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { SpanKind, SpanStatusCode, type AttributeValue, type Attributes } from "@opentelemetry/api";
import { InMemorySpanExporter, NodeTracerProvider, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { DEFAULT_USAGE, type MockProvider, type Scenario, startMockProvider, type UsageScript } from "@promptmetrics/testing/mock-provider";

const SCRIPT = fileURLToPath(import.meta.url);
const OUT_DIR = join(dirname(SCRIPT), "fixtures", "peers");
const REPO_ROOT = join(dirname(SCRIPT), "..", "..");
/** Fixed clock for the mock, so `created` fields (and JSON attributes that embed them) repeat run after run. */
const MOCK_NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);
const SPAN_WAIT_MS = 5000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Capture {
  scenario: string;
  description: string;
  /** What the mock answers with. */
  mock: Scenario;
  /** Drives the SDK; resolves once the application code is done with the response, with what the SDK parsed. */
  drive: () => Promise<Parsed | undefined>;
  /** Spans the library is expected to end for this call (0 when it does not instrument the call). */
  spans: number;
}

/** The response model and usage object as the SDK handed them to the application. */
interface Parsed {
  model: string;
  usage: unknown;
}

interface Library {
  id: string;
  /** npm package that produced the spans. */
  package: string;
  sdk: "openai" | "@anthropic-ai/sdk";
  notes: string[];
  /** Registers the instrumentation and returns the scenarios to run with it. */
  setup: (provider: NodeTracerProvider, mockUrl: () => string) => Promise<Capture[]>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Scenarios. Token counts are distinct per field so a mapper that swaps two of them fails loudly.

const CHAT_USAGE: UsageScript = { inputTokens: 1234, outputTokens: 321, cachedTokens: 1024, reasoningTokens: 64 };
const CHAT_STREAM_USAGE: UsageScript = { inputTokens: 2345, outputTokens: 432, cachedTokens: 2048, reasoningTokens: 96 };
const RESPONSES_USAGE: UsageScript = { inputTokens: 1555, outputTokens: 210, cachedTokens: 1280, reasoningTokens: 128 };
const RESPONSES_STREAM_USAGE: UsageScript = { inputTokens: 1666, outputTokens: 222, cachedTokens: 1536, reasoningTokens: 32 };
const EMBEDDINGS_USAGE: UsageScript = { inputTokens: 14 };
const MESSAGES_USAGE: UsageScript = {
  inputTokens: 35,
  outputTokens: 77,
  cachedTokens: 2048,
  cacheWriteTokens: 512,
  cacheWrite1hTokens: 128,
};
const MESSAGES_STREAM_USAGE: UsageScript = {
  inputTokens: 41,
  outputTokens: 133,
  cachedTokens: 4096,
  cacheWriteTokens: 1024,
  cacheWrite1hTokens: 0,
};

const CHAT_TEXT = "The capital of France is Paris.";
const MESSAGES_TEXT = "Paris is the capital of France.";

type OpenAIClient = import("openai").OpenAI;
type AnthropicClient = import("@anthropic-ai/sdk").Anthropic;

function openaiCaptures(client: () => OpenAIClient): Capture[] {
  const messages = [
    { role: "system" as const, content: "You answer in one sentence." },
    { role: "user" as const, content: "What is the capital of France?" },
  ];
  return [
    {
      scenario: "chat",
      description: "chat.completions.create, not streamed",
      mock: { kind: "reply", text: CHAT_TEXT, usage: CHAT_USAGE },
      spans: 1,
      drive: async () => {
        const completion = await client().chat.completions.create({
          model: "gpt-5-mini",
          messages,
          max_completion_tokens: 512,
          reasoning_effort: "low",
        });
        return { model: completion.model, usage: completion.usage };
      },
    },
    {
      scenario: "chat-stream",
      description: "chat.completions.create with stream: true and stream_options.include_usage: true, iterated to the end",
      mock: { kind: "reply", text: CHAT_TEXT, usage: CHAT_STREAM_USAGE },
      spans: 1,
      drive: async () => {
        const stream = await client().chat.completions.create({
          model: "gpt-5-mini",
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        let parsed: Parsed | undefined;
        for await (const chunk of stream) parsed = { model: chunk.model, usage: chunk.usage ?? parsed?.usage };
        return parsed;
      },
    },
    {
      scenario: "chat-error-429",
      description: "chat.completions.create answered with HTTP 429 (maxRetries: 0)",
      mock: { kind: "rate-limit", retryAfterSeconds: 20 },
      spans: 1,
      drive: async () => {
        return client()
          .chat.completions.create({ model: "gpt-5-mini", messages })
          .then(
            () => Promise.reject(new Error("expected a RateLimitError")),
            () => undefined,
          );
      },
    },
    {
      scenario: "embeddings",
      description: "embeddings.create with two inputs (the SDK asks for base64 and decodes it)",
      mock: { kind: "reply", usage: EMBEDDINGS_USAGE },
      spans: 1,
      drive: async () => {
        const result = await client().embeddings.create({
          model: "text-embedding-3-small",
          input: ["first text", "second text"],
          dimensions: 4,
        });
        return { model: result.model, usage: result.usage };
      },
    },
    {
      scenario: "responses",
      description: "responses.create, not streamed",
      mock: { kind: "reply", text: CHAT_TEXT, usage: RESPONSES_USAGE },
      spans: 1,
      drive: async () => {
        const response = await client().responses.create({
          model: "gpt-5-mini",
          instructions: "You answer in one sentence.",
          input: "What is the capital of France?",
        });
        return { model: response.model, usage: response.usage };
      },
    },
    {
      scenario: "responses-stream",
      description: "responses.create with stream: true, iterated to the end",
      mock: { kind: "reply", text: CHAT_TEXT, usage: RESPONSES_STREAM_USAGE },
      spans: 1,
      drive: async () => {
        const stream = await client().responses.create({
          model: "gpt-5-mini",
          instructions: "You answer in one sentence.",
          input: "What is the capital of France?",
          stream: true,
        });
        let parsed: Parsed | undefined;
        for await (const event of stream) {
          if (event.type === "response.completed") parsed = { model: event.response.model, usage: event.response.usage };
        }
        return parsed;
      },
    },
  ];
}

function anthropicCaptures(client: () => AnthropicClient, spansPerCall: number): Capture[] {
  const params = {
    model: "claude-haiku-4-5",
    max_tokens: 1024,
    temperature: 0.2,
    system: [{ type: "text" as const, text: "You answer in one sentence.", cache_control: { type: "ephemeral" as const } }],
    messages: [{ role: "user" as const, content: "What is the capital of France?" }],
  };
  return [
    {
      scenario: "messages",
      description: "messages.create, not streamed, with cache reads and writes (5m and 1h)",
      mock: { kind: "reply", text: MESSAGES_TEXT, usage: MESSAGES_USAGE },
      spans: spansPerCall,
      drive: async () => {
        const message = await client().messages.create(params);
        return { model: message.model, usage: message.usage };
      },
    },
    {
      scenario: "messages-stream",
      description: "messages.stream(...).finalMessage(), with cache reads and writes; message_delta carries cumulative usage",
      mock: { kind: "reply", text: MESSAGES_TEXT, usage: MESSAGES_STREAM_USAGE },
      spans: spansPerCall,
      drive: async () => {
        const message = await client().messages.stream(params).finalMessage();
        return { model: message.model, usage: message.usage };
      },
    },
    {
      scenario: "messages-error-429",
      description: "messages.create answered with HTTP 429 (maxRetries: 0)",
      mock: { kind: "rate-limit", retryAfterSeconds: 20 },
      spans: spansPerCall,
      drive: async () => {
        return client()
          .messages.create(params)
          .then(
            () => Promise.reject(new Error("expected a RateLimitError")),
            () => undefined,
          );
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------------
// Libraries. Each uses manuallyInstrument(), which patches the already-imported ESM classes without loader hooks.

async function newOpenAI(mockUrl: () => string): Promise<() => OpenAIClient> {
  const { OpenAI } = await import("openai");
  return () => new OpenAI({ apiKey: "sk-test", baseURL: `${mockUrl()}/v1`, maxRetries: 0 });
}

type AnthropicTracing = import("@anthropic-ai/sdk").ClientOptions["openTelemetry"];

async function newAnthropic(mockUrl: () => string, openTelemetry: AnthropicTracing): Promise<() => AnthropicClient> {
  const { Anthropic } = await import("@anthropic-ai/sdk");
  return () => new Anthropic({ apiKey: "sk-ant-test", baseURL: mockUrl(), maxRetries: 0, openTelemetry });
}

function withSpanCounts(captures: Capture[], counts: Record<string, number>): Capture[] {
  return captures.map((capture) => ({ ...capture, spans: counts[capture.scenario] ?? capture.spans }));
}

/**
 * @traceloop/instrumentation-anthropic 0.27.0 wraps Anthropic.Completions.prototype.create before Messages, and the
 * Anthropic SDK 1.x has no Completions class any more: on the real module it throws before patching anything. It is
 * handed a stand-in exposing the real Messages, Beta.Messages and APIPromise plus an empty Completions class.
 */
async function instrumentTraceloopAnthropic(provider: NodeTracerProvider): Promise<void> {
  const { AnthropicInstrumentation } = await import("@traceloop/instrumentation-anthropic");
  const sdk = await import("@anthropic-ai/sdk");
  const instrumentation = new AnthropicInstrumentation({ traceContent: true });
  instrumentation.setTracerProvider(provider);
  const standIn = {
    APIPromise: sdk.APIPromise,
    Anthropic: {
      Completions: class LegacyCompletions {
        create(): void {}
      },
      Messages: sdk.Anthropic.Messages,
      Beta: sdk.Anthropic.Beta,
    },
  };
  instrumentation.manuallyInstrument(standIn as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
}

const LIBRARIES: Library[] = [
  {
    id: "traceloop-openai",
    package: "@traceloop/instrumentation-openai",
    sdk: "openai",
    notes: [
      "Registered with new OpenAIInstrumentation({ traceContent: true }) and manuallyInstrument(OpenAI).",
      "It patches chat.completions, completions, responses and images; embeddings are not instrumented (no span).",
      "A rejected non-streamed call (HTTP 429) never ends its span, so nothing is exported for it.",
    ],
    setup: async (provider, mockUrl) => {
      const { OpenAIInstrumentation } = await import("@traceloop/instrumentation-openai");
      const { OpenAI } = await import("openai");
      const instrumentation = new OpenAIInstrumentation({ traceContent: true });
      instrumentation.setTracerProvider(provider);
      instrumentation.manuallyInstrument(OpenAI);
      return withSpanCounts(openaiCaptures(await newOpenAI(mockUrl)), { embeddings: 0, "chat-error-429": 0 });
    },
  },
  {
    id: "openinference-openai",
    package: "@arizeai/openinference-instrumentation-openai",
    sdk: "openai",
    notes: [
      "Registered with new OpenAIInstrumentation() (content captured by default) and manuallyInstrument(openai module namespace).",
      "A rejected non-streamed call (HTTP 429) never ends its span, so nothing is exported for it.",
    ],
    setup: async (provider, mockUrl) => {
      const { OpenAIInstrumentation } = await import("@arizeai/openinference-instrumentation-openai");
      const openaiModule = await import("openai");
      const instrumentation = new OpenAIInstrumentation();
      instrumentation.setTracerProvider(provider);
      // The ESM namespace is sealed: the library's "already patched" flag on it fails quietly, the patch itself works.
      instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
      return withSpanCounts(openaiCaptures(await newOpenAI(mockUrl)), { "chat-error-429": 0 });
    },
  },
  {
    id: "traceloop-anthropic",
    package: "@traceloop/instrumentation-anthropic",
    sdk: "@anthropic-ai/sdk",
    notes: [
      "Registered with new AnthropicInstrumentation({ traceContent: true }) and manuallyInstrument() of a stand-in module (see instrumentTraceloopAnthropic):",
      "SDK 1.x dropped the legacy Anthropic.Completions class, which both manuallyInstrument() and the require-hook patch() wrap first, so both throw on the real module.",
      "The client is built with openTelemetry: false so the SDK's own spans stay out; see traceloop-anthropic-with-sdk-spans for both together.",
    ],
    setup: async (provider, mockUrl) => {
      await instrumentTraceloopAnthropic(provider);
      return anthropicCaptures(await newAnthropic(mockUrl, false), 1);
    },
  },
  {
    id: "anthropic-sdk",
    package: "@anthropic-ai/sdk",
    sdk: "@anthropic-ai/sdk",
    notes: [
      "The Anthropic SDK (1.x) emits its own call spans through the global tracer provider, on by default (ANTHROPIC_OPEN_TELEMETRY=false turns them off).",
      "Captured with openTelemetry: { traces: { contentMode: 'content' } }; the default mode is metadata_only.",
    ],
    setup: async (_provider, mockUrl) =>
      anthropicCaptures(await newAnthropic(mockUrl, { traces: { enabled: true, contentMode: "content" } }), 1),
  },
  {
    id: "traceloop-anthropic-with-sdk-spans",
    package: "@traceloop/instrumentation-anthropic",
    sdk: "@anthropic-ai/sdk",
    notes: [
      "What a user of @traceloop/instrumentation-anthropic gets with the Anthropic SDK's default settings: two spans per call, both carrying token usage.",
      "messages.create: the SDK's call span (scope com.anthropic.sdk.typescript, metadata_only) is a child of Traceloop's span.",
      "messages.stream(): the SDK helper starts its span before calling create() without making it active, so the two spans are roots of two different traces.",
    ],
    setup: async (provider, mockUrl) => {
      await instrumentTraceloopAnthropic(provider);
      return anthropicCaptures(await newAnthropic(mockUrl, undefined), 2);
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------------
// Turning spans into stable JSON.

const KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: "INTERNAL",
  [SpanKind.SERVER]: "SERVER",
  [SpanKind.CLIENT]: "CLIENT",
  [SpanKind.PRODUCER]: "PRODUCER",
  [SpanKind.CONSUMER]: "CONSUMER",
};
const STATUS_NAMES: Record<SpanStatusCode, string> = {
  [SpanStatusCode.UNSET]: "UNSET",
  [SpanStatusCode.OK]: "OK",
  [SpanStatusCode.ERROR]: "ERROR",
};

/** Values that change run to run, replaced so the fixtures diff cleanly. */
const PLACEHOLDERS = {
  port: "<port>",
  stacktrace: "<stacktrace>",
  duration: 0,
};

function stableValue(key: string, value: AttributeValue | undefined, mockOrigin: string): Json {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => stableValue(key, item ?? undefined, mockOrigin));
  if (typeof value === "string") {
    if (key === "exception.stacktrace") return PLACEHOLDERS.stacktrace;
    return value.split(mockOrigin).join(`http://127.0.0.1:${PLACEHOLDERS.port}`);
  }
  if (typeof value === "number") {
    if (key === "server.port") return 0;
    if (/time_to_first|duration|latency/.test(key)) return PLACEHOLDERS.duration;
  }
  return value as Json;
}

function stableAttributes(attributes: Attributes, mockOrigin: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(attributes).sort()) out[key] = stableValue(key, attributes[key], mockOrigin);
  return out;
}

function serializeSpans(spans: readonly ReadableSpan[], mockOrigin: string): Json[] {
  // Start times of nested spans can tie at the clock's resolution, so order by depth and names, not time.
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const depth = (span: ReadableSpan): number => {
    const parent = span.parentSpanContext && byId.get(span.parentSpanContext.spanId);
    return parent ? depth(parent) + 1 : 0;
  };
  const ordered = [...spans].sort(
    (a, b) => depth(a) - depth(b) || a.instrumentationScope.name.localeCompare(b.instrumentationScope.name) || a.name.localeCompare(b.name),
  );
  const placeholderOf = new Map(ordered.map((span, index) => [span.spanContext().spanId, `span-${index + 1}`]));
  const traceIds = [...new Set(ordered.map((span) => span.spanContext().traceId))];
  return ordered.map((span) => {
    const parentId = span.parentSpanContext?.spanId;
    const status: Record<string, Json> = { code: STATUS_NAMES[span.status.code] };
    if (span.status.message !== undefined) status["message"] = span.status.message;
    return {
      traceId: `trace-${traceIds.indexOf(span.spanContext().traceId) + 1}`,
      spanId: placeholderOf.get(span.spanContext().spanId) ?? null,
      parentSpanId: parentId === undefined ? null : (placeholderOf.get(parentId) ?? "<outside-capture>"),
      name: span.name,
      kind: KIND_NAMES[span.kind],
      scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version ?? null },
      status,
      attributes: stableAttributes(span.attributes, mockOrigin),
      events: span.events.map((event) => ({ name: event.name, attributes: stableAttributes(event.attributes ?? {}, mockOrigin) })),
    };
  });
}

/**
 * What the mock was scripted to answer: the scripted counts, the usage object the SDK parsed, and the canonical
 * numbers a mapper should arrive at (input including cache reads and writes, as the OTel GenAI spec counts it).
 */
function expectedFor(capture: Capture, sdk: Library["sdk"], requestModel: string | null, parsed: Parsed | undefined): Json {
  if (capture.mock.kind !== "reply") {
    return { failure: capture.mock.kind, httpStatus: capture.mock.kind === "rate-limit" ? 429 : null, requestModel };
  }
  const scripted = { ...DEFAULT_USAGE, ...capture.mock.usage };
  const anthropic = sdk === "@anthropic-ai/sdk";
  return {
    requestModel,
    responseModel: parsed?.model ?? null,
    outputText: capture.mock.text ?? null,
    scriptedUsage: { ...scripted },
    sdkUsage: (parsed?.usage ?? null) as Json,
    canonical: {
      inputTokens: anthropic ? scripted.inputTokens + scripted.cachedTokens + scripted.cacheWriteTokens : scripted.inputTokens,
      outputTokens: scripted.outputTokens,
      cacheReadTokens: scripted.cachedTokens,
      cacheWriteTokens: scripted.cacheWriteTokens,
      reasoningTokens: scripted.reasoningTokens,
    },
  };
}

function packageVersion(name: string): string {
  const path = findPackageJSON(name, import.meta.url);
  if (path === undefined) throw new Error(`cannot find package.json of ${name}`);
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

async function waitForSpans(exporter: InMemorySpanExporter, count: number): Promise<void> {
  const deadline = Date.now() + SPAN_WAIT_MS;
  while (exporter.getFinishedSpans().length < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} ended spans within ${SPAN_WAIT_MS} ms, got ${exporter.getFinishedSpans().length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets a library that ends spans late (after the application finished reading) do so before the snapshot. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------------------------------

async function captureLibrary(library: Library): Promise<string[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  let mock: MockProvider | undefined;
  const captures = await library.setup(provider, () => {
    if (!mock) throw new Error("mock provider not started");
    return mock.url;
  });
  const versions = {
    library: packageVersion(library.package),
    sdk: packageVersion(library.sdk),
    otelSdkTraceNode: packageVersion("@opentelemetry/sdk-trace-node"),
  };
  const written: string[] = [];
  mkdirSync(OUT_DIR, { recursive: true });

  for (const capture of captures) {
    // A fresh mock per scenario restarts its id counters, so ids in the fixtures do not depend on scenario order.
    mock = await startMockProvider({ now: () => MOCK_NOW_MS, defaultScenario: capture.mock });
    exporter.reset();
    try {
      const parsed = await capture.drive();
      await waitForSpans(exporter, capture.spans);
      await settle();
      await provider.forceFlush();
      const spans = exporter.getFinishedSpans();
      if (spans.length !== capture.spans) {
        throw new Error(`${library.id}/${capture.scenario}: expected ${capture.spans} spans, got ${spans.length}`);
      }
      const request = mock.requests[0];
      const fixture = {
        header: {
          library: library.package,
          libraryVersion: versions.library,
          sdk: library.sdk,
          sdkVersion: versions.sdk,
          otelSdkTraceNode: versions.otelSdkTraceNode,
          scenario: capture.scenario,
          description: capture.description,
          generatedBy: "ingest/test/capture-peer-spans.ts",
          notes: library.notes,
          placeholders:
            "span ids are span-N, parents before children, then by scope name; parentSpanId points at them; trace ids are trace-N in order of first use; timestamps are left out; the mock's port is <port> in strings and 0 in server.port; exception stack traces are <stacktrace>; timing attributes are 0.",
        },
        expected: expectedFor(capture, library.sdk, (request?.body as { model?: string } | undefined)?.model ?? null, parsed),
        request: request ? { method: request.method, path: request.path, body: request.body as Json } : null,
        spans: serializeSpans(spans, mock.url),
      };
      const file = join(OUT_DIR, `${library.id}.${capture.scenario}.json`);
      writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
      written.push(relative(REPO_ROOT, file));
    } finally {
      await mock.close();
      mock = undefined;
    }
  }
  await provider.shutdown();
  return written;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== undefined) {
    const library = LIBRARIES.find((candidate) => candidate.id === only);
    if (!library) throw new Error(`unknown library ${only}; known: ${LIBRARIES.map((l) => l.id).join(", ")}`);
    for (const file of await captureLibrary(library)) console.log(`wrote ${file}`);
    return;
  }
  let failed = false;
  for (const library of LIBRARIES) {
    const child = spawnSync(process.execPath, [SCRIPT, library.id], { stdio: "inherit", cwd: REPO_ROOT });
    if (child.status !== 0) {
      console.error(`capture for ${library.id} failed (exit ${child.status ?? child.signal})`);
      failed = true;
    }
  }
  if (failed) process.exitCode = 1;
}

await main();
