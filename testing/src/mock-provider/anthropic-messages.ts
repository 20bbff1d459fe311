// Anthropic `POST /v1/messages`: the message object and its event stream (message_start … message_stop, with pings).

import type { BuildContext } from "./build-context.ts";
import type { SettledReply } from "./scenario.ts";
import { jsonEvent, type SseEvent } from "./sse.ts";
import type { Usage } from "./types.ts";

/**
 * The request's `speed` and `inference_geo`, which the API reports back in usage (usage.speed,
 * usage.inference_geo); only when the request set them, so other answers keep their exact shape.
 */
function echoedPlacement(request: Record<string, unknown>): Record<string, unknown> {
  const echoed: Record<string, unknown> = {};
  if (request["speed"] === "fast" || request["speed"] === "standard") echoed["speed"] = request["speed"];
  if (typeof request["inference_geo"] === "string") echoed["inference_geo"] = request["inference_geo"];
  return echoed;
}

/** Anthropic's `input_tokens` excludes cache reads and writes: the three add up to the whole prompt. */
export function anthropicUsage(
  usage: Usage,
  outputTokens = usage.outputTokens,
  request: Record<string, unknown> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheWriteTokens - usage.cacheWrite1hTokens,
      ephemeral_1h_input_tokens: usage.cacheWrite1hTokens,
    },
    output_tokens: outputTokens,
    service_tier: "standard",
    ...echoedPlacement(request),
  };
  if (usage.reasoningTokens > 0) body["output_tokens_details"] = { thinking_tokens: usage.reasoningTokens };
  return body;
}

type Block = Record<string, unknown>;

function contentBlocks(reply: SettledReply, ctx: BuildContext): Block[] {
  const blocks: Block[] = [];
  if (reply.text !== null) blocks.push({ type: "text", text: reply.text });
  for (const call of reply.toolCalls) {
    blocks.push({ type: "tool_use", id: call.id ?? ctx.id("toolu_"), name: call.name, input: call.arguments });
  }
  return blocks;
}

function stopReason(reply: SettledReply): string {
  return reply.finishReason ?? (reply.toolCalls.length > 0 ? "tool_use" : "end_turn");
}

export function buildMessage(reply: SettledReply, ctx: BuildContext, request: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ctx.id("msg_"),
    type: "message",
    role: "assistant",
    model: ctx.model,
    content: contentBlocks(reply, ctx),
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: anthropicUsage(reply.usage, reply.usage.outputTokens, request),
  };
}

/**
 * message_start carries the input and cache counts with `output_tokens: 1` (and the echoed speed and
 * inference_geo); message_delta carries the final output count (and, in "cumulative" mode, the input and
 * cache totals again, as the current API does).
 */
export function buildMessageStream(reply: SettledReply, ctx: BuildContext, request: Record<string, unknown> = {}): SseEvent[] {
  const frames: SseEvent[] = [];
  const emit = (type: string, fields: Record<string, unknown> = {}) => frames.push(jsonEvent({ type, ...fields }, type));
  const usage = reply.usage;

  emit("message_start", {
    message: {
      id: ctx.id("msg_"),
      type: "message",
      role: "assistant",
      model: ctx.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: anthropicUsage(usage, Math.min(1, usage.outputTokens), request),
    },
  });
  emit("ping");
  contentBlocks(reply, ctx).forEach((block, index) => {
    if (block["type"] === "text") {
      emit("content_block_start", { index, content_block: { type: "text", text: "" } });
      for (const text of reply.chunks) emit("content_block_delta", { index, delta: { type: "text_delta", text } });
    } else {
      emit("content_block_start", { index, content_block: { ...block, input: {} } });
      emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: JSON.stringify(block["input"]) } });
    }
    emit("content_block_stop", { index });
  });
  const deltaUsage: Record<string, unknown> =
    reply.anthropicDeltaUsage === "output-only"
      ? { output_tokens: usage.outputTokens }
      : {
          input_tokens: usage.inputTokens,
          cache_creation_input_tokens: usage.cacheWriteTokens,
          cache_read_input_tokens: usage.cachedTokens,
          output_tokens: usage.outputTokens,
        };
  emit("message_delta", { delta: { stop_reason: stopReason(reply), stop_sequence: null }, usage: deltaUsage });
  emit("message_stop");
  return frames;
}
