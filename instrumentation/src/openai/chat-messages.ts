// OpenAI chat messages (request and response) in the GenAI "parts" shape.
import { partsText, type ContentMessage, type ContentPart } from "../call-outcome.ts";
import { asString, isObject } from "../internal-types.ts";

function contentParts(content: unknown): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", content }];
  if (!Array.isArray(content)) return [];
  const parts: ContentPart[] = [];
  for (const item of content) {
    if (!isObject(item)) continue;
    const type = item["type"];
    if (type === "text" || type === "input_text" || type === "output_text") {
      const text = asString(item["text"]);
      if (text !== undefined) parts.push({ type: "text", content: text });
    } else if (type === "refusal") {
      const text = asString(item["refusal"]);
      if (text !== undefined) parts.push({ type: "text", content: text });
    } else if (type === "image_url" || type === "input_image") {
      parts.push({ type: "uri", modality: "image" });
    } else if (type === "input_audio") {
      parts.push({ type: "blob", modality: "audio" });
    } else if (type === "file" || type === "input_file") {
      parts.push({ type: "blob", modality: "file" });
    }
  }
  return parts;
}

function toolCallParts(toolCalls: unknown): ContentPart[] {
  if (!Array.isArray(toolCalls)) return [];
  const parts: ContentPart[] = [];
  for (const call of toolCalls) {
    if (!isObject(call)) continue;
    const fn = isObject(call["function"]) ? call["function"] : isObject(call["custom"]) ? call["custom"] : {};
    const id = asString(call["id"]);
    parts.push({
      type: "tool_call",
      ...(id === undefined ? {} : { id }),
      name: asString(fn["name"]) ?? "",
      arguments: fn["arguments"] ?? fn["input"],
    });
  }
  return parts;
}

export function chatRequestMessages(messages: unknown): ContentMessage[] {
  if (!Array.isArray(messages)) return [];
  const out: ContentMessage[] = [];
  for (const message of messages) {
    if (!isObject(message)) continue;
    const role = asString(message["role"]) ?? "user";
    if (role === "tool") {
      const id = asString(message["tool_call_id"]);
      out.push({ role, parts: [{ type: "tool_call_response", ...(id === undefined ? {} : { id }), response: message["content"] }] });
      continue;
    }
    out.push({ role, parts: [...contentParts(message["content"]), ...toolCallParts(message["tool_calls"])] });
  }
  return out;
}

export function chatResponseMessage(message: unknown, finishReason: string | undefined): ContentMessage {
  const parts: ContentPart[] = [];
  if (isObject(message)) {
    parts.push(...contentParts(message["content"]));
    const refusal = asString(message["refusal"]);
    if (refusal) parts.push({ type: "text", content: refusal });
    parts.push(...toolCallParts(message["tool_calls"]));
  }
  return { role: "assistant", parts, ...(finishReason === undefined ? {} : { finish_reason: finishReason }) };
}

/** Role, text and name of each request message, for local token counting. */
export function chatPromptTexts(messages: unknown): Array<{ role: string; text: string; name?: string }> {
  if (!Array.isArray(messages)) return [];
  const texts: Array<{ role: string; text: string; name?: string }> = [];
  for (const raw of messages) {
    const [message] = chatRequestMessages([raw]);
    if (message === undefined) continue;
    const name = isObject(raw) ? asString(raw["name"]) : undefined;
    texts.push({ role: message.role, text: partsText(message.parts), ...(name === undefined ? {} : { name }) });
  }
  return texts;
}
