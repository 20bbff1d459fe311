// Reads messages and their content parts in every shape a request or an answer travels in (OpenAI chat
// and Responses, Anthropic Messages, the OTel GenAI "parts", the Vercel AI SDK's prompt) into one
// provider-neutral form: the basis of the request hashes and of the answer heuristics. Ids (tool call
// ids, item ids) and provider options are left out, except Anthropic's cache breakpoints, which are noted.

export type Part =
  | { type: "text"; text: string }
  /** OpenAI's refusal (the message's refusal field, a refusal content part): the model declined. */
  | { type: "refusal"; text: string }
  | { type: "thinking"; text: string }
  /** `arguments` as sent: a JSON string (OpenAI), an object (Anthropic, Vercel) or free text (custom tools). */
  | { type: "tool_call"; name: string; arguments: unknown }
  | { type: "tool_result"; content: unknown }
  /** An image, audio or file; `ref` is its URL, file id or data when the shape carries one. */
  | { type: "media"; modality: string; ref?: string };

export interface Message {
  /** Lower-case; "developer" reads as "system", "model" as "assistant". */
  role: string;
  parts: Part[];
  /** Index in `parts` of the last part marked as a cache breakpoint (Anthropic cache_control), or -1. */
  breakpoint: number;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

/**
 * Whether a block, message or tool carries a cache breakpoint: Anthropic's `cache_control`, or the same
 * through the Vercel AI SDK's provider options (`providerOptions.anthropic.cacheControl`).
 */
export function hasBreakpoint(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isObject(value["cache_control"])) return true;
  // Read without allocating: this runs for every message and part of every request.
  for (const key of PROVIDER_OPTION_KEYS) {
    const options = value[key];
    if (!isObject(options)) continue;
    const anthropic = options["anthropic"];
    if (isObject(anthropic) && (isObject(anthropic["cacheControl"]) || isObject(anthropic["cache_control"]))) return true;
  }
  return false;
}

const PROVIDER_OPTION_KEYS = ["providerOptions", "providerMetadata", "experimental_providerMetadata"] as const;

export function normalizeRole(role: string): string {
  const lower = role.trim().toLowerCase();
  if (lower === "developer") return "system";
  if (lower === "model") return "assistant";
  return lower;
}

function media(modality: string, ref: unknown): Part {
  return typeof ref === "string" && ref !== "" ? { type: "media", modality, ref } : { type: "media", modality };
}

/** A Responses API reasoning summary: [{ type: "summary_text", text }]. */
function summaryText(summary: unknown): string | undefined {
  if (!Array.isArray(summary)) return undefined;
  return summary.map((part) => str(obj(part)["text"]) ?? "").join("");
}

/** Vercel AI SDK 5 tool outputs are `{ type: "text" | "json" | ..., value }`: the value is the result. */
function toolOutput(value: unknown): unknown {
  if (isObject(value) && typeof value["type"] === "string" && "value" in value && Object.keys(value).length === 2) return value["value"];
  return value;
}

/** One content part of any known shape, or null when it holds nothing (empty text). */
export function readPart(raw: unknown): Part | null {
  if (typeof raw === "string") return raw === "" ? null : { type: "text", text: raw };
  if (!isObject(raw)) return null;
  const type = str(raw["type"]) ?? "text";
  switch (type) {
    case "text":
    case "input_text":
    case "output_text": {
      const text = str(raw["text"]) ?? str(raw["content"]);
      return text ? { type: "text", text } : null;
    }
    case "refusal": {
      const text = str(raw["refusal"]) ?? str(raw["text"]) ?? str(raw["content"]);
      return text ? { type: "refusal", text } : null;
    }
    case "reasoning":
    case "thinking":
    case "redacted_thinking": {
      const text = str(raw["content"]) ?? str(raw["text"]) ?? str(raw["thinking"]) ?? summaryText(raw["summary"]) ?? str(raw["data"]);
      return text ? { type: "thinking", text } : null;
    }
    case "tool_call":
    case "tool-call":
    case "tool_use":
    case "server_tool_use":
    case "function_call":
    case "custom_tool_call":
    case "function": {
      const fn = obj(raw["function"]);
      return {
        type: "tool_call",
        name: str(raw["name"]) ?? str(raw["toolName"]) ?? str(fn["name"]) ?? "",
        arguments: raw["arguments"] ?? raw["input"] ?? raw["args"] ?? fn["arguments"],
      };
    }
    case "tool_call_response":
    case "tool_result":
    case "tool-result":
    case "function_call_output":
    case "custom_tool_call_output":
      return { type: "tool_result", content: toolOutput(raw["response"] ?? raw["output"] ?? raw["result"] ?? raw["content"]) };
    case "image_url":
      return media("image", str(raw["image_url"]) ?? obj(raw["image_url"])["url"]);
    case "input_image":
      return media("image", raw["image_url"] ?? raw["file_id"]);
    case "image": {
      const source = obj(raw["source"]);
      return media("image", source["data"] ?? source["url"] ?? source["file_id"] ?? raw["image"] ?? raw["url"]);
    }
    case "input_audio":
      return media("audio", obj(raw["input_audio"])["data"]);
    case "file":
    case "input_file":
    case "document": {
      const file = obj(raw["file"]);
      const source = obj(raw["source"]);
      return media(
        "file",
        file["file_id"] ?? file["file_data"] ?? raw["file_id"] ?? raw["file_data"] ?? source["data"] ?? source["url"] ?? raw["data"],
      );
    }
    case "uri":
      return media(str(raw["modality"]) ?? "file", raw["uri"]);
    case "blob":
      return media(str(raw["modality"]) ?? "file", raw["content"] ?? raw["data"]);
    default:
      return media(type, undefined);
  }
}

