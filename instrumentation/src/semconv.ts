// Attribute names our spans carry: the OTel GenAI semantic conventions (checked against
// open-telemetry/semantic-conventions-genai, 2026-11) and the promptmetrics.* names the ingest reads.

export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
export const ATTR_GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
export const ATTR_GEN_AI_CONVERSATION_ID = "gen_ai.conversation.id";

export const ATTR_GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = "gen_ai.request.temperature";
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
export const ATTR_GEN_AI_REQUEST_TOP_P = "gen_ai.request.top_p";
export const ATTR_GEN_AI_REQUEST_TOP_K = "gen_ai.request.top_k";
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences";
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = "gen_ai.request.frequency_penalty";
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = "gen_ai.request.presence_penalty";
export const ATTR_GEN_AI_REQUEST_SEED = "gen_ai.request.seed";
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = "gen_ai.request.choice.count";
export const ATTR_GEN_AI_REQUEST_STREAM = "gen_ai.request.stream";
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = "gen_ai.request.encoding_formats";

export const ATTR_GEN_AI_RESPONSE_ID = "gen_ai.response.id";
export const ATTR_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";

/** Includes cache reads and writes, as the conventions say (Anthropic's own input_tokens does not). */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
/** Includes reasoning tokens. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens";
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
/** The 1-hour part of the cache writes, which costs more than the 5-minute part. */
export const ATTR_ANTHROPIC_CACHE_WRITE_1H_TOKENS = "anthropic.usage.cache_creation.ephemeral_1h_input_tokens";
/**
 * The 12-hour part of OpenAI's cache writes (all of them when the request set prompt_cache_retention
 * "12h" or "24h"), which costs more than the default 30-minute part. Our name: OpenAI reports no split.
 */
export const ATTR_OPENAI_CACHE_WRITE_12H_TOKENS = "openai.usage.cache_creation.12h_input_tokens";
/** Anthropic's usage.speed, written only when "fast" (fast mode, priced at the model's fast rates). */
export const ATTR_ANTHROPIC_USAGE_SPEED = "anthropic.usage.speed";
/** Anthropic's usage.inference_geo ("us", "global", ...): any geography but "global" costs the regional uplift. */
export const ATTR_ANTHROPIC_USAGE_INFERENCE_GEO = "anthropic.usage.inference_geo";

export const ATTR_GEN_AI_INPUT_MESSAGES = "gen_ai.input.messages";
export const ATTR_GEN_AI_OUTPUT_MESSAGES = "gen_ai.output.messages";
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";

export const ATTR_OPENAI_REQUEST_SERVICE_TIER = "openai.request.service_tier";
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = "openai.response.service_tier";
export const ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER = "anthropic.response.service_tier";

export const ATTR_SERVER_ADDRESS = "server.address";
export const ATTR_SERVER_PORT = "server.port";
export const ATTR_ERROR_TYPE = "error.type";
export const ATTR_HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";

export const ATTR_PM_USER_ID = "promptmetrics.user.id";
export const ATTR_PM_SESSION_ID = "promptmetrics.session.id";
export const ATTR_PM_PROMPT_NAME = "promptmetrics.prompt.name";
export const ATTR_PM_PROMPT_VERSION = "promptmetrics.prompt.version";
export const ATTR_PM_TAGS = "promptmetrics.tags";
/** Where the call was processed when the call itself does not say (an OpenAI project's data residency region). */
export const ATTR_PM_INFERENCE_GEO = "promptmetrics.inference_geo";
/** Prefix of the free-form metadata: promptmetrics.metadata.<key>. */
export const ATTR_PM_METADATA_PREFIX = "promptmetrics.metadata.";
export const ATTR_PM_USAGE_ESTIMATED = "promptmetrics.usage.estimated";
/** official | azure | compatible: which kind of endpoint the client's base URL points at. */
export const ATTR_PM_ENDPOINT_KIND = "promptmetrics.endpoint.kind";
/** True when the consumer stopped reading a stream (break, return, abort) before it ended. */
export const ATTR_PM_STREAM_CANCELLED = "promptmetrics.stream.cancelled";

/**
 * Content-free evidence of the request (docs/design/instrumentation.md): the first 32 hex digits of the
 * SHA-256 of its canonical form (messages, system, tools and the parameters that change the answer, never
 * the model), so two calls with the same input_hash asked the same thing; and of its stable prefix (up to
 * the last cache breakpoint, else before the last user turn), with the prefix's size in tokens (exact when
 * the call read or wrote the provider's cache, else UTF-8 bytes / 4).
 */
export const ATTR_PM_REQUEST_INPUT_HASH = "promptmetrics.request.input_hash";
export const ATTR_PM_REQUEST_PREFIX_HASH = "promptmetrics.request.prefix_hash";
export const ATTR_PM_REQUEST_PREFIX_TOKENS = "promptmetrics.request.prefix_tokens";
/**
 * Free quality heuristics as a bitmask, the bits of the runs' quality_flags column: 1 empty_output,
 * 2 refusal, 4 invalid_json, 8 truncated, 16 error; 0 when none applies.
 */
export const ATTR_PM_QUALITY_FLAGS = "promptmetrics.quality.flags";

/** Cost in USD; the components below are present only when non-zero. */
export const ATTR_PM_COST_USD = "promptmetrics.cost_usd";
export const ATTR_PM_COST_INPUT_USD = "promptmetrics.cost.input_usd";
export const ATTR_PM_COST_CACHE_READ_USD = "promptmetrics.cost.cache_read_usd";
export const ATTR_PM_COST_CACHE_WRITE_USD = "promptmetrics.cost.cache_write_usd";
export const ATTR_PM_COST_OUTPUT_USD = "promptmetrics.cost.output_usd";
export const ATTR_PM_COST_REASONING_USD = "promptmetrics.cost.reasoning_usd";
