// Maps spans that follow the OTel GenAI semantic conventions, current and deprecated names, and
// holds the gen_ai.*-shaped mapping that OpenLLMetry and OpenLIT specialise. Names checked against
// @opentelemetry/semantic-conventions 1.45.0 (incubating) and open-telemetry/semantic-conventions-genai
// model/gen-ai/registry.yaml at 002c8a6e (2026-11-25); gen_ai.usage.cache_write.input_tokens is the
// unreleased rename of cache_creation, already emitted by @anthropic-ai/sdk 1.13.0's own telemetry.
import { capText } from "@promptmetrics/runs";
import type { AttrValue, Attributes, DecodedSpan } from "../otlp/types.ts";
import { firstNumber, firstString, readNumber, readString } from "./attr-read.ts";
import {
  finishReasonOrError,
  firstFinishReason,
  llmOperation,
  operationFromSpanName,
  readInferenceGeo,
  readServiceTier,
  secondsToMs,
} from "./call-fields.ts";
import { renderContentValue, renderSystemInstructions, withSystemInstructions } from "./content-render.ts";
import { jsonAttribute, paramsFrom, readEvidence, type CallContent } from "./evidence.ts";
import { contentFromSpanEvents, messagesFromSpanEvents } from "./genai-events.ts";
import { readIdentity, type IdentitySources } from "./identity.ts";
import { normalizeProvider } from "./provider-names.ts";
import type { Dialect, LlmCall, SpanMapper } from "./types.ts";
import { normalizeUsage, type RawUsage, type UsageSemantics } from "./usage.ts";

export interface UsageKeys {
  input: readonly string[];
  output: readonly string[];
  total: readonly string[];
  cacheRead: readonly string[];
  cacheWrite: readonly string[];
  reasoning: readonly string[];
  cacheWrite1h?: readonly string[];
  cacheWrite12h?: readonly string[];
}

export const GENAI_USAGE_KEYS: UsageKeys = {
  input: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  output: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  total: ["gen_ai.usage.total_tokens", "llm.usage.total_tokens"],
  cacheRead: ["gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"],
  cacheWrite: [
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_write.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
  ],
  reasoning: ["gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens"],
  // @anthropic-ai/sdk 1.13.0's own telemetry splits cache writes by TTL.
  cacheWrite1h: ["anthropic.usage.cache_creation.ephemeral_1h_input_tokens"],
  // Our instrumentation: the writes of an OpenAI request with 12-hour retention (docs/design/instrumentation.md).
  cacheWrite12h: ["openai.usage.cache_creation.12h_input_tokens"],
};

export function readRawUsage(attrs: Attributes, keys: UsageKeys): RawUsage {
  return {
    input: firstNumber(attrs, keys.input),
    output: firstNumber(attrs, keys.output),
    total: firstNumber(attrs, keys.total),
    cacheRead: firstNumber(attrs, keys.cacheRead),
    cacheWrite: firstNumber(attrs, keys.cacheWrite),
    reasoning: firstNumber(attrs, keys.reasoning),
    cacheWrite1h: keys.cacheWrite1h === undefined ? undefined : firstNumber(attrs, keys.cacheWrite1h),
    cacheWrite12h: keys.cacheWrite12h === undefined ? undefined : firstNumber(attrs, keys.cacheWrite12h),
  };
}

function hasAny(attrs: Attributes, keys: readonly string[]): boolean {
  for (const key of keys) if (attrs[key] !== undefined) return true;
  return false;
}

/**
 * gen_ai.operation.name when set. Spans from before it existed (semconv < 1.27) count as LLM calls
 * when they name a model or report usage: the span name's operation word, else chat.
 */
export function genAiOperation(span: DecodedSpan): string | null {
  const raw = readString(span.attributes, "gen_ai.operation.name");
  if (raw !== undefined) return llmOperation(raw);
  const attrs = span.attributes;
  if (attrs["gen_ai.request.model"] === undefined && !hasAny(attrs, GENAI_USAGE_KEYS.input) && !hasAny(attrs, GENAI_USAGE_KEYS.output)) {
    return null;
  }
  // @anthropic-ai/sdk's own telemetry names a model on non-generating calls too
  // (anthropic.messages.count_tokens, anthropic.sessions.create): not LLM calls.
  if (span.name.startsWith("anthropic.") && span.name !== "anthropic.messages.create") return null;
  return operationFromSpanName(span.name) ?? "chat";
}

export interface Content {
  input: string;
  output: string;
}

/** gen_ai.system_instructions + gen_ai.input.messages / gen_ai.output.messages, else span events. */
export function genAiContent(span: DecodedSpan): Content {
  const attrs = span.attributes;
  let input = withSystemInstructions(
    renderSystemInstructions(attrs["gen_ai.system_instructions"]),
    renderContentValue(attrs["gen_ai.input.messages"] ?? attrs["gen_ai.prompt"]),
  );
  let output = renderContentValue(attrs["gen_ai.output.messages"] ?? attrs["gen_ai.completion"], "assistant");
  if ((input === "" || output === "") && span.events.length > 0) {
    const fromEvents = contentFromSpanEvents(span.events);
    if (input === "") input = fromEvents.input;
    if (output === "") output = fromEvents.output;
  }
  return { input, output };
}

/** The GenAI conventions' request parameters, under the names @promptmetrics/pricing/evidence reads. */
export const GENAI_PARAM_KEYS: Readonly<Record<string, readonly string[]>> = {
  temperature: ["gen_ai.request.temperature"],
  top_p: ["gen_ai.request.top_p"],
  top_k: ["gen_ai.request.top_k"],
  max_tokens: ["gen_ai.request.max_tokens"],
  stop: ["gen_ai.request.stop_sequences"],
  frequency_penalty: ["gen_ai.request.frequency_penalty"],
  presence_penalty: ["gen_ai.request.presence_penalty"],
  seed: ["gen_ai.request.seed"],
  n: ["gen_ai.request.choice.count"],
};

