// Maps Vercel AI SDK telemetry spans (tracer "ai"). Names checked against vercel/ai at 0e9e035
// (packages/ai/src/telemetry: assemble-operation-name.ts, get-base-telemetry-attributes.ts, the
// OpenTelemetry integration's step spans) and generate-text / stream-text for v4-v6 (2026-11-25).
// Only provider calls (ai.*.doGenerate, ai.*.doStream, ai.*.doEmbed) are LLM calls: the parent
// ai.generateText / ai.streamText span sums all its steps and would count a multi-step call twice.
import { capText } from "@promptmetrics/runs";
import type { Attributes, DecodedSpan } from "../otlp/types.ts";
import { firstNumber, firstString, isRecord, parseJson, readString, toNumber } from "./attr-read.ts";
import {
  finishReasonOrError,
  firstFinishReason,
  isFastSpeed,
  normalizeInferenceGeo,
  positiveMs,
  readInferenceGeo,
  readServiceTier,
} from "./call-fields.ts";
import { joinLines, renderContentValue, renderPart } from "./content-render.ts";
import { readIdentity } from "./identity.ts";
import { isAnthropicFamily, normalizeVercelProvider } from "./provider-names.ts";
import type { LlmCall, SpanMapper } from "./types.ts";
import { normalizeUsage, type RawUsage, type UsageSemantics } from "./usage.ts";

const META = "ai.telemetry.metadata.";
const IDENTITY = {
  user: [`${META}userId`, `${META}user_id`],
  session: [`${META}sessionId`, `${META}session_id`],
  promptName: [`${META}promptName`, `${META}prompt_name`],
  promptVersion: [`${META}promptVersion`, `${META}prompt_version`],
  tags: [`${META}tags`],
} as const;

/** v6+ writes these; their presence means inputTokens is the SDK's own inclusive total. */
const V6_DETAIL_KEYS = [
  "ai.usage.inputTokenDetails.noCacheTokens",
  "ai.usage.inputTokenDetails.cacheReadTokens",
  "ai.usage.inputTokenDetails.cacheWriteTokens",
  "ai.usage.outputTokenDetails.textTokens",
  "ai.usage.outputTokenDetails.reasoningTokens",
] as const;

const EXCLUDES_CACHE: UsageSemantics = { input: "excludes-cache" };
const INCLUDES_CACHE: UsageSemantics = { input: "includes-cache" };

/** ai.operationId, else the span name (the SDK names spans after it), else operation.name's first word. */
export function vercelOperationId(span: DecodedSpan): string {
  const id = readString(span.attributes, "ai.operationId");
  if (id !== undefined) return id;
  if (span.name.startsWith("ai.")) return span.name;
  const opName = readString(span.attributes, "operation.name") ?? "";
  const space = opName.indexOf(" ");
  return space === -1 ? opName : opName.slice(0, space);
}

function operation(operationId: string): string | null {
  if (operationId.endsWith(".doGenerate") || operationId.endsWith(".doStream")) return "chat";
  if (operationId.endsWith(".doEmbed")) return "embeddings";
  return null;
}

function hasAny(attrs: Attributes, keys: readonly string[]): boolean {
  for (const key of keys) if (attrs[key] !== undefined) return true;
  return false;
}

function numberAt(object: Record<string, unknown>, key: string): number | undefined {
  const value = object[key];
  return typeof value === "number" || typeof value === "string" ? toNumber(value) : undefined;
}

/** ai.response.providerMetadata, parsed: the provider's own extras, keyed by provider. */
function providerMetadata(attrs: Attributes): Record<string, unknown> | undefined {
  const text = readString(attrs, "ai.response.providerMetadata");
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  return isRecord(parsed) ? parsed : undefined;
}

/** Anthropic's raw usage object, which later AI SDK versions pass through in the provider metadata. */
function anthropicRawUsage(metadata: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const anthropic = metadata?.["anthropic"];
  return isRecord(anthropic) && isRecord(anthropic["usage"]) ? anthropic["usage"] : undefined;
}

/**
 * Before v6 the Anthropic and Bedrock providers passed the provider's own input count through (cache
 * excluded) and left cache writes to provider metadata: v4 anthropic.{cacheCreationInputTokens,
 * cacheReadInputTokens}, v5 anthropic.cacheCreationInputTokens; later ones add the raw usage,
 * whose cache_creation split gives the 1-hour writes.
 */
function addProviderMetadataCache(metadata: Record<string, unknown> | undefined, raw: RawUsage): void {
  if (metadata === undefined) return;
  const anthropic = metadata["anthropic"];
  if (isRecord(anthropic)) {
    const usage = anthropicRawUsage(metadata);
    if (usage !== undefined) {
      raw.cacheRead ??= numberAt(usage, "cache_read_input_tokens");
      raw.cacheWrite ??= numberAt(usage, "cache_creation_input_tokens");
      const split = usage["cache_creation"];
      if (isRecord(split)) raw.cacheWrite1h = numberAt(split, "ephemeral_1h_input_tokens");
    }
    raw.cacheRead ??= numberAt(anthropic, "cacheReadInputTokens");
    raw.cacheWrite ??= numberAt(anthropic, "cacheCreationInputTokens");
  }
  const bedrock = metadata["bedrock"];
  if (isRecord(bedrock) && isRecord(bedrock["usage"])) {
    raw.cacheRead ??= numberAt(bedrock["usage"], "cacheReadInputTokens");
    raw.cacheWrite ??= numberAt(bedrock["usage"], "cacheWriteInputTokens");
  }
}

