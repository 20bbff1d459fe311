// OpenAI `POST /v1/chat/completions`: the chat.completion object and the chat.completion.chunk stream.

import type { BuildContext } from "./build-context.ts";
import { splitIntoChunks, type SettledReply } from "./scenario.ts";
import { jsonEvent, type SseEvent } from "./sse.ts";
import type { Usage } from "./types.ts";

const SYSTEM_FINGERPRINT = "fp_mock000000";

export function chatUsage(usage: Usage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    // cache_write_tokens only when some were written, so other answers keep their exact shape.
    prompt_tokens_details: {
      cached_tokens: usage.cachedTokens,
      audio_tokens: 0,
      ...(usage.cacheWriteTokens > 0 ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
    },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

interface SettledToolCall {
  id: string;
  name: string;
  arguments: string;
}

function settleToolCalls(reply: SettledReply, ctx: BuildContext): SettledToolCall[] {
  return reply.toolCalls.map((call) => ({
    id: call.id ?? ctx.id("call_"),
    name: call.name,
    arguments: JSON.stringify(call.arguments),
  }));
}

function finishReason(reply: SettledReply): string {
  return reply.finishReason ?? (reply.toolCalls.length > 0 ? "tool_calls" : "stop");
}

export function buildChatCompletion(reply: SettledReply, ctx: BuildContext): Record<string, unknown> {
  const toolCalls = settleToolCalls(reply, ctx);
  const message: Record<string, unknown> = { role: "assistant", content: reply.text, refusal: reply.refusal, annotations: [] };
  if (toolCalls.length > 0) {
    message["tool_calls"] = toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: ctx.id("chatcmpl-"),
    object: "chat.completion",
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(reply) }],
    usage: chatUsage(reply.usage),
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** Splits a JSON argument string in pieces, as the API streams tool-call arguments. */
function splitArguments(json: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < json.length; start += 8) pieces.push(json.slice(start, start + 8));
  return pieces;
}

/**
 * The SSE frames of a streamed completion: a role delta, content deltas, tool-call deltas, a finish chunk,
 * then (only with `stream_options.include_usage`) a usage chunk with empty `choices`, and `[DONE]`.
 * With include_usage every chunk carries `usage: null`, as the real API sends it.
 */
export function buildChatCompletionStream(reply: SettledReply, ctx: BuildContext, includeUsage: boolean): SseEvent[] {
  const id = ctx.id("chatcmpl-");
  const toolCalls = settleToolCalls(reply, ctx);
  const chunk = (choices: unknown[], usage?: Record<string, unknown>): SseEvent => {
    const body: Record<string, unknown> = {
      id,
      object: "chat.completion.chunk",
      created: ctx.created,
      model: ctx.model,
      service_tier: "default",
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices,
    };
    if (includeUsage) body["usage"] = usage ?? null;
    return jsonEvent(body);
  };
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });

  const frames: SseEvent[] = [];
  const textFirst = reply.chunks.length > 0 || toolCalls.length === 0;
  frames.push(chunk([choice({ role: "assistant", content: textFirst ? "" : null, refusal: null })]));
  for (const piece of reply.chunks) frames.push(chunk([choice({ content: piece })]));
  for (const piece of reply.refusal === null ? [] : splitIntoChunks(reply.refusal)) frames.push(chunk([choice({ refusal: piece })]));
  toolCalls.forEach((call, index) => {
    frames.push(chunk([choice({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] })]));
    for (const piece of splitArguments(call.arguments)) {
      frames.push(chunk([choice({ tool_calls: [{ index, function: { arguments: piece } }] })]));
    }
  });
  frames.push(chunk([choice({}, finishReason(reply))]));
  if (includeUsage) frames.push(chunk([], chatUsage(reply.usage)));
  frames.push({ data: "[DONE]" });
  return frames;
}
