// A run's content-free evidence (input_hash, prefix_hash, prefix_tokens, quality_flags) from one span:
// what our instrumentation computed (the promptmetrics.request.* and promptmetrics.quality.flags
// attributes) wins; else it is computed here from the content the dialect carries, by the same code
// (@promptmetrics/pricing/evidence), so a request hashes alike whichever way it arrived. Status, finish
// reason and output tokens give the error, truncated and empty_output flags even without content; a span
// with neither attributes nor content leaves the hashes empty.
import {
  answerFacts,
  freeformToolNames,
  jsonRequested,
  prefixTokens,
  QUALITY_FLAGS_MASK,
  qualityFlags,
  requestEvidence,
  statusFlags,
  type RequestShape,
} from "@promptmetrics/pricing/evidence";
import type { DecodedSpan } from "../otlp/types.ts";
import { parseJson, readBool, readNumber, readString } from "./attr-read.ts";
import type { CanonicalUsage, LlmCall } from "./types.ts";

export const PM_INPUT_HASH = "promptmetrics.request.input_hash";
export const PM_PREFIX_HASH = "promptmetrics.request.prefix_hash";
export const PM_PREFIX_TOKENS = "promptmetrics.request.prefix_tokens";
export const PM_QUALITY_FLAGS = "promptmetrics.quality.flags";
const PM_STREAM_CANCELLED = "promptmetrics.stream.cancelled";

/** What a span carries of its call's content, in the shapes the dialect used (read by pricing/evidence). */
export interface CallContent {
  /** The request; undefined when the span carries no input content. */
  request?: RequestShape | undefined;
  /** The answer's messages, any known shape; undefined when the span carries no output content. */
  answer?: readonly unknown[] | undefined;
  /** The request asked for JSON in a way its parameters do not show (gen_ai.output.type json, generateObject). */
  jsonRequested?: boolean | undefined;
}

export type Evidence = Pick<LlmCall, "inputHash" | "prefixHash" | "prefixTokens" | "qualityFlags">;

/** The call's fields the flags are read from. */
export interface CallFacts {
  operation: string;
  finishReason: string;
  usage: CanonicalUsage;
  usageEstimated: boolean;
}

const HASH = /^[0-9a-f]{1,64}$/;
const UINT32_MAX = 4_294_967_295;

/** A hash as our instrumentation writes it (lower-case hex); anything else is ignored. */
function readHash(span: DecodedSpan, key: string): string | undefined {
  const value = readString(span.attributes, key)?.trim().toLowerCase();
  return value !== undefined && HASH.test(value) ? value : undefined;
}

function readCount(span: DecodedSpan, key: string, max: number): number | undefined {
  const value = readNumber(span.attributes, key);
  return value === undefined || value < 0 ? undefined : Math.min(max, Math.round(value));
}

/**
 * The evidence of one LLM span. `content` is called only when the span lacks our attributes, so spans
 * from our instrumentation never have their content parsed for it.
 */
export function readEvidence(span: DecodedSpan, call: CallFacts, content: () => CallContent): Evidence {
  const ownInputHash = readHash(span, PM_INPUT_HASH);
  const ownFlags = readCount(span, PM_QUALITY_FLAGS, QUALITY_FLAGS_MASK);
  const failed = span.status.code === 2;
  const reasons = call.finishReason === "" ? [] : [call.finishReason];
  const cache = { cacheReadTokens: call.usage.cacheReadTokens, cacheWriteTokens: call.usage.cacheWriteTokens };

  let inputHash = ownInputHash ?? "";
  let prefixHash = ownInputHash === undefined ? "" : (readHash(span, PM_PREFIX_HASH) ?? "");
  let estimate = readCount(span, PM_PREFIX_TOKENS, UINT32_MAX) ?? 0;
  let flags = ownFlags ?? 0;
  if (ownInputHash === undefined || ownFlags === undefined) {
    const found = content();
    if (ownInputHash === undefined && found.request !== undefined) {
      const evidence = requestEvidence(found.request);
      inputHash = evidence.inputHash;
      prefixHash = evidence.prefixHash;
      estimate = evidence.prefixTokensEstimate;
    }
    if (ownFlags === undefined) {
      const usageKnown = !call.usageEstimated && (call.usage.inputTokens > 0 || call.usage.outputTokens > 0);
      const tools = found.request?.tools;
      flags = qualityFlags({
        operation: call.operation,
        failed,
        finishReasons: reasons,
        outputTokens: usageKnown ? call.usage.outputTokens : undefined,
        answer: found.answer === undefined ? undefined : answerFacts(found.answer, freeformToolNames(jsonArray(tools))),
        jsonRequested: found.jsonRequested === true || jsonRequested(found.request?.params),
        cancelled: readBool(span.attributes, PM_STREAM_CANCELLED),
      });
    }
  }
  // The run's status and finish reason as stored always show in the flags, whoever computed the rest.
  flags |= statusFlags(failed, reasons);
  return { inputHash, prefixHash, prefixTokens: prefixTokens(estimate, cache), qualityFlags: flags };
}

function jsonArray(value: unknown): unknown {
  return typeof value === "string" ? parseJson(value) : value;
}

/** A JSON attribute's value parsed (objects and arrays only); undefined when absent or not JSON. */
export function jsonAttribute(value: unknown): unknown {
  if (typeof value !== "string") return value ?? undefined;
  const first = value.trimStart().charAt(0);
  if (first !== "[" && first !== "{") return undefined;
  return parseJson(value);
}

/** Parameters read from attributes: canonical parameter name (or an alias pricing/evidence knows) → attribute keys. */
export function paramsFrom(attrs: DecodedSpan["attributes"], keys: Readonly<Record<string, readonly string[]>>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, sources] of Object.entries(keys)) {
    for (const source of sources) {
      const value = attrs[source];
      if (value === undefined || value === null || value === "") continue;
      params[name] = name === "stop" ? stopList(value) : value;
      break;
    }
  }
  return params;
}

/** Stop sequences as a list: an array, a JSON-encoded array (exporters that flatten arrays), or one string. */
function stopList(value: unknown): unknown {
  if (typeof value === "string" && value.trimStart().startsWith("[")) {
    const parsed = parseJson(value);
    if (Array.isArray(parsed)) return parsed;
  }
  return value;
}

/**
 * The answer's messages in a provider response body, as OpenInference's output.value and Langfuse's output
 * carry it: a chat completion's choices, a Responses API object's output items, an Anthropic message, one
 * message, a list of messages, or text.
 */
export function responseMessages(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value !== "object") return [value];
  const body = value as Record<string, unknown>;
  if (Array.isArray(body["choices"])) return body["choices"];
  if (Array.isArray(body["output"])) return body["output"];
  return [body];
}
