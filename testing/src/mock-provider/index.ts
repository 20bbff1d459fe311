// Public entry of the mock provider: a local stand-in for the OpenAI and Anthropic HTTP APIs that the real SDKs talk to.

export { startMockProvider } from "./server.ts";
export { ScenarioError, DEFAULT_TEXT, DEFAULT_USAGE } from "./scenario.ts";
export { embeddingVector } from "./openai-embeddings.ts";
export type {
  DisconnectScenario,
  InvalidRequestScenario,
  MockProvider,
  MockProviderOptions,
  Provider,
  RateLimitScenario,
  RecordedRequest,
  ReplyFields,
  ReplyScenario,
  RequestOutcome,
  Scenario,
  ServerErrorScenario,
  StallScenario,
  StreamErrorScenario,
  ToolCallScript,
  Usage,
  UsageScript,
} from "./types.ts";
