// Maps OpenLIT spans. Names checked against openlit/openlit sdk/typescript/src/semantic-convention.ts
// (0a9b147), sdk/python/src/openlit/semcov/__init__.py, and both SDKs' anthropic instrumentation
// (2026-11-25). OpenLIT passes Anthropic's own input_tokens (cache excluded) through in JS and Python
// alike, and writes gen_ai.usage.cost from its own price list (0 when the model is not in it).
import type { Attributes, DecodedSpan } from "../otlp/types.ts";
import { firstNumber, readNumber } from "./attr-read.ts";
import { secondsToMs } from "./call-fields.ts";
import { genAiOperation, mapGenAiLike, type GenAiProfile, type UsageKeys } from "./genai.ts";
import { isAnthropicFamily } from "./provider-names.ts";
import type { SpanMapper } from "./types.ts";
import type { UsageSemantics } from "./usage.ts";

const USAGE_KEYS: UsageKeys = {
  input: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  output: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  // Python sets gen_ai.client.token.usage (input + output) as a span attribute too.
  total: ["gen_ai.usage.total_tokens", "gen_ai.client.token.usage"],
  cacheRead: [
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.prompt_tokens_details.cache_read",
    "gen_ai.usage.cache_read_input_tokens",
  ],
  cacheWrite: [
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.prompt_tokens_details.cache_write",
    "gen_ai.usage.cache_creation_input_tokens",
  ],
  reasoning: ["gen_ai.usage.reasoning_tokens", "gen_ai.usage.completion_tokens_details.reasoning", "gen_ai.usage.reasoning.output_tokens"],
};

const EXCLUDES_CACHE: UsageSemantics = { input: "excludes-cache" };
const INCLUDES_CACHE: UsageSemantics = { input: "includes-cache" };

/** OpenLIT reports 0 when its price list lacks the model: only a positive cost is a reported one. */
function reportedCost(attrs: Attributes): number | null {
  const cost = readNumber(attrs, "gen_ai.usage.cost");
  return cost !== undefined && cost > 0 ? cost : null;
}

function ttftMs(span: DecodedSpan): number | null {
  return secondsToMs(firstNumber(span.attributes, ["gen_ai.server.time_to_first_token", "gen_ai.response.time_to_first_chunk"]));
}

const PROFILE: GenAiProfile = {
  dialect: "openlit",
  operation: genAiOperation,
  providerKeys: ["gen_ai.provider.name", "gen_ai.system"],
  usageKeys: USAGE_KEYS,
  usageSemantics: (_span, provider, model) => (isAnthropicFamily(provider, model) ? EXCLUDES_CACHE : INCLUDES_CACHE),
  // gen_ai.request.user is the `user` request parameter OpenLIT records (empty string when unset).
  identity: { user: ["gen_ai.request.user"] },
  ttftMs,
  reportedCostUsd: reportedCost,
  finishReasonKeys: ["gen_ai.response.finish_reasons"],
};

export const mapOpenLitSpan: SpanMapper = (span) => mapGenAiLike(span, PROFILE);
