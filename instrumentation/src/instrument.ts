// instrument(): for apps where auto-patching cannot reach the SDK (bundled code, a client built
// before the instrumentation loaded). Give it a client instance or the SDK module itself.
import { diag } from "@opentelemetry/api";
import { AnthropicInstrumentation } from "./anthropic/instrumentation.ts";
import { OpenAIInstrumentation } from "./openai/instrumentation.ts";
import type { PromptMetricsInstrumentationConfig } from "./types.ts";

let openai: OpenAIInstrumentation | undefined;
let anthropic: AnthropicInstrumentation | undefined;

// Not enabled: these instances never hook require/import; they only wrap what instrument() is given.
function openaiInstrumentation(config: PromptMetricsInstrumentationConfig): OpenAIInstrumentation {
  openai ??= new OpenAIInstrumentation({ ...config, enabled: false });
  return openai;
}

function anthropicInstrumentation(config: PromptMetricsInstrumentationConfig): AnthropicInstrumentation {
  anthropic ??= new AnthropicInstrumentation({ ...config, enabled: false });
  return anthropic;
}

function has(value: unknown, key: string): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && key in value;
}

/**
 * Instruments an OpenAI or Anthropic client instance (only that client) or an `openai` /
 * `@anthropic-ai/sdk` module object (every client it creates), and returns it. The first call's
 * config applies to every later call. Calls are recorded once even when the client is also
 * auto-instrumented. Throws a TypeError for anything else, so a wrong argument is noticed at once.
 */
export function instrument<T>(target: T, config: PromptMetricsInstrumentationConfig = {}): T {
  let wrapped: number;
  if (has(target, "chat") || has(target, "embeddings") || has(target, "responses")) {
    wrapped = openaiInstrumentation(config).instrumentClient(target);
  } else if (has(target, "messages")) {
    wrapped = anthropicInstrumentation(config).instrumentClient(target);
  } else if (has(target, "OpenAI") || has(has(target, "default") ? (target as { default: unknown }).default : undefined, "Chat")) {
    wrapped = openaiInstrumentation(config).patchModule(target);
  } else if (has(target, "Anthropic") || has(has(target, "default") ? (target as { default: unknown }).default : undefined, "Messages")) {
    wrapped = anthropicInstrumentation(config).patchModule(target);
  } else {
    throw new TypeError("instrument() takes an OpenAI or Anthropic client, or the openai / @anthropic-ai/sdk module");
  }
  if (wrapped === 0) diag.debug("promptmetrics: instrument() found nothing new to wrap (already instrumented?)");
  return target;
}
