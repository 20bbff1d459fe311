// Renders captured prompt/completion content into readable text ("system: ...\nuser: ..."), whatever
// message shape the source used (the mappers then cap it with capText of @promptmetrics/runs). Parses
// JSON only when content is present.
import type { AttrValue } from "../otlp/types.ts";
import { isRecord, parseJson } from "./attr-read.ts";

/** Joins non-empty pieces with newlines. */
export function joinLines(pieces: readonly string[]): string {
  let out = "";
  for (const piece of pieces) {
    if (piece === "") continue;
    out = out === "" ? piece : `${out}\n${piece}`;
  }
  return out;
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** One content part of any known shape: OTel parts, OpenAI/Anthropic blocks, Vercel AI SDK parts. */
export function renderPart(part: unknown): string {
  if (typeof part === "string") return part;
  if (!isRecord(part)) return "";
  const type = typeof part["type"] === "string" ? part["type"] : "text";
  switch (type) {
    case "text":
    case "input_text":
    case "output_text":
      return stringify(part["content"] ?? part["text"]);
    case "reasoning":
    case "thinking":
      return stringify(part["content"] ?? part["text"] ?? part["thinking"]);
    case "tool_call":
    case "tool-call":
    case "tool_use":
    case "function_call": {
      const name = stringify(part["name"] ?? part["toolName"]);
      const args = stringify(part["arguments"] ?? part["input"] ?? part["args"]);
      return args === "" ? `[tool_call ${name}]` : `[tool_call ${name} ${args}]`;
    }
    case "tool_call_response":
    case "tool-result":
    case "tool_result":
    case "function_call_output":
      return `[tool_result ${stringify(part["response"] ?? part["output"] ?? part["result"] ?? part["content"])}]`;
    default:
      return `[${type}]`;
  }
}

function renderParts(parts: readonly unknown[]): string {
  return joinLines(parts.map(renderPart));
}

/** OpenAI-style tool_calls: [{ function: { name, arguments } }]. */
function renderToolCalls(calls: unknown): string {
  if (!Array.isArray(calls)) return "";
  const pieces: string[] = [];
  for (const call of calls) {
    if (!isRecord(call)) continue;
    const fn = isRecord(call["function"]) ? call["function"] : call;
    pieces.push(renderPart({ type: "tool_call", name: fn["name"], arguments: fn["arguments"] }));
  }
  return joinLines(pieces);
}

/** The text of one message's body, whichever field holds it. */
export function renderMessageBody(message: Record<string, unknown>): string {
  const pieces: string[] = [];
  const parts = message["parts"];
  if (Array.isArray(parts)) pieces.push(renderParts(parts));
  const content = message["content"];
  if (typeof content === "string") pieces.push(content);
  else if (Array.isArray(content)) pieces.push(renderParts(content));
  else if (isRecord(content)) pieces.push(renderPart(content));
  else if (typeof message["text"] === "string") pieces.push(message["text"]); // text-completion choice
  pieces.push(renderToolCalls(message["tool_calls"]));
  return joinLines(pieces);
}

function renderMessage(message: unknown, defaultRole: string): string {
  if (typeof message === "string") return message === "" ? "" : `${defaultRole}: ${message}`;
  if (!isRecord(message)) return "";
  // A gen_ai.choice body wraps the message.
  if (isRecord(message["message"]) && message["content"] === undefined && message["parts"] === undefined) {
    return renderMessage(message["message"], defaultRole);
  }
  const role = typeof message["role"] === "string" && message["role"] !== "" ? message["role"] : defaultRole;
  const body = renderMessageBody(message);
  return body === "" ? "" : `${role}: ${body}`;
}

export function renderMessages(list: readonly unknown[], defaultRole = "user"): string {
  return joinLines(list.map((message) => renderMessage(message, defaultRole)));
}

/** gen_ai.system_instructions: a parts array (or plain text), rendered as one system line. */
export function renderSystemInstructions(value: AttrValue | undefined): string {
  if (value === undefined || value === null) return "";
  const parsed = typeof value === "string" ? parseMaybeJson(value) : value;
  if (typeof parsed === "string") return parsed === "" ? "" : `system: ${parsed}`;
  if (Array.isArray(parsed)) {
    const body = renderParts(parsed);
    return body === "" ? "" : `system: ${body}`;
  }
  return renderMessage(parsed, "system");
}

function parseMaybeJson(text: string): unknown {
  const first = text.trimStart().charAt(0);
  if (first !== "[" && first !== "{" && first !== '"') return text;
  const parsed = parseJson(text);
  return parsed === undefined ? text : parsed;
}

/**
 * An attribute holding messages: a JSON array of messages (any known shape), an object with
 * `messages`, an already-decoded AnyValue array, or plain text (returned as is).
 */
export function renderContentValue(value: AttrValue | undefined, defaultRole = "user"): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const parsed = typeof value === "string" ? parseMaybeJson(value) : value;
  if (typeof parsed === "string") return parsed;
  if (Array.isArray(parsed)) {
    const rendered = renderMessages(parsed, defaultRole);
    return rendered !== "" || typeof value !== "string" ? rendered : value;
  }
  if (isRecord(parsed)) {
    const rendered = renderContentObject(parsed, defaultRole);
    if (rendered !== "") return rendered;
  }
  return typeof value === "string" ? value : stringify(value);
}

/** Objects seen as content: Vercel `ai.prompt` {system, prompt, messages}, {messages}, {choices}, one message. */
function renderContentObject(object: Record<string, unknown>, defaultRole: string): string {
  const pieces: string[] = [];
  const system = object["system"];
  if (typeof system === "string" && system !== "") pieces.push(`system: ${system}`);
  const messages = object["messages"];
  if (Array.isArray(messages)) pieces.push(renderMessages(messages, defaultRole));
  const prompt = object["prompt"];
  if (typeof prompt === "string" && prompt !== "") pieces.push(`${defaultRole}: ${prompt}`);
  else if (Array.isArray(prompt)) pieces.push(renderMessages(prompt, defaultRole));
  // A chat completion response object (OpenInference output.value).
  const choices = object["choices"];
  if (Array.isArray(choices)) pieces.push(renderMessages(choices, "assistant"));
  if (pieces.length === 0 && (object["role"] !== undefined || object["content"] !== undefined || object["parts"] !== undefined)) {
    pieces.push(renderMessage(object, defaultRole));
  }
  return joinLines(pieces);
}

/**
 * System instructions followed by the input messages. Some SDKs (OpenLIT JS) also put the system prompt
 * in the messages: it is then not repeated.
 */
export function withSystemInstructions(system: string, messages: string): string {
  if (system !== "" && messages.startsWith(system)) return messages;
  return joinLines([system, messages]);
}
