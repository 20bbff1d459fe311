// What one LLM call produced, in one shape for both SDKs: the adapters fill it from a response
// body or a finished stream, and the call span records it.

/** Token counts as the GenAI conventions define them: input includes cache, output includes reasoning. */
export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** The 1-hour part of cacheWriteTokens (Anthropic). */
  cacheWrite1hTokens: number;
  /** The 12-hour part of cacheWriteTokens (OpenAI's extended prompt cache retention). */
  cacheWrite12hTokens: number;
  reasoningTokens: number;
  /** Counted locally (tiktoken) because the provider reported none. */
  estimated: boolean;
}

/** A message part in the GenAI conventions' "parts" shape. */
export type ContentPart =
  | { type: "text"; content: string }
  | { type: "reasoning"; content: string }
  | { type: "tool_call"; id?: string; name: string; arguments?: unknown }
  | { type: "tool_call_response"; id?: string; response: unknown }
  | { type: "uri" | "blob"; modality: string; mime_type?: string };

export interface ContentMessage {
  role: string;
  parts: ContentPart[];
  finish_reason?: string;
}

export interface CallOutcome {
  responseId?: string;
  responseModel?: string;
  finishReasons: string[];
  usage?: CallUsage;
  /** What a stream that ended early did report (Anthropic's message_start input), for estimating the rest. */
  partialUsage?: Partial<CallUsage>;
  serviceTier?: string;
  /** Anthropic's speed ("standard" | "fast"): the response's usage.speed, else the requested speed. */
  speed?: string;
  /** Where the call was processed: Anthropic's usage.inference_geo, else the requested inference_geo. */
  inferenceGeo?: string;
  outputMessages: ContentMessage[];
  /** The provider said the model declined (OpenAI's refusal field or refusal part); the text is in outputMessages. */
  refused?: boolean;
}

export function emptyOutcome(): CallOutcome {
  return { finishReasons: [], outputMessages: [] };
}

export function zeroUsage(estimated: boolean): CallUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheWrite12hTokens: 0,
    reasoningTokens: 0,
    estimated,
  };
}

/** Plain text of message parts, for local token counting: text, reasoning, tool calls and their results. */
export function partsText(parts: readonly ContentPart[]): string {
  let text = "";
  for (const part of parts) {
    if (part.type === "text" || part.type === "reasoning") text += part.content;
    else if (part.type === "tool_call")
      text += part.name + (typeof part.arguments === "string" ? part.arguments : JSON.stringify(part.arguments ?? ""));
    else if (part.type === "tool_call_response")
      text += typeof part.response === "string" ? part.response : JSON.stringify(part.response ?? "");
  }
  return text;
}

/** Plain text of the output messages. */
export function outputText(messages: readonly ContentMessage[]): string {
  return messages.map((message) => partsText(message.parts)).join("");
}
