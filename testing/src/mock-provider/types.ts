// Public types of the mock provider: what a test scripts (scenarios, token usage) and what it reads back (recorded requests).

/**
 * Token counts one response reports. Each number is written verbatim into the provider's own usage field,
 * with no arithmetic, so a test can assert exactly what it scripted:
 *
 * | field | OpenAI chat / embeddings | OpenAI responses | Anthropic messages |
 * |---|---|---|---|
 * | inputTokens | prompt_tokens (includes cached) | input_tokens (includes cached) | input_tokens (EXCLUDES cache reads and writes) |
 * | outputTokens | completion_tokens (includes reasoning) | output_tokens | output_tokens |
 * | cachedTokens | prompt_tokens_details.cached_tokens | input_tokens_details.cached_tokens | cache_read_input_tokens |
 * | reasoningTokens | completion_tokens_details.reasoning_tokens | output_tokens_details.reasoning_tokens | output_tokens_details.thinking_tokens (sent only when > 0) |
 * | cacheWriteTokens | prompt_tokens_details.cache_write_tokens (sent only when > 0; part of prompt_tokens) | input_tokens_details.cache_write_tokens (likewise) | cache_creation_input_tokens |
 * | cacheWrite1hTokens | — | — | cache_creation.ephemeral_1h_input_tokens (the rest of cacheWriteTokens is ephemeral_5m) |
 *
 * Totals (`total_tokens`) are input + output, as the OpenAI API computes them. An Anthropic request's `speed`
 * and `inference_geo` come back in its usage (`usage.speed`, `usage.inference_geo`) when the request sets them.
 */
export interface UsageScript {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  cacheWriteTokens?: number;
  cacheWrite1hTokens?: number;
}

/** A usage script with every field settled. */
export type Usage = Required<UsageScript>;

/** A function call the model asks for. `arguments` is sent as the JSON string the APIs use. */
export interface ToolCallScript {
  name: string;
  arguments: Record<string, unknown>;
  /** Defaults to a generated `call_…` (OpenAI) or `toolu_…` (Anthropic) id. */
  id?: string;
}

/** What a successful answer says. Every field has a deterministic default. */
export interface ReplyFields {
  /** The assistant's text. Default "Hello from the mock provider." (or none when `toolCalls` is set). */
  text?: string;
  /** How a streamed answer splits the text into deltas; their concatenation is the text. Default: one delta per word. */
  chunks?: string[];
  toolCalls?: ToolCallScript[];
  /**
   * OpenAI's refusal: chat sends it as `message.refusal` (streamed as `delta.refusal`, one delta per word)
   * with no content, the Responses API as a `refusal` content part. Anthropic has no such field (script
   * `finishReason: "refusal"` instead). Setting it leaves the default text out.
   */
  refusal?: string;
  usage?: UsageScript;
  /** The model the response reports. Default: the dated snapshot of the requested model, else the requested name. */
  model?: string;
  /** Provider-native finish reason. Default: stop / end_turn, or tool_calls / tool_use when `toolCalls` is set. */
  finishReason?: string;
  /** Pause before each streamed event after the first, so a test can abort mid-stream. */
  chunkDelayMs?: number;
  /**
   * Anthropic `message_delta.usage`: "cumulative" (the current API: input, cache and output totals) or
   * "output-only" (`{ output_tokens }` alone, as older API versions sent it). Default "cumulative".
   */
  anthropicDeltaUsage?: "cumulative" | "output-only";
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface ReplyScenario extends ReplyFields {
  kind: "reply";
}

/** HTTP 429 with `retry-after` and the provider's rate-limit error body. */
export interface RateLimitScenario {
  kind: "rate-limit";
  /** Value of the `retry-after` header. Default 1. */
  retryAfterSeconds?: number;
  message?: string;
}

/** A 5xx with the provider's error body (529 is Anthropic's "overloaded"). */
export interface ServerErrorScenario {
  kind: "server-error";
  status?: 500 | 502 | 503 | 529;
  message?: string;
}

/** HTTP 400 with the provider's invalid-request error body. */
export interface InvalidRequestScenario {
  kind: "invalid-request";
  message?: string;
  param?: string;
}

/**
 * The connection is destroyed without a proper end: for a streamed request after `afterEvents` SSE
 * events (pings and `[DONE]` count), for a non-streamed one (or `afterEvents: 0`) before any response.
 */
export interface DisconnectScenario extends ReplyFields {
  kind: "disconnect";
  afterEvents?: number;
}

/**
 * The response stops after `afterEvents` SSE events (or, non-streamed, before any response) and the
 * connection stays open until the client gives up or the mock closes: a deterministic "slow" peer for abort tests.
 */
export interface StallScenario extends ReplyFields {
  kind: "stall";
  afterEvents?: number;
}

/**
 * A stream that reports an error in-band after `afterEvents` events: OpenAI sends `data: {"error": …}`,
 * Anthropic an `event: error` (overloaded_error by default), as both APIs do when a stream fails after its headers.
 */
export interface StreamErrorScenario extends ReplyFields {
  kind: "stream-error";
  afterEvents: number;
  message?: string;
}

export type Scenario =
  | ReplyScenario
  | RateLimitScenario
  | ServerErrorScenario
  | InvalidRequestScenario
  | DisconnectScenario
  | StallScenario
  | StreamErrorScenario;

export type Provider = "openai" | "anthropic";

/** What happened to a recorded request's response. */
export type RequestOutcome = "pending" | "completed" | "client-closed" | "dropped";

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or `undefined` when there was none or it was not JSON. */
  body: unknown;
  provider: Provider;
  /** The scenario that answered, or undefined when the request was refused before one was taken (404, bad JSON). */
  scenario: Scenario["kind"] | undefined;
  outcome: RequestOutcome;
}

export interface MockProviderOptions {
  /** Answers every request when the queue is empty. Default `{ kind: "reply" }`. */
  defaultScenario?: Scenario;
  /** Requested model → the dated snapshot the response reports; merged over the built-in table. */
  modelSnapshots?: Record<string, string>;
  /** Length of embedding vectors when the request sets no `dimensions`. Default 8. */
  embeddingDimensions?: number;
  /** Clock for `created` fields, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export interface MockProvider {
  /** `http://127.0.0.1:<port>`: the OpenAI client takes `${url}/v1`, the Anthropic client `${url}`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Scenarios still queued. */
  readonly pending: number;
  /** Queues scenarios; each request takes the oldest one, whatever its endpoint. */
  enqueue(...scenarios: Scenario[]): void;
  /** Replaces the scenario used when the queue is empty. */
  setDefault(scenario: Scenario): void;
  /** Clears the queue and the recorded requests, and restores the default scenario given at start. */
  reset(): void;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs` (default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly RecordedRequest[]>;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}
