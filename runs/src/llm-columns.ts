// The LLM columns of a row from a canonical call (camelCase, OTel GenAI token semantics), whoever
// produced the call: a dialect mapper in the ingest, or a run logged through the API.
import type { SpanRow } from "./span-row.ts";

export interface LlmCallUsage {
  /** ALL input tokens, cache reads and cache writes included. */
  inputTokens: number;
  /** ALL output tokens, reasoning included. */
  outputTokens: number;
  /** Subset of inputTokens. */
  cacheReadTokens: number;
  /** Subset of inputTokens (5-minute and 1-hour writes together). */
  cacheWriteTokens: number;
  /** Subset of cacheWriteTokens written with the 1-hour TTL (Anthropic). */
  cacheWrite1hTokens: number;
  /** Subset of cacheWriteTokens written with the 12-hour retention (OpenAI's extended prompt caching). */
  cacheWrite12hTokens: number;
  /** Subset of outputTokens. */
  reasoningTokens: number;
}

export interface LlmCallFields {
  provider: string;
  operation: string;
  requestModel: string;
  responseModel: string;
  /** '' | standard | batch | flex | priority | fast | ultrafast */
  serviceTier: string;
  /**
   * Where the call was processed, as the provider names it (Anthropic's `inference_geo`: "us",
   * "global", ...; an OpenAI project's region as the caller gives it); '' when not known.
   */
  inferenceGeo: string;
  usage: LlmCallUsage;
  usageEstimated: boolean;
  /** A cost the source reported, in USD; null when none. */
  reportedCostUsd: number | null;
  ttftMs: number | null;
  finishReason: string;
  userId: string;
  sessionId: string;
  promptName: string;
  promptVersion: string;
  tags: string[];
  inputText: string;
  outputText: string;
  /** The request's hash, '' when not known (see @promptmetrics/pricing/evidence). */
  inputHash: string;
  /** The stable prefix's hash, '' when there is none or it is not known. */
  prefixHash: string;
  /** The prefix's tokens: exact when the call read or wrote the cache, else estimated; 0 when not known. */
  prefixTokens: number;
  /** The quality_flags bitmask (QUALITY_FLAGS of @promptmetrics/pricing/evidence). */
  qualityFlags: number;
}

export type LlmColumns = Pick<
  SpanRow,
  | "is_llm"
  | "provider"
  | "operation"
  | "request_model"
  | "response_model"
  | "model"
  | "service_tier"
  | "inference_geo"
  | "input_tokens"
  | "output_tokens"
  | "cache_read_tokens"
  | "cache_write_tokens"
  | "cache_write_1h_tokens"
  | "cache_write_12h_tokens"
  | "reasoning_tokens"
  | "usage_estimated"
  | "reported_cost_usd"
  | "ttft_ms"
  | "finish_reason"
  | "user_id"
  | "session_id"
  | "prompt_name"
  | "prompt_version"
  | "tags"
  | "input_text"
  | "output_text"
  | "input_hash"
  | "prefix_hash"
  | "prefix_tokens"
  | "quality_flags"
>;

/** The call's columns, unpriced (see priceSpanRow). `model` is the response model, else the requested one. */
export function llmColumns(call: LlmCallFields): LlmColumns {
  return {
    is_llm: true,
    provider: call.provider,
    operation: call.operation,
    request_model: call.requestModel,
    response_model: call.responseModel,
    model: call.responseModel || call.requestModel,
    service_tier: call.serviceTier,
    inference_geo: call.inferenceGeo,
    input_tokens: call.usage.inputTokens,
    output_tokens: call.usage.outputTokens,
    cache_read_tokens: call.usage.cacheReadTokens,
    cache_write_tokens: call.usage.cacheWriteTokens,
    cache_write_1h_tokens: call.usage.cacheWrite1hTokens,
    cache_write_12h_tokens: call.usage.cacheWrite12hTokens,
    reasoning_tokens: call.usage.reasoningTokens,
    usage_estimated: call.usageEstimated,
    reported_cost_usd: call.reportedCostUsd === null ? null : call.reportedCostUsd.toFixed(12),
    ttft_ms: call.ttftMs,
    finish_reason: call.finishReason,
    user_id: call.userId,
    session_id: call.sessionId,
    prompt_name: call.promptName,
    prompt_version: call.promptVersion,
    tags: call.tags,
    input_text: call.inputText,
    output_text: call.outputText,
    input_hash: call.inputHash,
    prefix_hash: call.prefixHash,
    prefix_tokens: call.prefixTokens,
    quality_flags: call.qualityFlags,
  };
}
