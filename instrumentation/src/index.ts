// Public surface of @promptmetrics/instrumentation: the two instrumentation classes, the context
// API, manual instrumentation, and the config types.
export { OpenAIInstrumentation } from "./openai/instrumentation.ts";
export { AnthropicInstrumentation } from "./anthropic/instrumentation.ts";
export { withContext, getContext } from "./context.ts";
export { instrument } from "./instrument.ts";
export { SUPPORTED_VERSIONS, VERSION } from "./version.ts";
export type { ContentInfo, PromptMetricsContext, PromptMetricsInstrumentationConfig } from "./types.ts";
