// responses.create: request parameters, the Response object, and its event stream.
import type { Attributes } from "@opentelemetry/api";
import { requestEvidence, requestShapeFromBody } from "@promptmetrics/pricing/evidence";
import type { OperationAdapter, StreamAccumulator } from "../adapter.ts";
import { outputText, partsText, type CallOutcome, type CallUsage, type ContentMessage, type ContentPart } from "../call-outcome.ts";
import { asString, isObject, type JsonObject } from "../internal-types.ts";
import { field, readModel, setNumber, setString } from "../request-attributes.ts";
import * as attr from "../semconv.ts";
import { tokenCounterFor } from "../token-estimate.ts";
import { isTwelveHourRetention, openaiUsage } from "./chat-completions.ts";

function responsesUsage(usage: unknown, retained12h: boolean): CallUsage | undefined {
  return openaiUsage(usage, { input: "input", output: "output" }, retained12h);
}

function itemParts(content: unknown): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", content }];
  if (!Array.isArray(content)) return [];
  const parts: ContentPart[] = [];
  for (const item of content) {
    if (!isObject(item)) continue;
    const text = asString(item["text"]) ?? asString(item["refusal"]);
    if (text !== undefined) parts.push({ type: "text", content: text });
    else if (item["type"] === "input_image") parts.push({ type: "uri", modality: "image" });
    else if (item["type"] === "input_file") parts.push({ type: "blob", modality: "file" });
  }
  return parts;
}

/** Input items or output items of the Responses API as GenAI messages. */
function itemsToMessages(items: unknown, defaultRole: string): ContentMessage[] {
  if (typeof items === "string") return items === "" ? [] : [{ role: "user", parts: [{ type: "text", content: items }] }];
  if (!Array.isArray(items)) return [];
  const messages: ContentMessage[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const type = asString(item["type"]) ?? "message";
    const id = asString(item["call_id"]);
    if (type === "function_call" || type === "custom_tool_call") {
      messages.push({
        role: "assistant",
        parts: [
          {
            type: "tool_call",
            ...(id === undefined ? {} : { id }),
            name: asString(item["name"]) ?? "",
            arguments: item["arguments"] ?? item["input"],
          },
        ],
      });
    } else if (type === "function_call_output" || type === "custom_tool_call_output") {
      messages.push({
        role: "tool",
        parts: [{ type: "tool_call_response", ...(id === undefined ? {} : { id }), response: item["output"] }],
      });
    } else if (type === "reasoning") {
      const summary = Array.isArray(item["summary"]) ? item["summary"].map((part) => asString(field(part, "text")) ?? "").join("") : "";
      if (summary !== "") messages.push({ role: "assistant", parts: [{ type: "reasoning", content: summary }] });
    } else if (type === "message") {
      messages.push({ role: asString(item["role"]) ?? defaultRole, parts: itemParts(item["content"]) });
    }
  }
  return messages;
}

function finishReason(response: JsonObject): string | undefined {
  const status = asString(response["status"]);
  if (status === "completed") return "stop";
  if (status === "incomplete") return asString(field(response["incomplete_details"], "reason")) ?? "incomplete";
  if (status === "failed") return "error";
  return status;
}

function readResponse(response: unknown, request: JsonObject): CallOutcome {
  if (!isObject(response)) return { finishReasons: [], outputMessages: [] };
  const usage = responsesUsage(response["usage"], isTwelveHourRetention(request));
  const reason = finishReason(response);
  const responseId = asString(response["id"]);
  const responseModel = asString(response["model"]);
  const serviceTier = asString(response["service_tier"]);
  const outputMessages = itemsToMessages(response["output"], "assistant");
  const last = outputMessages.at(-1);
  if (last !== undefined && reason !== undefined) last.finish_reason = reason;
  return {
    ...(responseId === undefined ? {} : { responseId }),
    ...(responseModel === undefined ? {} : { responseModel }),
    ...(serviceTier === undefined ? {} : { serviceTier }),
    ...(usage === undefined ? {} : { usage }),
    finishReasons: reason === undefined ? [] : [reason],
    outputMessages,
    ...(hasRefusal(response["output"]) ? { refused: true } : {}),
  };
}

/** Whether an output message holds a refusal part ({ type: "refusal", refusal }). */
function hasRefusal(output: unknown): boolean {
  if (!Array.isArray(output)) return false;
  return output.some((item) => {
    const content = field(item, "content");
    return Array.isArray(content) && content.some((part) => field(part, "type") === "refusal");
  });
}

const FINAL_EVENTS = new Set(["response.completed", "response.incomplete", "response.failed"]);

class ResponsesStreamAccumulator implements StreamAccumulator {
  private readonly request: JsonObject;
  private latest: unknown;
  private final: CallOutcome | undefined;
  private text = "";
  private refused = false;

  constructor(request: JsonObject) {
    this.request = request;
  }

  onChunk(event: unknown): { deliver: boolean; content: boolean } {
    if (!isObject(event)) return { deliver: true, content: false };
    const type = asString(event["type"]) ?? "";
    if (isObject(event["response"])) {
      this.latest = event["response"];
      if (FINAL_EVENTS.has(type)) this.final = readResponse(event["response"], this.request);
    }
    const isDelta = type.endsWith(".delta");
    if (isDelta && (type === "response.output_text.delta" || type === "response.refusal.delta" || type.includes("arguments"))) {
      this.text += asString(event["delta"]) ?? "";
    }
    if (type === "response.refusal.delta") this.refused = true;
    return { deliver: true, content: isDelta };
  }

  outcome(): CallOutcome {
    if (this.final !== undefined) return this.final;
    // Left before the final event: what the first events said, with the text seen so far.
    const partial = readResponse(this.latest, this.request);
    return {
      ...partial,
      finishReasons: [],
      outputMessages: this.text === "" ? [] : [{ role: "assistant", parts: [{ type: "text", content: this.text }] }],
      ...(this.refused ? { refused: true } : {}),
    };
  }
}

export const responsesAdapter: OperationAdapter = {
  operation: "chat",
  family: "openai",
  requestModel: readModel,
  isStream: (body) => body["stream"] === true,

  requestAttributes(body: JsonObject): Attributes {
    const attributes: Attributes = {};
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TEMPERATURE, body["temperature"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_MAX_TOKENS, body["max_output_tokens"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TOP_P, body["top_p"]);
    setString(attributes, attr.ATTR_OPENAI_REQUEST_SERVICE_TIER, body["service_tier"]);
    if (body["stream"] === true) attributes[attr.ATTR_GEN_AI_REQUEST_STREAM] = true;
    return attributes;
  },

  inputContent(body) {
    const instructions = asString(body["instructions"]);
    return {
      system: instructions ? [{ type: "text", content: instructions }] : [],
      messages: itemsToMessages(body["input"], "user"),
    };
  },

  requestEvidence: (body) => requestEvidence(requestShapeFromBody(body)),

  readResult: readResponse,
  startStream: (_hideUsageChunk, request) => new ResponsesStreamAccumulator(request),

  async estimateUsage(body, outcome): Promise<CallUsage> {
    const counter = await tokenCounterFor(outcome.responseModel ?? readModel(body));
    const input =
      (asString(body["instructions"]) ?? "") +
      itemsToMessages(body["input"], "user")
        .map((message) => partsText(message.parts))
        .join("\n");
    const output = outputText(outcome.outputMessages);
    return {
      inputTokens: counter.count(input),
      outputTokens: output === "" ? 0 : counter.count(output),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      cacheWrite12hTokens: 0,
      reasoningTokens: 0,
      estimated: true,
    };
  },
};
