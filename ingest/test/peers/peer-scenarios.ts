// The SDK call each peer scenario makes, which instrumentation watches it, and which OTLP encoding and
// span processor ship its spans. The parent test scripts the mock's answer; a scenario only drives the SDK.
import type { PeerLibrary } from "./instrumentations.ts";
import type { PeerReport, PeerScenario } from "./peer-report.ts";

export interface ScenarioSpec {
  library: PeerLibrary;
  /** OTLP/HTTP protobuf (exporter-trace-otlp-proto) or OTLP/HTTP JSON (exporter-trace-otlp-http). */
  encoding: "protobuf" | "json";
  /**
   * "batch": a BatchSpanProcessor flushed once at the end, so the call's spans share one export (the
   * usual production setup). "simple": a SimpleSpanProcessor, one export per ended span.
   */
  processor: "batch" | "simple";
  /** Spans the call ends; the driver waits for them before flushing, since some libraries end spans late. */
  spans: number;
  drive: (mockUrl: string) => Promise<PeerReport["response"]>;
}

const QUESTION = "What is the capital of France?";
const SYSTEM = "You answer in one sentence.";

async function openai(mockUrl: string): Promise<import("openai").OpenAI> {
  const { OpenAI } = await import("openai");
  return new OpenAI({ apiKey: "sk-test", baseURL: `${mockUrl}/v1`, maxRetries: 0 });
}

type AnthropicTracing = import("@anthropic-ai/sdk").ClientOptions["openTelemetry"];

/** `undefined` keeps the SDK's default, which emits its own call spans through the global provider. */
async function anthropic(mockUrl: string, openTelemetry: AnthropicTracing): Promise<import("@anthropic-ai/sdk").Anthropic> {
  const { Anthropic } = await import("@anthropic-ai/sdk");
  return new Anthropic({ apiKey: "sk-ant-test", baseURL: mockUrl, maxRetries: 0, openTelemetry });
}

const anthropicParams = {
  model: "claude-haiku-4-5",
  max_tokens: 1024,
  system: [{ type: "text" as const, text: SYSTEM, cache_control: { type: "ephemeral" as const } }],
  messages: [{ role: "user" as const, content: QUESTION }],
};

export const SCENARIOS: Readonly<Record<PeerScenario, ScenarioSpec>> = {
  "traceloop-openai-chat": {
    library: "traceloop-openai",
    encoding: "protobuf",
    processor: "batch",
    spans: 1,
    drive: async (mockUrl) => {
      const completion = await (
        await openai(mockUrl)
      ).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: QUESTION },
        ],
      });
      return { model: completion.model, usage: completion.usage };
    },
  },
  "openinference-openai-chat": {
    library: "openinference-openai",
    encoding: "json",
    processor: "batch",
    spans: 1,
    drive: async (mockUrl) => {
      const completion = await (
        await openai(mockUrl)
      ).chat.completions.create({
        model: "o4-mini",
        messages: [{ role: "user", content: QUESTION }],
        reasoning_effort: "medium",
      });
      return { model: completion.model, usage: completion.usage };
    },
  },
  "openinference-openai-responses-stream": {
    library: "openinference-openai",
    encoding: "json",
    processor: "batch",
    spans: 1,
    drive: async (mockUrl) => {
      const stream = await (
        await openai(mockUrl)
      ).responses.create({
        model: "o4-mini",
        instructions: SYSTEM,
        input: QUESTION,
        stream: true,
      });
      let response: PeerReport["response"] | undefined;
      for await (const event of stream) {
        if (event.type === "response.completed") response = { model: event.response.model, usage: event.response.usage };
      }
      if (!response) throw new Error("the stream ended without response.completed");
      return response;
    },
  },
  "openinference-openai-embeddings": {
    library: "openinference-openai",
    encoding: "json",
    processor: "batch",
    spans: 1,
    drive: async (mockUrl) => {
      const result = await (
        await openai(mockUrl)
      ).embeddings.create({
        model: "text-embedding-3-small",
        input: ["first text", "second text"],
      });
      return { model: result.model, usage: result.usage };
    },
  },
  "traceloop-anthropic-messages-with-sdk-spans": {
    library: "traceloop-anthropic",
    encoding: "protobuf",
    processor: "batch",
    // Traceloop's span and, as its child, the Anthropic SDK's own span (com.anthropic.sdk.typescript).
    spans: 2,
    drive: async (mockUrl) => {
      const message = await (await anthropic(mockUrl, undefined)).messages.create(anthropicParams);
      return { model: message.model, usage: message.usage };
    },
  },
  "traceloop-anthropic-messages-stream": {
    library: "traceloop-anthropic",
    encoding: "protobuf",
    processor: "batch",
    spans: 1,
    drive: async (mockUrl) => {
      // The SDK's own spans are off: with stream() they land in a trace of their own and the call is
      // counted twice (the todo test in integration/peers.test.ts).
      const message = await (await anthropic(mockUrl, false)).messages.stream(anthropicParams).finalMessage();
      return { model: message.model, usage: message.usage };
    },
  },
  "traceloop-anthropic-messages-stream-with-sdk-spans": {
    library: "traceloop-anthropic",
    encoding: "protobuf",
    processor: "batch",
    spans: 2,
    drive: async (mockUrl) => {
      const message = await (await anthropic(mockUrl, undefined)).messages.stream(anthropicParams).finalMessage();
      return { model: message.model, usage: message.usage };
    },
  },
  "traceloop-anthropic-messages-with-sdk-spans-simple-processor": {
    library: "traceloop-anthropic",
    encoding: "protobuf",
    processor: "simple",
    spans: 2,
    drive: async (mockUrl) => {
      const message = await (await anthropic(mockUrl, undefined)).messages.create(anthropicParams);
      return { model: message.model, usage: message.usage };
    },
  },
};
