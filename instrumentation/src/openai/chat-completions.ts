// chat.completions.create: request parameters, the response body, and the chunk stream.
import type { Attributes } from "@opentelemetry/api";
import { requestEvidence, requestShapeFromBody } from "@promptmetrics/pricing/evidence";
import type { OperationAdapter, StreamAccumulator } from "../adapter.ts";
import { outputText, type CallOutcome, type CallUsage, type ContentMessage, type ContentPart } from "../call-outcome.ts";
import { asString, isObject, type JsonObject } from "../internal-types.ts";
import { count, field, readModel, setNumber, setString, setStringList } from "../request-attributes.ts";
import * as attr from "../semconv.ts";
import { countChatPrompt, tokenCounterFor } from "../token-estimate.ts";
import { chatPromptTexts, chatRequestMessages, chatResponseMessage } from "./chat-messages.ts";

/** How an API names its token counts: chat completions say prompt/completion, the Responses API input/output. */
export interface UsageNames {
  input: "prompt" | "input";
  output: "completion" | "output";
}

const CHAT_USAGE: UsageNames = { input: "prompt", output: "completion" };

/**
 * Whether a request's `prompt_cache_retention` makes its cache writes 12-hour writes: "12h" or "24h" (the
 * extended value the installed SDK's types list); the catalogue has one extended write price, cacheWrite12h.
 */
export function isTwelveHourRetention(request: JsonObject): boolean {
  const retention = request["prompt_cache_retention"];
  return retention === "12h" || retention === "24h";
}

/**
 * The usage OpenAI reports, in the conventions' terms. Cache writes are read from
 * `*_tokens_details.cache_write_tokens`, which the SDK's types do not have yet (hence read as unknown);
 * with `retained12h` (see isTwelveHourRetention) every write is a 12-hour write.
 */
export function openaiUsage(usage: unknown, names: UsageNames = CHAT_USAGE, retained12h = false): CallUsage | undefined {
  if (!isObject(usage)) return undefined;
  const inputDetails = usage[`${names.input}_tokens_details`];
  const cacheWrite = count(field(inputDetails, "cache_write_tokens"));
  return {
    inputTokens: count(usage[`${names.input}_tokens`]),
    outputTokens: count(usage[`${names.output}_tokens`]),
    cacheReadTokens: count(field(inputDetails, "cached_tokens")),
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: 0,
    cacheWrite12hTokens: retained12h ? cacheWrite : 0,
    reasoningTokens: count(field(usage[`${names.output}_tokens_details`], "reasoning_tokens")),
    estimated: false,
  };
}

interface ChoiceState {
  text: string;
  refusal: string;
  toolCalls: Map<number, { id?: string; name: string; arguments: string }>;
  finishReason: string | undefined;
}

class ChatStreamAccumulator implements StreamAccumulator {
  private readonly hideUsageChunk: boolean;
  private readonly retained12h: boolean;
  private readonly choices = new Map<number, ChoiceState>();
  private id: string | undefined;
  private model: string | undefined;
  private serviceTier: string | undefined;
  private usage: CallUsage | undefined;

  constructor(hideUsageChunk: boolean, retained12h: boolean) {
    this.hideUsageChunk = hideUsageChunk;
    this.retained12h = retained12h;
  }

  onChunk(chunk: unknown): { deliver: boolean; content: boolean } {
    if (!isObject(chunk)) return { deliver: true, content: false };
    this.id ??= asString(chunk["id"]);
    this.model ??= asString(chunk["model"]);
    this.serviceTier = asString(chunk["service_tier"]) ?? this.serviceTier;
    const usage = openaiUsage(chunk["usage"], CHAT_USAGE, this.retained12h);
    if (usage !== undefined) this.usage = usage;
    const choices = Array.isArray(chunk["choices"]) ? chunk["choices"] : [];
    let content = false;
    for (const choice of choices) {
      if (!isObject(choice)) continue;
      const index = typeof choice["index"] === "number" ? choice["index"] : 0;
      let state = this.choices.get(index);
      if (state === undefined) {
        state = { text: "", refusal: "", toolCalls: new Map(), finishReason: undefined };
        this.choices.set(index, state);
      }
      const delta = isObject(choice["delta"]) ? choice["delta"] : {};
      const text = asString(delta["content"]);
      if (text) {
        state.text += text;
        content = true;
      }
      const refusal = asString(delta["refusal"]);
      if (refusal) {
        state.refusal += refusal;
        content = true;
      }
      if (Array.isArray(delta["tool_calls"])) {
        for (const call of delta["tool_calls"]) {
          if (!isObject(call)) continue;
          content = true;
          const callIndex = typeof call["index"] === "number" ? call["index"] : 0;
          const known = state.toolCalls.get(callIndex) ?? { name: "", arguments: "" };
          const id = asString(call["id"]);
          if (id !== undefined) known.id = id;
          const fn = isObject(call["function"]) ? call["function"] : {};
          known.name += asString(fn["name"]) ?? "";
          known.arguments += asString(fn["arguments"]) ?? "";
          state.toolCalls.set(callIndex, known);
        }
      }
      const finishReason = asString(choice["finish_reason"]);
      if (finishReason) state.finishReason = finishReason;
    }
    const deliver = !(this.hideUsageChunk && usage !== undefined && choices.length === 0);
    return { deliver, content };
  }

