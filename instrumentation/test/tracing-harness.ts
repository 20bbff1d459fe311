// In-process tracing for the instrumentation tests: an in-memory exporter behind a registered
// NodeTracerProvider, our two instrumentations enabled, and the SDKs loaded after them (so
// require-in-the-middle patches them) from the repo root or from a compat/ pin.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { AnthropicInstrumentation, OpenAIInstrumentation, type PromptMetricsInstrumentationConfig } from "../src/index.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Tracing {
  exporter: InMemorySpanExporter;
  provider: NodeTracerProvider;
  openai: OpenAIInstrumentation;
  anthropic: AnthropicInstrumentation;
  /** Spans our instrumentations finished. */
  ours(): ReadableSpan[];
  /** Waits until `count` of our spans have ended (a stream's span may end after tiktoken loads). */
  waitForSpans(count: number, timeoutMs?: number): Promise<ReadableSpan[]>;
  reset(): void;
}

export function startTracing(config: PromptMetricsInstrumentationConfig = {}): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  const openai = new OpenAIInstrumentation(config);
  openai.setTracerProvider(provider);
  const anthropic = new AnthropicInstrumentation(config);
  anthropic.setTracerProvider(provider);
  const ours = () =>
    exporter.getFinishedSpans().filter((span) => span.instrumentationScope.name.startsWith("@promptmetrics/instrumentation"));
  return {
    exporter,
    provider,
    openai,
    anthropic,
    ours,
    async waitForSpans(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (ours().length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} spans, have ${ours().length}: ${ours()
              .map((s) => s.name)
              .join(", ")}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return ours();
    },
    reset: () => exporter.reset(),
  };
}

/** Loads a package the way an app would (CommonJS), from the repo root or a compat/ folder. */
export function loadSdk<T = any>(name: string, from: string = REPO_ROOT): T {
  return createRequire(path.join(from, "package.json"))(name) as T;
}

/** The attributes of a span without the ones that vary from run to run. */
export function stableAttributes(span: ReadableSpan): Record<string, unknown> {
  const { ["server.port"]: _port, ["gen_ai.response.time_to_first_chunk"]: _ttft, ...rest } = span.attributes;
  return rest;
}
