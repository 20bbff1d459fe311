// Maps spans from the Langfuse SDKs (scope "langfuse-sdk", langfuse.observation.* attributes). Names
// checked against langfuse/langfuse packages/shared/src/server/otel/attributes.ts (02d1011) and its
// OtelIngestionProcessor usage tests (2026-11-25): usage_details keys are Langfuse's additive buckets
// (input excludes cached tokens, output excludes reasoning) unless the SDK passed a provider's own
// usage object through (the Python OpenAI integration does).
import { capText } from "@promptmetrics/runs";
import type { Attributes, DecodedSpan } from "../otlp/types.ts";
import { firstString, isRecord, parseJson, readString, toNumber } from "./attr-read.ts";
import {
  finishReasonOrError,
  firstFinishReason,
  isFastSpeed,
  llmOperation,
  normalizeInferenceGeo,
  readInferenceGeo,
  readServiceTier,
} from "./call-fields.ts";
import { renderContentValue } from "./content-render.ts";
import { jsonAttribute, readEvidence, responseMessages, type CallContent } from "./evidence.ts";
import { contentValue, GENAI_USAGE_KEYS, genAiCallContent, genAiContent, readRawUsage } from "./genai.ts";
import { readIdentity } from "./identity.ts";
import { normalizeProvider } from "./provider-names.ts";
import type { CanonicalUsage, SpanMapper } from "./types.ts";
import { isTwelveHourRetention, normalizeUsage } from "./usage.ts";

const OBS = "langfuse.observation.";
const IDENTITY = {
  user: ["langfuse.user.id"],
  session: ["langfuse.session.id"],
  promptName: [`${OBS}prompt.name`],
  promptVersion: [`${OBS}prompt.version`],
  tags: ["langfuse.trace.tags"],
} as const;

function operation(attrs: Attributes): string | null {
  const type = readString(attrs, `${OBS}type`);
  if (type === "generation") return llmOperation(readString(attrs, "gen_ai.operation.name")) ?? "chat";
  if (type === "embedding") return "embeddings";
  return null;
}

function num(object: Record<string, unknown>, key: string): number | undefined {
  const value = object[key];
  return typeof value === "number" || typeof value === "string" ? toNumber(value) : undefined;
}

function sub(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = object[key];
  return isRecord(value) ? value : {};
}

/**
 * Reads langfuse.observation.usage_details in whichever of its three shapes it arrives. `retained12h`:
 * the request asked OpenAI for 12-hour cache retention (its model parameters), so its writes are 12-hour ones.
 */
function usageFromDetails(details: Record<string, unknown>, retained12h: boolean): CanonicalUsage {
  if (details["prompt_tokens"] !== undefined || details["completion_tokens"] !== undefined) {
    // OpenAI Chat Completions usage, passed through: prompt includes cached and written, completion reasoning.
    return normalizeUsage(
      {
        input: num(details, "prompt_tokens"),
        output: num(details, "completion_tokens"),
        total: num(details, "total_tokens"),
        cacheRead: num(sub(details, "prompt_tokens_details"), "cached_tokens"),
        cacheWrite: num(sub(details, "prompt_tokens_details"), "cache_write_tokens"),
        retained12h,
        reasoning: num(sub(details, "completion_tokens_details"), "reasoning_tokens"),
      },
      { input: "includes-cache" },
    );
  }
  if (details["input_tokens"] !== undefined) {
    const anthropic = details["cache_read_input_tokens"] !== undefined || details["cache_creation_input_tokens"] !== undefined;
    // Anthropic usage (input excludes cache) or OpenAI Responses usage (input includes cached).
    return normalizeUsage(
      {
        input: num(details, "input_tokens"),
        output: num(details, "output_tokens"),
        total: num(details, "total_tokens"),
        cacheRead: num(details, "cache_read_input_tokens") ?? num(sub(details, "input_tokens_details"), "cached_tokens"),
        cacheWrite: num(details, "cache_creation_input_tokens") ?? num(sub(details, "input_tokens_details"), "cache_write_tokens"),
        cacheWrite1h: num(sub(details, "cache_creation"), "ephemeral_1h_input_tokens"),
        retained12h: retained12h && !anthropic,
        reasoning: num(sub(details, "output_tokens_details"), "reasoning_tokens"),
      },
      { input: anthropic ? "excludes-cache" : "includes-cache" },
    );
  }
  // Langfuse's own buckets, which add up: input + input_cached_tokens + input_cache_creation(_5m|_1h) + ...
  const input = num(details, "input");
  const output = num(details, "output");
  const total = num(details, "total");
  const cacheRead = num(details, "input_cached_tokens") ?? num(details, "input_cache_read") ?? num(details, "cache_read_input_tokens");
  const cacheWrite1h = num(details, "input_cache_creation_1h");
  const cacheWriteParts = [
    num(details, "input_cache_creation") ?? num(details, "input_cache_write"),
    num(details, "input_cache_creation_5m"),
    cacheWrite1h,
  ];
  let cacheWrite: number | undefined;
  for (const part of cacheWriteParts) if (part !== undefined) cacheWrite = (cacheWrite ?? 0) + part;
  const reasoning = num(details, "output_reasoning_tokens") ?? num(details, "output_reasoning");
  // A total equal to input + output says the sender used inclusive counts after all.
  const inclusive = total !== undefined && input !== undefined && output !== undefined && total === input + output;
  return normalizeUsage(
    { input, output, total, cacheRead, cacheWrite, cacheWrite1h, retained12h, reasoning },
    inclusive ? { input: "includes-cache" } : { input: "excludes-cache", output: "excludes-reasoning" },
  );
}