  outcome(): CallOutcome {
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    const outputMessages: ContentMessage[] = indexes.map((index) => {
      const state = this.choices.get(index) as ChoiceState;
      const parts: ContentPart[] = [];
      if (state.text !== "") parts.push({ type: "text", content: state.text });
      if (state.refusal !== "") parts.push({ type: "text", content: state.refusal });
      for (const call of state.toolCalls.values()) {
        parts.push({ type: "tool_call", ...(call.id === undefined ? {} : { id: call.id }), name: call.name, arguments: call.arguments });
      }
      return { role: "assistant", parts, ...(state.finishReason === undefined ? {} : { finish_reason: state.finishReason }) };
    });
    return {
      ...(this.id === undefined ? {} : { responseId: this.id }),
      ...(this.model === undefined ? {} : { responseModel: this.model }),
      ...(this.serviceTier === undefined ? {} : { serviceTier: this.serviceTier }),
      ...(this.usage === undefined ? {} : { usage: this.usage }),
      finishReasons: indexes
        .map((index) => this.choices.get(index)?.finishReason)
        .filter((reason): reason is string => reason !== undefined),
      outputMessages,
      ...(indexes.some((index) => this.choices.get(index)?.refusal !== "") ? { refused: true } : {}),
    };
  }
}

export const chatCompletionsAdapter: OperationAdapter = {
  operation: "chat",
  family: "openai",
  requestModel: readModel,
  isStream: (body) => body["stream"] === true,

  requestAttributes(body: JsonObject): Attributes {
    const attributes: Attributes = {};
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TEMPERATURE, body["temperature"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_MAX_TOKENS, body["max_completion_tokens"] ?? body["max_tokens"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_TOP_P, body["top_p"]);
    setStringList(attributes, attr.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, body["stop"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, body["frequency_penalty"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, body["presence_penalty"]);
    setNumber(attributes, attr.ATTR_GEN_AI_REQUEST_SEED, body["seed"]);
    if (typeof body["n"] === "number" && body["n"] !== 1) attributes[attr.ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = body["n"];
    setString(attributes, attr.ATTR_OPENAI_REQUEST_SERVICE_TIER, body["service_tier"]);
    if (body["stream"] === true) attributes[attr.ATTR_GEN_AI_REQUEST_STREAM] = true;
    return attributes;
  },

  prepare(body, askForStreamUsage) {
    if (body["stream"] !== true || !askForStreamUsage) return { hideUsageChunk: false };
    const options = isObject(body["stream_options"]) ? body["stream_options"] : {};
    if (options["include_usage"] === true) return { hideUsageChunk: false };
    if (options["include_usage"] === false) return { hideUsageChunk: false };
    return { body: { ...body, stream_options: { ...options, include_usage: true } }, hideUsageChunk: true };
  },

  inputContent(body) {
    return { system: [], messages: chatRequestMessages(body["messages"]) };
  },

  requestEvidence: (body) => requestEvidence(requestShapeFromBody(body)),

  readResult(data, request): CallOutcome {
    if (!isObject(data)) return { finishReasons: [], outputMessages: [] };
    const choices = Array.isArray(data["choices"]) ? data["choices"].filter(isObject) : [];
    const usage = openaiUsage(data["usage"], CHAT_USAGE, isTwelveHourRetention(request));
    const responseId = asString(data["id"]);
    const responseModel = asString(data["model"]);
    const serviceTier = asString(data["service_tier"]);
    return {
      ...(responseId === undefined ? {} : { responseId }),
      ...(responseModel === undefined ? {} : { responseModel }),
      ...(serviceTier === undefined ? {} : { serviceTier }),
      ...(usage === undefined ? {} : { usage }),
      finishReasons: choices.map((choice) => asString(choice["finish_reason"])).filter((reason): reason is string => reason !== undefined),
      outputMessages: choices.map((choice) => chatResponseMessage(choice["message"], asString(choice["finish_reason"]))),
      ...(choices.some((choice) => asString(field(choice["message"], "refusal"))) ? { refused: true } : {}),
    };
  },

  startStream: (hideUsageChunk, request) => new ChatStreamAccumulator(hideUsageChunk, isTwelveHourRetention(request)),

  async estimateUsage(body, outcome): Promise<CallUsage> {
    const counter = await tokenCounterFor(outcome.responseModel ?? readModel(body));
    const output = outputText(outcome.outputMessages);
    return {
      inputTokens: countChatPrompt(counter, chatPromptTexts(body["messages"])),
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