/** `metadata` is read for Anthropic-family calls only (undefined otherwise). */
function readUsage(attrs: Attributes, metadata: Record<string, unknown> | undefined, anthropicLike: boolean): LlmCall["usage"] {
  const raw: RawUsage = {
    input: firstNumber(attrs, ["ai.usage.inputTokens", "ai.usage.promptTokens", "gen_ai.usage.input_tokens", "ai.usage.tokens"]),
    output: firstNumber(attrs, ["ai.usage.outputTokens", "ai.usage.completionTokens", "gen_ai.usage.output_tokens"]),
    total: firstNumber(attrs, ["ai.usage.totalTokens"]),
    cacheRead: firstNumber(attrs, ["ai.usage.inputTokenDetails.cacheReadTokens", "ai.usage.cachedInputTokens"]),
    cacheWrite: firstNumber(attrs, ["ai.usage.inputTokenDetails.cacheWriteTokens"]),
    reasoning: firstNumber(attrs, ["ai.usage.outputTokenDetails.reasoningTokens", "ai.usage.reasoningTokens"]),
  };
  const v6 = hasAny(attrs, V6_DETAIL_KEYS);
  if (anthropicLike) addProviderMetadataCache(metadata, raw);
  return normalizeUsage(raw, !v6 && anthropicLike ? EXCLUDES_CACHE : INCLUDES_CACHE);
}

/** ai.values: each value JSON-encoded on its own (embedMany); ai.value: one JSON-encoded value. */
function embeddingInput(attrs: Attributes): string {
  const values = attrs["ai.values"];
  const list = Array.isArray(values) ? values : attrs["ai.value"] !== undefined ? [attrs["ai.value"]] : [];
  const lines: string[] = [];
  for (const value of list) {
    if (typeof value !== "string") continue;
    const parsed = parseJson(value);
    lines.push(typeof parsed === "string" ? parsed : value);
  }
  return joinLines(lines);
}

/** ai.response.toolCalls: JSON [{toolCallId, toolName, input | args}]. */
function renderToolCalls(text: string | undefined): string {
  if (text === undefined) return "";
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) return text;
  return joinLines(
    parsed.map((call) =>
      isRecord(call) ? renderPart({ type: "tool-call", toolName: call["toolName"], input: call["input"] ?? call["args"] }) : "",
    ),
  );
}

/** Langfuse's documented way to link a prompt: metadata.langfusePrompt = prompt.toJSON(). */
function langfusePrompt(attrs: Attributes): { name: string; version: string } | undefined {
  const text = readString(attrs, `${META}langfusePrompt`);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (!isRecord(parsed) || typeof parsed["name"] !== "string") return undefined;
  const version = parsed["version"];
  return { name: parsed["name"], version: typeof version === "number" || typeof version === "string" ? String(version) : "" };
}

export const mapVercelAiSpan: SpanMapper = (span) => {
  const op = operation(vercelOperationId(span));
  if (op === null) return null;
  const attrs = span.attributes;
  const provider = normalizeVercelProvider(firstString(attrs, ["ai.model.provider", "gen_ai.system"]));
  const requestModel = firstString(attrs, ["ai.model.id", "gen_ai.request.model"]) ?? "";
  const responseModel = firstString(attrs, ["ai.response.model", "gen_ai.response.model"]) ?? "";
  const embedding = op === "embeddings";
  const input = embedding
    ? embeddingInput(attrs)
    : renderContentValue(attrs["ai.prompt.messages"] ?? attrs["ai.prompt"] ?? attrs["gen_ai.input.messages"]);
  const output = embedding
    ? ""
    : (firstString(attrs, ["ai.response.text", "ai.response.object"]) ?? renderToolCalls(readString(attrs, "ai.response.toolCalls")));
  const identity = readIdentity(attrs, IDENTITY);
  const linked = identity.promptName === "" ? langfusePrompt(attrs) : undefined;
  const reason = readString(attrs, "ai.response.finishReason") ?? firstFinishReason(attrs["gen_ai.response.finish_reasons"]);
  const anthropicLike = isAnthropicFamily(provider, responseModel || requestModel);
  const metadata = anthropicLike ? providerMetadata(attrs) : undefined;
  // Anthropic's raw usage reports fast mode (speed) and where the call ran (inference_geo).
  const anthropicUsage = anthropicRawUsage(metadata);
  return {
    dialect: "vercel-ai",
    provider,
    operation: op,
    requestModel,
    responseModel,
    usage: readUsage(attrs, metadata, anthropicLike),
    usageEstimated: identity.usageEstimated,
    reportedCostUsd: null,
    ttftMs: positiveMs(firstNumber(attrs, ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"])),
    finishReason: finishReasonOrError(span, reason),
    serviceTier: isFastSpeed(anthropicUsage?.["speed"]) ? "fast" : readServiceTier(attrs),
    inferenceGeo: normalizeInferenceGeo(anthropicUsage?.["inference_geo"]) || readInferenceGeo(attrs),
    userId: identity.userId,
    sessionId: identity.sessionId,
    promptName: linked?.name ?? identity.promptName,
    promptVersion: linked !== undefined ? linked.version : identity.promptVersion,
    tags: identity.tags,
    inputText: capText(input),
    outputText: capText(output),
  };
};
