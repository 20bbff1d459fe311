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
import { jsonAttribute, paramsFrom, readEvidence, type CallContent } from "./evidence.ts";
import { GENAI_PARAM_KEYS } from "./genai.ts";
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

/** The call settings (ai.settings.*, ai.prompt.toolChoice), then the gen_ai.request.* the SDK also writes. */
const PARAM_KEYS: Readonly<Record<string, readonly string[]>> = {
  temperature: ["ai.settings.temperature", ...GENAI_PARAM_KEYS["temperature"]!],
  top_p: ["ai.settings.topP", ...GENAI_PARAM_KEYS["top_p"]!],
  top_k: ["ai.settings.topK", ...GENAI_PARAM_KEYS["top_k"]!],
  max_tokens: ["ai.settings.maxOutputTokens", "ai.settings.maxTokens", ...GENAI_PARAM_KEYS["max_tokens"]!],
  stop: ["ai.settings.stopSequences", ...GENAI_PARAM_KEYS["stop"]!],
  frequency_penalty: ["ai.settings.frequencyPenalty", ...GENAI_PARAM_KEYS["frequency_penalty"]!],
  presence_penalty: ["ai.settings.presencePenalty", ...GENAI_PARAM_KEYS["presence_penalty"]!],
  seed: ["ai.settings.seed", ...GENAI_PARAM_KEYS["seed"]!],
  tool_choice: ["ai.prompt.toolChoice"],
};

/**
 * The call's content for its evidence: ai.prompt.messages (the provider call's prompt, system message
 * included) > ai.prompt ({ system, prompt, messages }) > gen_ai.input.messages, with ai.prompt.tools (a
 * list of tool definitions as JSON) and the settings; the answer from ai.response.text and
 * ai.response.toolCalls, or ai.response.object. generateObject and streamObject ask for JSON.
 */
function callContent(span: DecodedSpan, operationId: string): CallContent {
  const attrs = span.attributes;
  let system: unknown;
  let messages = jsonAttribute(attrs["ai.prompt.messages"]);
  if (messages === undefined) {
    const prompt = jsonAttribute(attrs["ai.prompt"]);
    if (isRecord(prompt)) {
      system = prompt["system"];
      messages = prompt["messages"] ?? prompt["prompt"];
    } else messages = jsonAttribute(attrs["gen_ai.input.messages"]);
  }
  const toolList = attrs["ai.prompt.tools"];
  const request =
    messages === undefined && system === undefined
      ? undefined
      : { system, messages, tools: Array.isArray(toolList) ? toolList : jsonAttribute(toolList), params: paramsFrom(attrs, PARAM_KEYS) };
  const object = readString(attrs, "ai.response.object");
  const text = readString(attrs, "ai.response.text") ?? object;
  const calls = jsonAttribute(attrs["ai.response.toolCalls"]);
  const content: unknown[] = [];
  if (text !== undefined) content.push({ type: "text", text });
  if (Array.isArray(calls)) {
    for (const call of calls)
      if (isRecord(call)) content.push({ type: "tool-call", toolName: call["toolName"], input: call["input"] ?? call["args"] });
  }
  const objectCall = operationId.includes("generateObject") || operationId.includes("streamObject");
  return {
    request,
    answer: content.length === 0 ? undefined : [{ role: "assistant", content }],
    jsonRequested: objectCall || object !== undefined,
  };
}

export const mapVercelAiSpan: SpanMapper = (span) => {
  const operationId = vercelOperationId(span);
  const op = operation(operationId);
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
  const usage = readUsage(attrs, metadata, anthropicLike);
  const finishReason = finishReasonOrError(span, reason);
  const evidence = readEvidence(span, { operation: op, finishReason, usage, usageEstimated: identity.usageEstimated }, () =>
    embedding ? {} : callContent(span, operationId),
  );
  return {
    dialect: "vercel-ai",
    provider,
    operation: op,
    requestModel,
    responseModel,
    usage,
    usageEstimated: identity.usageEstimated,
    reportedCostUsd: null,
    ttftMs: positiveMs(firstNumber(attrs, ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"])),
    finishReason,
    serviceTier: isFastSpeed(anthropicUsage?.["speed"]) ? "fast" : readServiceTier(attrs),
    inferenceGeo: normalizeInferenceGeo(anthropicUsage?.["inference_geo"]) || readInferenceGeo(attrs),
    userId: identity.userId,
    sessionId: identity.sessionId,
    promptName: linked?.name ?? identity.promptName,
    promptVersion: linked !== undefined ? linked.version : identity.promptVersion,
    tags: identity.tags,
    inputText: capText(input),
    outputText: capText(output),
    ...evidence,
  };
};