/** A content attribute: JSON (messages, parts) parsed, plain text as it is; undefined when absent or empty. */
export function contentValue(value: AttrValue | undefined): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  return jsonAttribute(value) ?? value;
}

/** Content as a list of messages: a list as it is, one message or text as a list of one. */
export function messageList(value: unknown): unknown[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/**
 * The call's content for its evidence: gen_ai.system_instructions, gen_ai.input.messages (> gen_ai.prompt),
 * gen_ai.tool.definitions and the gen_ai.request.* parameters; gen_ai.output.messages (> gen_ai.completion);
 * else the span's GenAI events. gen_ai.output.type "json" says JSON was asked for.
 */
export function genAiCallContent(span: DecodedSpan): CallContent {
  const attrs = span.attributes;
  const system = contentValue(attrs["gen_ai.system_instructions"]);
  let messages = contentValue(attrs["gen_ai.input.messages"] ?? attrs["gen_ai.prompt"]);
  let answer = messageList(contentValue(attrs["gen_ai.output.messages"] ?? attrs["gen_ai.completion"]));
  if ((messages === undefined || answer === undefined) && span.events.length > 0) {
    const fromEvents = messagesFromSpanEvents(span.events);
    messages ??= fromEvents.input;
    answer ??= fromEvents.output;
  }
  return {
    request:
      system === undefined && messages === undefined
        ? undefined
        : { system, messages, tools: contentValue(attrs["gen_ai.tool.definitions"]), params: paramsFrom(attrs, GENAI_PARAM_KEYS) },
    answer,
    jsonRequested: readString(attrs, "gen_ai.output.type") === "json",
  };
}

export interface GenAiProfile {
  dialect: Dialect;
  operation: (span: DecodedSpan) => string | null;
  providerKeys: readonly string[];
  usageKeys: UsageKeys;
  usageSemantics: (span: DecodedSpan, provider: string, model: string) => UsageSemantics;
  identity: IdentitySources;
  ttftMs: (span: DecodedSpan) => number | null;
  reportedCostUsd: (attrs: Attributes) => number | null;
  /** Content when the gen_ai.* attributes and events carry none. */
  contentFallback?: (span: DecodedSpan) => Content;
  /** The same for the evidence: the request and answer when genAiCallContent finds none. */
  callContentFallback?: (span: DecodedSpan) => CallContent;
  finishReasonKeys: readonly string[];
}

export function mapGenAiLike(span: DecodedSpan, profile: GenAiProfile): LlmCall | null {
  const operation = profile.operation(span);
  if (operation === null) return null;
  const attrs = span.attributes;
  const provider = normalizeProvider(firstString(attrs, profile.providerKeys));
  const requestModel = readString(attrs, "gen_ai.request.model") ?? "";
  const responseModel = readString(attrs, "gen_ai.response.model") ?? "";
  const usage = normalizeUsage(
    readRawUsage(attrs, profile.usageKeys),
    profile.usageSemantics(span, provider, responseModel || requestModel),
  );
  let content = genAiContent(span);
  if ((content.input === "" || content.output === "") && profile.contentFallback !== undefined) {
    const fallback = profile.contentFallback(span);
    content = { input: content.input || fallback.input, output: content.output || fallback.output };
  }
  let reason = "";
  for (const key of profile.finishReasonKeys) {
    reason = firstFinishReason(attrs[key]);
    if (reason !== "") break;
  }
  const identity = readIdentity(attrs, profile.identity);
  const finishReason = finishReasonOrError(span, reason);
  const evidence = readEvidence(span, { operation, finishReason, usage, usageEstimated: identity.usageEstimated }, () => {
    const found = genAiCallContent(span);
    if ((found.request !== undefined && found.answer !== undefined) || profile.callContentFallback === undefined) return found;
    const fallback = profile.callContentFallback(span);
    return {
      request: found.request ?? fallback.request,
      answer: found.answer ?? fallback.answer,
      jsonRequested: found.jsonRequested === true || fallback.jsonRequested === true,
    };
  });
  return {
    dialect: profile.dialect,
    provider,
    operation,
    requestModel,
    responseModel,
    usage,
    usageEstimated: identity.usageEstimated,
    reportedCostUsd: profile.reportedCostUsd(attrs),
    ttftMs: profile.ttftMs(span),
    finishReason,
    serviceTier: readServiceTier(attrs),
    inferenceGeo: readInferenceGeo(attrs),
    userId: identity.userId,
    sessionId: identity.sessionId,
    promptName: identity.promptName,
    promptVersion: identity.promptVersion,
    tags: identity.tags,
    inputText: capText(content.input),
    outputText: capText(content.output),
    ...evidence,
  };
}

const INCLUDES_CACHE: UsageSemantics = { input: "includes-cache" };

export const GENAI_PROFILE: GenAiProfile = {
  dialect: "genai",
  operation: genAiOperation,
  providerKeys: ["gen_ai.provider.name", "gen_ai.system"],
  usageKeys: GENAI_USAGE_KEYS,
  // The spec says input includes cache; normalizeUsage still catches sources whose numbers say not.
  usageSemantics: () => INCLUDES_CACHE,
  identity: {},
  ttftMs: (span) => secondsToMs(readNumber(span.attributes, "gen_ai.response.time_to_first_chunk")),
  reportedCostUsd: () => null,
  finishReasonKeys: ["gen_ai.response.finish_reasons", "anthropic.message.stop_reason"],
};

export const mapGenAiSpan: SpanMapper = (span) => mapGenAiLike(span, GENAI_PROFILE);