/** A JSON object attribute (usage_details, model.parameters), or undefined. */
function jsonObject(attrs: Attributes, key: string): Record<string, unknown> | undefined {
  const text = readString(attrs, key);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  return isRecord(parsed) ? parsed : undefined;
}

function readUsage(attrs: Attributes, details: Record<string, unknown> | undefined): CanonicalUsage {
  const retained12h = isTwelveHourRetention(jsonObject(attrs, `${OBS}model.parameters`)?.["prompt_cache_retention"]);
  if (details !== undefined) return usageFromDetails(details, retained12h);
  return normalizeUsage({ ...readRawUsage(attrs, GENAI_USAGE_KEYS), retained12h }, { input: "includes-cache" });
}

/** cost_details: {input, output, total, ...} in USD; the total when given, else the sum. */
function reportedCost(attrs: Attributes): number | null {
  const text = readString(attrs, `${OBS}cost_details`);
  if (text === undefined) return null;
  const details = parseJson(text);
  if (!isRecord(details)) return null;
  const total = num(details, "total");
  if (total !== undefined) return total;
  let sum: number | null = null;
  for (const key of Object.keys(details)) {
    const value = num(details, key);
    if (value !== undefined) sum = (sum ?? 0) + value;
  }
  return sum;
}

/** completion_start_time is an ISO timestamp, JSON-quoted by the JS SDK. */
function ttftMs(span: DecodedSpan): number | null {
  const raw = readString(span.attributes, `${OBS}completion_start_time`);
  if (raw === undefined) return null;
  const at = Date.parse(raw.startsWith('"') ? raw.slice(1, -1) : raw);
  if (Number.isNaN(at)) return null;
  const ms = at - Number(span.startTimeUnixNano / 1_000_000n);
  return ms > 0 ? ms : null;
}

/**
 * The call's content for its evidence: langfuse.observation.input (the messages, or a request-like object
 * with messages and tools) with langfuse.observation.model.parameters, and the output (a message, a list,
 * a response body or text); else the gen_ai.* content.
 */
function callContent(span: DecodedSpan): CallContent {
  const attrs = span.attributes;
  const input = contentValue(attrs[`${OBS}input`]);
  const params = jsonObject(attrs, `${OBS}model.parameters`) ?? {};
  const fallback = genAiCallContent(span);
  let request = fallback.request;
  if (Array.isArray(input) || typeof input === "string") request = { messages: input, params };
  else if (isRecord(input) && (input["messages"] !== undefined || input["input"] !== undefined)) {
    request = {
      system: input["system"] ?? input["instructions"],
      messages: input["messages"] ?? input["input"],
      tools: input["tools"],
      params: { ...params, ...input },
    };
  }
  const output = responseMessages(jsonAttribute(attrs[`${OBS}output`]) ?? readString(attrs, `${OBS}output`));
  return { request, answer: output ?? fallback.answer, jsonRequested: fallback.jsonRequested };
}

export const mapLangfuseSpan: SpanMapper = (span) => {
  const attrs = span.attributes;
  const op = operation(attrs);
  if (op === null) return null;
  const model = readString(attrs, `${OBS}model.name`) ?? "";
  let input = renderContentValue(attrs[`${OBS}input`]);
  let output = renderContentValue(attrs[`${OBS}output`], "assistant");
  if (input === "" || output === "") {
    const fallback = genAiContent(span);
    input ||= fallback.input;
    output ||= fallback.output;
  }
  const identity = readIdentity(attrs, IDENTITY);
  const failed = readString(attrs, `${OBS}level`) === "ERROR";
  const reason = firstFinishReason(attrs["gen_ai.response.finish_reasons"]) || (failed ? "error" : "");
  // Anthropic's raw usage, passed through, reports fast mode (speed) and where the call ran (inference_geo).
  const details = jsonObject(attrs, `${OBS}usage_details`);
  const usage = readUsage(attrs, details);
  const finishReason = finishReasonOrError(span, reason);
  const evidence = readEvidence(span, { operation: op, finishReason, usage, usageEstimated: identity.usageEstimated }, () =>
    op === "embeddings" ? {} : callContent(span),
  );
  return {
    dialect: "langfuse",
    provider: normalizeProvider(firstString(attrs, ["gen_ai.provider.name", "gen_ai.system"])),
    operation: op,
    requestModel: readString(attrs, "gen_ai.request.model") ?? model,
    responseModel: readString(attrs, "gen_ai.response.model") ?? model,
    usage,
    usageEstimated: identity.usageEstimated,
    reportedCostUsd: reportedCost(attrs),
    ttftMs: ttftMs(span),
    finishReason,
    serviceTier: isFastSpeed(details?.["speed"]) ? "fast" : readServiceTier(attrs),
    inferenceGeo: normalizeInferenceGeo(details?.["inference_geo"]) || readInferenceGeo(attrs),
    userId: identity.userId,
    sessionId: identity.sessionId,
    promptName: identity.promptName,
    promptVersion: identity.promptVersion,
    tags: identity.tags,
    inputText: capText(input),
    outputText: capText(output),
    ...evidence,
  };
};
