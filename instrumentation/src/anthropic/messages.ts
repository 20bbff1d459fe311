// messages.create (and beta.messages.create): request parameters, the Message, and its event stream.
import type { Attributes } from "@opentelemetry/api";
import { requestEvidence, requestShapeFromBody } from "@promptmetrics/pricing/evidence";
import type { OperationAdapter, StreamAccumulator } from "../adapter.ts";
import { outputText, partsText, type CallOutcome, type CallUsage, type ContentMessage, type ContentPart } from "../call-outcome.ts";
import { asString, isObject, type JsonObject } from "../internal-types.ts";
import { count, field, readModel, setNumber, setStringList } from "../request-attributes.ts";
import * as attr from "../semconv.ts";
import { tokenCounterFor } from "../token-estimate.ts";

/**
 * Anthropic reports input_tokens WITHOUT the cache reads and writes; the GenAI conventions'
 * input_tokens includes them, so they are added here.
 */
export function anthropicUsage(usage: unknown): CallUsage | undefined {
  if (!isObject(usage)) return undefined;
  const cacheRead = count(usage["cache_read_input_tokens"]);
  const cacheWrite = count(usage["cache_creation_input_tokens"]);
  return {
    inputTokens: count(usage["input_tokens"]) + cacheRead + cacheWrite,
    outputTokens: count(usage["output_tokens"]),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: Math.min(cacheWrite, count(field(usage["cache_creation"], "ephemeral_1h_input_tokens"))),
    cacheWrite12hTokens: 0,
    reasoningTokens: count(field(usage["output_tokens_details"], "thinking_tokens")),
    estimated: false,
  };
}

function blockParts(content: unknown): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", content }];
  if (!Array.isArray(content)) return [];
  const parts: ContentPart[] = [];
  for (const block of content) {
    if (!isObject(block)) continue;
    const type = block["type"];
    if (type === "text") parts.push({ type: "text", content: asString(block["text"]) ?? "" });
    else if (type === "thinking") parts.push({ type: "reasoning", content: asString(block["thinking"]) ?? "" });
    else if (type === "tool_use" || type === "server_tool_use") {
      const id = asString(block["id"]);
      parts.push({
        type: "tool_call",
        ...(id === undefined ? {} : { id }),
        name: asString(block["name"]) ?? "",
        arguments: block["input"],
      });
    } else if (type === "tool_result") {
      const id = asString(block["tool_use_id"]);
      const result = block["content"];
      parts.push({
        type: "tool_call_response",
        ...(id === undefined ? {} : { id }),
        response: Array.isArray(result) ? partsText(blockParts(result)) : result,
      });
    } else if (type === "image") parts.push({ type: "uri", modality: "image" });
    else if (type === "document") parts.push({ type: "blob", modality: "document" });
  }
  return parts;
}

function requestMessages(messages: unknown): ContentMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isObject).map((message) => ({ role: asString(message["role"]) ?? "user", parts: blockParts(message["content"]) }));
}

/**
 * Fast mode and the processing geography: what the response's usage reports (usage.speed and
 * usage.inference_geo), else what the request asked for, for API versions and gateways that do not
 * report them.
 */
