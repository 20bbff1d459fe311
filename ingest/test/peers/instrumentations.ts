// Registers each real third-party instrumentation on a tracer provider with manuallyInstrument(), which
// patches the already-imported ESM SDK classes without loader hooks. The patches cannot be undone, so
// a process registers at most one library (see peer-driver.ts).
import type { TracerProvider } from "@opentelemetry/api";

export type PeerLibrary = "traceloop-openai" | "openinference-openai" | "traceloop-anthropic";

async function traceloopOpenAI(provider: TracerProvider): Promise<void> {
  const { OpenAIInstrumentation } = await import("@traceloop/instrumentation-openai");
  const { OpenAI } = await import("openai");
  const instrumentation = new OpenAIInstrumentation({ traceContent: true });
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(OpenAI);
}

async function openInferenceOpenAI(provider: TracerProvider): Promise<void> {
  const { OpenAIInstrumentation } = await import("@arizeai/openinference-instrumentation-openai");
  const openaiModule = await import("openai");
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  // It expects the CommonJS module object; the sealed ESM namespace only defeats its "already patched"
  // marker, the class patches themselves take.
  instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
}

/**
 * @traceloop/instrumentation-anthropic 0.27.0 wraps Anthropic.Completions.prototype.create first, a class
 * @anthropic-ai/sdk 1.x no longer has, and throws before patching Messages. It gets a stand-in module
 * with the real Messages, Beta and APIPromise and an empty legacy Completions class.
 */
async function traceloopAnthropic(provider: TracerProvider): Promise<void> {
  const { AnthropicInstrumentation } = await import("@traceloop/instrumentation-anthropic");
  const sdk = await import("@anthropic-ai/sdk");
  const instrumentation = new AnthropicInstrumentation({ traceContent: true });
  instrumentation.setTracerProvider(provider);
  class LegacyCompletions {
    create(): void {}
  }
  const standIn = {
    APIPromise: sdk.APIPromise,
    Anthropic: { Completions: LegacyCompletions, Messages: sdk.Anthropic.Messages, Beta: sdk.Anthropic.Beta },
  };
  instrumentation.manuallyInstrument(standIn as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
}

export const INSTRUMENT: Readonly<Record<PeerLibrary, (provider: TracerProvider) => Promise<void>>> = {
  "traceloop-openai": traceloopOpenAI,
  "openinference-openai": openInferenceOpenAI,
  "traceloop-anthropic": traceloopAnthropic,
};
