// OpenAI `POST /v1/responses`: the response object and its named-event stream (response.created … response.completed).

import type { BuildContext } from "./build-context.ts";
import type { SettledReply } from "./scenario.ts";
import { jsonEvent, type SseEvent } from "./sse.ts";
import type { Usage } from "./types.ts";

export function responsesUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: {
      cached_tokens: usage.cachedTokens,
      ...(usage.cacheWriteTokens > 0 ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
    },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

type Item = Record<string, unknown>;

/** Output items in API order: reasoning (when reasoning tokens were spent), the message, then function calls. */
function outputItems(reply: SettledReply, ctx: BuildContext): Item[] {
  const items: Item[] = [];
  if (reply.usage.reasoningTokens > 0) items.push({ id: ctx.id("rs_"), type: "reasoning", summary: [] });
  if (reply.text !== null || reply.refusal !== null) {
    items.push({
      id: ctx.id("msg_"),
      type: "message",
      status: "completed",
      role: "assistant",
      content: [
        ...(reply.text === null ? [] : [{ type: "output_text", annotations: [], logprobs: [], text: reply.text }]),
        ...(reply.refusal === null ? [] : [{ type: "refusal", refusal: reply.refusal }]),
      ],
    });
  }
  for (const call of reply.toolCalls) {
    items.push({
      id: ctx.id("fc_"),
      type: "function_call",
      status: "completed",
      arguments: JSON.stringify(call.arguments),
      call_id: call.id ?? ctx.id("call_"),
      name: call.name,
    });
  }
  return items;
}

/** Echoes the request settings the API reports back on the response object. */
function responseShell(request: Record<string, unknown>, ctx: BuildContext, id: string): Record<string, unknown> {
  return {
    id,
    object: "response",
    created_at: ctx.created,
    status: "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request["instructions"] ?? null,
    max_output_tokens: request["max_output_tokens"] ?? null,
    model: ctx.model,
    output: [],
    parallel_tool_calls: true,
    previous_response_id: request["previous_response_id"] ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: request["store"] ?? true,
    temperature: request["temperature"] ?? 1,
    text: { format: { type: "text" } },
    tool_choice: request["tool_choice"] ?? "auto",
    tools: request["tools"] ?? [],
    top_p: request["top_p"] ?? 1,
    truncation: "disabled",
    usage: null,
    user: null,
    metadata: request["metadata"] ?? {},
  };
}

export function buildResponse(request: Record<string, unknown>, reply: SettledReply, ctx: BuildContext): Record<string, unknown> {
  return {
    ...responseShell(request, ctx, ctx.id("resp_")),
    status: "completed",
    completed_at: ctx.created,
    output: outputItems(reply, ctx),
    usage: responsesUsage(reply.usage),
  };
}

export function buildResponseStream(request: Record<string, unknown>, reply: SettledReply, ctx: BuildContext): SseEvent[] {
  const shell = responseShell(request, ctx, ctx.id("resp_"));
  const items = outputItems(reply, ctx);
  const frames: SseEvent[] = [];
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>) => {
    frames.push(jsonEvent({ type, ...fields, sequence_number: sequence++ }, type));
  };

  emit("response.created", { response: shell });
  emit("response.in_progress", { response: shell });
  items.forEach((item, outputIndex) => {
    const itemId = item["id"];
    if (item["type"] === "message") {
      emit("response.output_item.added", {
        output_index: outputIndex,
        item: { ...item, status: "in_progress", content: [] },
      });
      const emptyPart = { type: "output_text", annotations: [], logprobs: [], text: "" };
      emit("response.content_part.added", { item_id: itemId, output_index: outputIndex, content_index: 0, part: emptyPart });
      for (const delta of reply.chunks) {
        emit("response.output_text.delta", { item_id: itemId, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
      }
      const text = reply.text ?? "";
      emit("response.output_text.done", { item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
      emit("response.content_part.done", {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part: { ...emptyPart, text },
      });
      if (reply.refusal !== null) {
        emit("response.refusal.delta", { item_id: itemId, output_index: outputIndex, content_index: 1, delta: reply.refusal });
        emit("response.refusal.done", { item_id: itemId, output_index: outputIndex, content_index: 1, refusal: reply.refusal });
      }
    } else if (item["type"] === "function_call") {
      emit("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", arguments: "" } });
      const args = String(item["arguments"]);
      emit("response.function_call_arguments.delta", { item_id: itemId, output_index: outputIndex, delta: args });
      emit("response.function_call_arguments.done", { item_id: itemId, output_index: outputIndex, name: item["name"], arguments: args });
    } else {
      emit("response.output_item.added", { output_index: outputIndex, item });
    }
    emit("response.output_item.done", { output_index: outputIndex, item });
  });
  emit("response.completed", {
    response: { ...shell, status: "completed", completed_at: ctx.created, output: items, usage: responsesUsage(reply.usage) },
  });
  return frames;
}
