// Maps Arize OpenInference spans. Names checked against the installed
// @arizeai/openinference-semantic-conventions 2.12.0 and @arizeai/openinference-instrumentation-openai
// 4.2.7 (which sets llm.model_name to the response model, llm.invocation_parameters to the request
// minus messages, no usage on streamed chats and none on embeddings), and the Python instrumentations
// in Arize-ai/openinference (anthropic: llm.token_count.prompt includes cache in current releases, not
// in older ones; openai: "First Token Stream Event" on streams), 2026-11-25.
import { requestShapeFromBody, type RequestShape } from "@promptmetrics/pricing/evidence";
import { capText } from "@promptmetrics/runs";
import type { Attributes, DecodedSpan } from "../otlp/types.ts";
import { firstString, isRecord, parseJson, readNumber, readString } from "./attr-read.ts";
import {
  finishReasonOrError,
  firstFinishReason,
  isFastSpeed,
  msSinceStart,
  normalizeInferenceGeo,
  readInferenceGeo,
  readServiceTier,
} from "./call-fields.ts";
import { joinLines, renderContentValue } from "./content-render.ts";
import { jsonAttribute, readEvidence, responseMessages, type CallContent } from "./evidence.ts";
import { readIdentity } from "./identity.ts";
import { OPENINFERENCE_INPUT, OPENINFERENCE_OUTPUT, readIndexedMessages, renderIndexedMessages } from "./indexed-messages.ts";
import { normalizeProvider } from "./provider-names.ts";
import type { SpanMapper } from "./types.ts";
import { isTwelveHourRetention, normalizeUsage } from "./usage.ts";

const IDENTITY = {
  user: ["user.id"],
  session: ["session.id"],
  promptName: ["prompt.id"],
  promptVersion: ["llm.prompt_template.version"],
  tags: ["tag.tags"],
} as const;

const FIRST_TOKEN_EVENT = "First Token Stream Event";

function operation(attrs: Attributes): string | null {
  const kind = readString(attrs, "openinference.span.kind");
  if (kind === "LLM") {
    return attrs["llm.prompts"] !== undefined || attrs["llm.prompts.0.prompt.text"] !== undefined ? "text_completion" : "chat";
  }
  if (kind === "EMBEDDING") return "embeddings";
  return null;
}

/** llm.invocation_parameters: the request minus its messages, as JSON. */
function invocationParameters(attrs: Attributes): Record<string, unknown> | undefined {
  const text = readString(attrs, "llm.invocation_parameters");
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  return isRecord(parsed) ? parsed : undefined;
}

/** The requested model: llm.request.model_name, else "model" inside llm.invocation_parameters. */
function requestModel(attrs: Attributes, params: Record<string, unknown> | undefined, fallback: string): string {
  const explicit = readString(attrs, "llm.request.model_name");
  if (explicit !== undefined) return explicit;
  return typeof params?.["model"] === "string" ? params["model"] : fallback;
}

function reportedCost(attrs: Attributes): number | null {
  const total = readNumber(attrs, "llm.cost.total");
  if (total !== undefined) return total;
  const prompt = readNumber(attrs, "llm.cost.prompt");
  const completion = readNumber(attrs, "llm.cost.completion");
  if (prompt === undefined && completion === undefined) return null;
  return (prompt ?? 0) + (completion ?? 0);
}

function ttftMs(span: DecodedSpan): number | null {
  for (const event of span.events) {
    if (event.name === FIRST_TOKEN_EVENT) return msSinceStart(span, event.timeUnixNano);
  }
  return null;
}

function embeddingTexts(attrs: Attributes): string {
  const texts: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const text = readString(attrs, `embedding.embeddings.${i}.embedding.text`);
    if (text === undefined) break;
    texts.push(text);
  }
  return joinLines(texts);
}

/** llm.tools.N.tool.json_schema: each tool definition as JSON. */
function tools(attrs: Attributes): unknown[] | undefined {
  const list: unknown[] = [];
  for (let i = 0; i < 1_000; i++) {
    const schema = readString(attrs, `llm.tools.${i}.tool.json_schema`);
    if (schema === undefined) break;
    list.push(jsonAttribute(schema) ?? schema);
  }
  return list.length === 0 ? undefined : list;
}