function callPlacement(usage: unknown, request: JsonObject): Pick<CallOutcome, "speed" | "inferenceGeo"> {
  const speed = nonEmpty(field(usage, "speed")) ?? nonEmpty(request["speed"]);
  const inferenceGeo = nonEmpty(field(usage, "inference_geo")) ?? nonEmpty(request["inference_geo"]);
  return { ...(speed === undefined ? {} : { speed }), ...(inferenceGeo === undefined ? {} : { inferenceGeo }) };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function readMessage(message: unknown, request: JsonObject): CallOutcome {
  if (!isObject(message)) return { finishReasons: [], outputMessages: [] };
  const stopReason = asString(message["stop_reason"]);
  const usage = anthropicUsage(message["usage"]);
  const responseId = asString(message["id"]);
  const responseModel = asString(message["model"]);
  const serviceTier = asString(field(message["usage"], "service_tier"));
  return {
    ...(responseId === undefined ? {} : { responseId }),
    ...(responseModel === undefined ? {} : { responseModel }),
    ...(serviceTier === undefined ? {} : { serviceTier }),
    ...callPlacement(message["usage"], request),
    ...(usage === undefined ? {} : { usage }),
    finishReasons: stopReason === undefined ? [] : [stopReason],
    outputMessages: [
      { role: "assistant", parts: blockParts(message["content"]), ...(stopReason === undefined ? {} : { finish_reason: stopReason }) },
    ],
  };
}

interface BlockState {
  type: string;
  text: string;
  id?: string;
  name?: string;
}

class MessageStreamAccumulator implements StreamAccumulator {
  private readonly request: JsonObject;
  private start: JsonObject | undefined;
  private readonly blocks = new Map<number, BlockState>();
  private stopReason: string | undefined;
  private deltaUsage: JsonObject | undefined;

  constructor(request: JsonObject) {
    this.request = request;
  }

  onChunk(event: unknown): { deliver: boolean; content: boolean } {
    if (!isObject(event)) return { deliver: true, content: false };
    const index = typeof event["index"] === "number" ? event["index"] : 0;
    switch (event["type"]) {
      case "message_start":
        if (isObject(event["message"])) this.start = event["message"];
        return { deliver: true, content: false };
      case "content_block_start": {
        const block = isObject(event["content_block"]) ? event["content_block"] : {};
        const id = asString(block["id"]);
        const name = asString(block["name"]);
        this.blocks.set(index, {
          type: asString(block["type"]) ?? "text",
          text: asString(block["text"]) ?? asString(block["thinking"]) ?? "",
          ...(id === undefined ? {} : { id }),
          ...(name === undefined ? {} : { name }),
        });
        return { deliver: true, content: false };
      }
      case "content_block_delta": {
        const delta = isObject(event["delta"]) ? event["delta"] : {};
        const state = this.blocks.get(index) ?? { type: "text", text: "" };
        state.text += asString(delta["text"]) ?? asString(delta["partial_json"]) ?? asString(delta["thinking"]) ?? "";
        this.blocks.set(index, state);
        return { deliver: true, content: true };
      }
      case "message_delta": {
        this.stopReason = asString(field(event["delta"], "stop_reason")) ?? this.stopReason;
        if (isObject(event["usage"])) this.deltaUsage = event["usage"];
        return { deliver: true, content: false };
      }
      default:
        return { deliver: true, content: false };
    }
  }

  outcome(): CallOutcome {
    const parts: ContentPart[] = [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, block]): ContentPart => {
        if (block.type === "tool_use" || block.type === "server_tool_use") {
          return { type: "tool_call", ...(block.id === undefined ? {} : { id: block.id }), name: block.name ?? "", arguments: block.text };
        }
        return block.type === "thinking" ? { type: "reasoning", content: block.text } : { type: "text", content: block.text };
      });
    const startUsage = isObject(this.start?.["usage"]) ? this.start["usage"] : {};
    // message_delta carries the final output_tokens (and, since 2025, may repeat the input counts).
    const usage = this.deltaUsage === undefined ? undefined : anthropicUsage({ ...startUsage, ...this.deltaUsage });
    const startCounts = anthropicUsage(startUsage);
    const responseId = asString(this.start?.["id"]);
    const responseModel = asString(this.start?.["model"]);
    const serviceTier = asString(field(this.deltaUsage, "service_tier")) ?? asString(startUsage["service_tier"]);
    return {
      ...(responseId === undefined ? {} : { responseId }),
      ...(responseModel === undefined ? {} : { responseModel }),
      ...(serviceTier === undefined ? {} : { serviceTier }),
      // message_start carries speed and inference_geo; message_delta's usage has neither.
      ...callPlacement({ ...startUsage, ...this.deltaUsage }, this.request),
      ...(usage === undefined ? {} : { usage }),
      ...(usage === undefined && this.start !== undefined && startCounts !== undefined
        ? {
            partialUsage: {
              inputTokens: startCounts.inputTokens,
              cacheReadTokens: startCounts.cacheReadTokens,
              cacheWriteTokens: startCounts.cacheWriteTokens,
              cacheWrite1hTokens: startCounts.cacheWrite1hTokens,
            },
          }
        : {}),
      finishReasons: this.stopReason === undefined ? [] : [this.stopReason],
      outputMessages:
        parts.length === 0
          ? []
          : [{ role: "assistant", parts, ...(this.stopReason === undefined ? {} : { finish_reason: this.stopReason }) }],
    };
  }
}

function systemParts(system: unknown): ContentPart[] {
  return blockParts(system);
}

export const messagesAdapter: OperationAdapter = {
  operation: "chat",
  family: "anthropic",
  requestModel: readModel,
  isStream: (body) => body["stream"] === true,

  requestAttributes(body: JsonObject): Attributes {
    const attributes: Attributes = {};
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_MAX_TOKENS, body["max_tokens"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TEMPERATURE, body["temperature"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TOP_P, body["top_p"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TOP_K, body["top_k"]);
    setStringList(attributes, attr.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, body["stop_sequences"]);
    if (body["stream"] === true) attributes[attr.ATTR_GEN_AI_REQUEST_STREAM] = true;
    return attributes;
  },

  inputContent(body) {
    return { system: systemParts(body["system"]), messages: requestMessages(body["messages"]) };
  },

  requestEvidence: (body) => requestEvidence(requestShapeFromBody(body)),

  readResult: readMessage,
  startStream: (_hideUsageChunk, request) => new MessageStreamAccumulator(request),

  /** No public tokenizer exists for Claude 3+: o200k_base stands in, and the count is marked estimated. */
  async estimateUsage(body, outcome): Promise<CallUsage> {
    const counter = await tokenCounterFor(outcome.responseModel ?? readModel(body));
    const known = outcome.partialUsage;
    const prompt =
      partsText(systemParts(body["system"])) +
      requestMessages(body["messages"])
        .map((message) => partsText(message.parts))
        .join("\n");
    const output = outputText(outcome.outputMessages);
    return {
      inputTokens: known?.inputTokens ?? counter.count(prompt),
      outputTokens: output === "" ? 0 : counter.count(output),
      cacheReadTokens: known?.cacheReadTokens ?? 0,
      cacheWriteTokens: known?.cacheWriteTokens ?? 0,
      cacheWrite1hTokens: known?.cacheWrite1hTokens ?? 0,
      cacheWrite12hTokens: 0,
      reasoningTokens: 0,
      estimated: true,
    };
  },
};