/** OpenAI chat tool calls: [{ type: "function", function: { name, arguments } } | { type: "custom", custom: { name, input } }]. */
function toolCalls(calls: unknown): Part[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((call): Part => {
    const fn = obj(call["function"]);
    const custom = obj(call["custom"]);
    return {
      type: "tool_call",
      name: str(fn["name"]) ?? str(custom["name"]) ?? str(call["name"]) ?? "",
      arguments: fn["arguments"] ?? custom["input"] ?? call["arguments"],
    };
  });
}

/**
 * One message of any known shape: `{ role, content }` (a string, a part, or a list of parts), the GenAI
 * `{ role, parts }`, OpenAI's `tool_calls` and `refusal` fields and its `tool` messages, a Responses API
 * input or output item, a choice wrapping its message, or plain text (then `defaultRole`'s).
 */
export function readMessage(raw: unknown, defaultRole: string): Message | null {
  if (typeof raw === "string") return raw === "" ? null : { role: defaultRole, parts: [{ type: "text", text: raw }], breakpoint: -1 };
  if (!isObject(raw)) return null;
  // A choice ({ index, finish_reason, message }) or a gen_ai.choice event body.
  if (isObject(raw["message"]) && raw["role"] === undefined && raw["content"] === undefined && raw["parts"] === undefined) {
    return readMessage(raw["message"], defaultRole);
  }
  const itemType = str(raw["type"]);
  if (itemType !== undefined && itemType !== "message" && raw["role"] === undefined) {
    // A Responses API item that is no message: function_call, function_call_output, reasoning, ...
    const part = readPart(raw);
    if (part === null) return null;
    return { role: part.type === "tool_result" ? "tool" : "assistant", parts: [part], breakpoint: hasBreakpoint(raw) ? 0 : -1 };
  }
  const role = normalizeRole(str(raw["role"]) || defaultRole);
  const parts: Part[] = [];
  let breakpoint = -1;
  const add = (rawPart: unknown) => {
    const part = readPart(rawPart);
    if (part === null) return;
    parts.push(part);
    if (hasBreakpoint(rawPart)) breakpoint = parts.length - 1;
  };
  if (Array.isArray(raw["parts"])) raw["parts"].forEach(add);
  const content = raw["content"];
  if (role === "tool" && !Array.isArray(raw["parts"]) && !isToolResultList(content)) {
    // OpenAI's { role: "tool", tool_call_id, content }: the whole content is the result.
    if (content !== undefined && content !== null && content !== "") parts.push({ type: "tool_result", content });
  } else if (Array.isArray(content)) content.forEach(add);
  else if (typeof content === "string" || isObject(content)) add(content);
  else if (content === undefined && typeof raw["text"] === "string") add(raw["text"]);
  const refusal = str(raw["refusal"]);
  if (refusal) parts.push({ type: "refusal", text: refusal });
  parts.push(...toolCalls(raw["tool_calls"]));
  if (hasBreakpoint(raw) && parts.length > 0) breakpoint = parts.length - 1;
  return parts.length === 0 ? null : { role, parts, breakpoint };
}

/** A Vercel AI SDK tool message's content: [{ type: "tool-result", ... }]. */
function isToolResultList(content: unknown): boolean {
  return (
    Array.isArray(content) && content.some((part) => isObject(part) && (part["type"] === "tool-result" || part["type"] === "tool_result"))
  );
}

/** A list of messages (any shape each), or text (one message of `defaultRole`). Messages without content are left out. */
export function readMessages(raw: unknown, defaultRole: string): Message[] {
  if (typeof raw === "string") {
    const message = readMessage(raw, defaultRole);
    return message === null ? [] : [message];
  }
  if (!Array.isArray(raw)) return [];
  const messages: Message[] = [];
  for (const item of raw) {
    const message = readMessage(item, defaultRole);
    if (message !== null) messages.push(message);
  }
  return messages;
}