/**
 * The call's content for its evidence. input.value is the request body as sent (the JS and Python
 * instrumentations put the whole JSON request there), which holds every parameter: it is read first; else
 * llm.input_messages with llm.tools and llm.invocation_parameters. The answer: llm.output_messages, else
 * the response body in output.value.
 */
function callContent(attrs: Attributes, params: Record<string, unknown> | undefined): CallContent {
  const body = jsonAttribute(attrs["input.value"]);
  let request: RequestShape | undefined;
  if (isRecord(body) && (body["messages"] !== undefined || body["input"] !== undefined)) request = requestShapeFromBody(body);
  else {
    const messages = readIndexedMessages(attrs, OPENINFERENCE_INPUT, "user");
    if (messages.length > 0) request = { messages, tools: tools(attrs), params: params ?? {} };
  }
  const output = readIndexedMessages(attrs, OPENINFERENCE_OUTPUT, "assistant");
  return {
    request,
    answer: output.length > 0 ? output : responseMessages(jsonAttribute(attrs["output.value"]) ?? readString(attrs, "output.value")),
  };
}

export const mapOpenInferenceSpan: SpanMapper = (span) => {
  const attrs = span.attributes;
  const op = operation(attrs);
  if (op === null) return null;
  const embedding = op === "embeddings";
  const modelName = firstString(attrs, embedding ? ["embedding.model_name", "llm.model_name"] : ["llm.model_name"]) ?? "";
  const responseModel = readString(attrs, "llm.response.model_name") ?? modelName;
  // OpenInference records no raw usage; the request's own parameters say fast mode, the geography asked
  // for and OpenAI's cache retention.
  const params = invocationParameters(attrs);
  const usage = normalizeUsage(
    {
      input: readNumber(attrs, "llm.token_count.prompt"),
      output: readNumber(attrs, "llm.token_count.completion"),
      total: readNumber(attrs, "llm.token_count.total"),
      cacheRead: readNumber(attrs, "llm.token_count.prompt_details.cache_read"),
      cacheWrite: readNumber(attrs, "llm.token_count.prompt_details.cache_write"),
      retained12h: isTwelveHourRetention(params?.["prompt_cache_retention"]),
      reasoning: readNumber(attrs, "llm.token_count.completion_details.reasoning"),
    },
    // Current releases include cache in the prompt count; older Anthropic ones did not, which
    // normalizeUsage recognises from the numbers (prompt below its cache subsets, or the total).
    { input: "includes-cache" },
  );
  const input =
    (embedding ? embeddingTexts(attrs) : renderIndexedMessages(attrs, OPENINFERENCE_INPUT, "user")) ||
    renderContentValue(attrs["input.value"]);
  const output = embedding
    ? ""
    : renderIndexedMessages(attrs, OPENINFERENCE_OUTPUT, "assistant") || renderContentValue(attrs["output.value"], "assistant");
  const identity = readIdentity(attrs, IDENTITY);
  const finishReason = finishReasonOrError(span, firstFinishReason(attrs["llm.finish_reason"]));
  const evidence = readEvidence(span, { operation: op, finishReason, usage, usageEstimated: identity.usageEstimated }, () =>
    embedding ? {} : callContent(attrs, params),
  );
  return {
    dialect: "openinference",
    provider: normalizeProvider(firstString(attrs, ["llm.provider", "llm.system"])),
    operation: op,
    requestModel: requestModel(attrs, params, modelName),
    responseModel,
    usage,
    usageEstimated: identity.usageEstimated,
    reportedCostUsd: reportedCost(attrs),
    ttftMs: ttftMs(span),
    finishReason,
    serviceTier: isFastSpeed(params?.["speed"]) ? "fast" : readServiceTier(attrs),
    inferenceGeo: readInferenceGeo(attrs) || normalizeInferenceGeo(params?.["inference_geo"]),
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
