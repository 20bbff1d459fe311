// The public configuration of the instrumentations. Every option can be left out; the defaults
// are safe for production (no message content is recorded unless asked for).
import type { InstrumentationConfig } from "@opentelemetry/instrumentation";

/** Which side of the call a piece of message content comes from. */
export interface ContentInfo {
  direction: "input" | "output" | "system";
  /** The message's role (user, assistant, tool, system, ...). */
  role: string;
}

export interface PromptMetricsInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts and responses as `gen_ai.input.messages`, `gen_ai.output.messages` and
   * `gen_ai.system_instructions`.
   * @default false, or true when `PROMPTMETRICS_CAPTURE_CONTENT=true` or
   *   `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`
   */
  captureContent?: boolean;
  /**
   * The most characters of text one content attribute may hold; longer text is cut and marked
   * `…[truncated N chars]`.
   * @default 32768, or `PROMPTMETRICS_CONTENT_MAX_LENGTH`
   */
  contentMaxLength?: number;
  /**
   * Called with every piece of text before it is recorded; return what to record instead (for
   * example with e-mail addresses masked). A hook that throws drops that piece of text.
   * @default undefined (text recorded as it is)
   */
  redactContent?: (text: string, info: ContentInfo) => string;
  /**
   * Add `promptmetrics.request.input_hash` and `promptmetrics.request.prefix_hash`: one-way hashes of
   * the request (never its text), which show duplicate requests and prompts worth caching without
   * capturing content. A short, guessable prompt can be confirmed by hashing a guess: turn them off
   * where even that is too much. The quality flags and the prefix's cached tokens are recorded either way.
   * @default true, or false when `PROMPTMETRICS_REQUEST_HASHES=false`
   */
  requestHashes?: boolean;
  /**
   * Add `promptmetrics.cost_usd` and its components, priced from the bundled catalogue.
   * @default true
   */
  recordCost?: boolean;
  /**
   * Whether to ask OpenAI for usage on streamed chat completions by adding
   * `stream_options: { include_usage: true }` when the caller did not. The extra final chunk it
   * brings is hidden from the caller, who sees the stream they asked for. `official` asks only
   * api.openai.com; `always` also Azure and OpenAI-compatible servers (some reject the option);
   * `never` never asks. Streams without usage are counted locally with tiktoken and marked
   * `promptmetrics.usage.estimated`.
   * @default "official"
   */
  openaiStreamUsage?: "official" | "always" | "never";
  /**
   * @anthropic-ai/sdk versions that trace their own calls would start a second span for each call
   * we record. `replace` turns the SDK's own spans off for as long as this instrumentation is
   * enabled, so each call is one span; `keep` leaves them on.
   * @default "replace"
   */
  anthropicSdkSpans?: "replace" | "keep";
}

/** What `withContext` attaches to every LLM span started inside it. */
export interface PromptMetricsContext {
  /** Your application's end user (`promptmetrics.user.id`). */
  userId?: string;
  /** A conversation or session (`promptmetrics.session.id`, `gen_ai.conversation.id`). */
  sessionId?: string;
  /** The prompt template's name (`promptmetrics.prompt.name`). */
  promptName?: string;
  /** The prompt template's version (`promptmetrics.prompt.version`). */
  promptVersion?: string;
  /**
   * Where the calls are processed when the call itself does not say: an OpenAI project's data residency
   * region ("eu", "us", ...), which is a project setting. Any geography but "global" prices the model's
   * regional-processing uplift. Anthropic's own report (usage.inference_geo) wins over it
   * (`promptmetrics.inference_geo`).
   */
  inferenceGeo?: string;
  /** Free labels; nested contexts add to the outer tags (`promptmetrics.tags`). */
  tags?: readonly string[];
  /** Free key/values; nested contexts override keys (`promptmetrics.metadata.<key>`). */
  metadata?: Readonly<Record<string, string | number | boolean>>;
}
