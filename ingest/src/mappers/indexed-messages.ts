// Renders messages flattened into indexed attributes: OpenLLMetry's gen_ai.prompt.N.{role,content}
// and OpenInference's llm.input_messages.N.message.{role,content,contents.M...,tool_calls.M...}.
import type { Attributes } from "../otlp/types.ts";
import { isRecord, parseJson, readString } from "./attr-read.ts";
import { joinLines, renderPart } from "./content-render.ts";

export interface IndexedShape {
  /** e.g. "gen_ai.prompt." or "llm.input_messages." */
  prefix: string;
  /** Key suffixes after "<prefix><i>". */
  role: string;
  content: string;
  /** Multi-part content: "<prefix><i><contents[0]><j><contents[1]>". */
  contents?: readonly [string, string];
  /** Tool calls: "<prefix><i><toolCalls[0]><j><toolCalls[1] | toolCalls[2]>" for name and arguments. */
  toolCalls?: readonly [string, string, string];
}

const MAX_MESSAGES = 10_000;

export function renderIndexedMessages(attrs: Attributes, shape: IndexedShape, defaultRole: string): string {
  const lines: string[] = [];
  for (let i = 0; i < MAX_MESSAGES; i++) {
    const base = `${shape.prefix}${i}`;
    const role = readString(attrs, base + shape.role);
    const content = readString(attrs, base + shape.content);
    const pieces: string[] = [];
    if (content !== undefined) pieces.push(content);
    // Some instrumentations write the same text as content and as contents.0: read contents only as a fallback.
    if (shape.contents !== undefined && content === undefined)
      pieces.push(readIndexed(attrs, `${base}${shape.contents[0]}`, shape.contents[1]));
    if (shape.toolCalls !== undefined)
      pieces.push(readToolCalls(attrs, `${base}${shape.toolCalls[0]}`, shape.toolCalls[1], shape.toolCalls[2]));
    const body = joinLines(pieces);
    if (role === undefined && body === "") break;
    if (body !== "") lines.push(`${role ?? defaultRole}: ${body}`);
  }
  return joinLines(lines);
}

function readIndexed(attrs: Attributes, base: string, suffix: string): string {
  const pieces: string[] = [];
  for (let j = 0; j < MAX_MESSAGES; j++) {
    const text = readString(attrs, `${base}${j}${suffix}`);
    if (text === undefined) break;
    pieces.push(text);
  }
  return joinLines(pieces);
}

function readToolCalls(attrs: Attributes, base: string, nameSuffix: string, argsSuffix: string): string {
  const pieces: string[] = [];
  for (let j = 0; j < MAX_MESSAGES; j++) {
    const name = readString(attrs, `${base}${j}${nameSuffix}`);
    if (name === undefined) break;
    pieces.push(renderPart({ type: "tool_call", name, arguments: readString(attrs, `${base}${j}${argsSuffix}`) }));
  }
  return joinLines(pieces);
}

/**
 * The same messages as objects, for the request hashes and the answer heuristics: `{ role, content,
 * tool_calls, tool_call_id }` in OpenAI's chat shape (which @promptmetrics/pricing/evidence reads). A
 * content that is a JSON list of content blocks (OpenLLMetry writes Anthropic's that way) is parsed;
 * multi-part contents become a list of `{ type, text }` / `{ type: "image_url" }` parts.
 */
export function readIndexedMessages(attrs: Attributes, shape: IndexedShape, defaultRole: string): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  for (let i = 0; i < MAX_MESSAGES; i++) {
    const base = `${shape.prefix}${i}`;
    const role = readString(attrs, base + shape.role);
    const content = readString(attrs, base + shape.content);
    const parts = shape.contents === undefined || content !== undefined ? [] : readContents(attrs, `${base}${shape.contents[0]}`);
    const calls =
      shape.toolCalls === undefined ? [] : readCalls(attrs, `${base}${shape.toolCalls[0]}`, shape.toolCalls[1], shape.toolCalls[2]);
    if (role === undefined && content === undefined && parts.length === 0 && calls.length === 0) break;
    const message: Record<string, unknown> = { role: role ?? defaultRole };
    if (content !== undefined) message["content"] = contentBlocks(content) ?? content;
    else if (parts.length > 0) message["content"] = parts;
    if (calls.length > 0) message["tool_calls"] = calls;
    const toolCallId = readString(attrs, `${base}.tool_call_id`) ?? readString(attrs, `${base}.message.tool_call_id`);
    if (toolCallId !== undefined) message["tool_call_id"] = toolCallId;
    messages.push(message);
  }
  return messages;
}

/** A content string that holds a JSON list of typed blocks, parsed; undefined for any other text. */
function contentBlocks(content: string): unknown[] | undefined {
  if (!content.trimStart().startsWith("[")) return undefined;
  const parsed = parseJson(content);
  return Array.isArray(parsed) && parsed.length > 0 && parsed.every((block) => isRecord(block) && typeof block["type"] === "string")
    ? parsed
    : undefined;
}

/** OpenInference's message.contents.M.message_content.{type, text, image.image.url}. */
function readContents(attrs: Attributes, base: string): Record<string, unknown>[] {
  const parts: Record<string, unknown>[] = [];
  for (let j = 0; j < MAX_MESSAGES; j++) {
    const type = readString(attrs, `${base}${j}.message_content.type`);
    const text = readString(attrs, `${base}${j}.message_content.text`);
    const url = readString(attrs, `${base}${j}.message_content.image.image.url`);
    if (type === undefined && text === undefined && url === undefined) break;
    if (text !== undefined) parts.push({ type: "text", text });
    else if (url !== undefined) parts.push({ type: "image_url", image_url: { url } });
  }
  return parts;
}

function readCalls(attrs: Attributes, base: string, nameSuffix: string, argsSuffix: string): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = [];
  for (let j = 0; j < MAX_MESSAGES; j++) {
    const name = readString(attrs, `${base}${j}${nameSuffix}`);
    if (name === undefined) break;
    calls.push({ type: "function", function: { name, arguments: readString(attrs, `${base}${j}${argsSuffix}`) } });
  }
  return calls;
}

export const OPENLLMETRY_PROMPT: IndexedShape = {
  prefix: "gen_ai.prompt.",
  role: ".role",
  content: ".content",
  toolCalls: [".tool_calls.", ".name", ".arguments"],
};

export const OPENLLMETRY_COMPLETION: IndexedShape = {
  prefix: "gen_ai.completion.",
  role: ".role",
  content: ".content",
  toolCalls: [".tool_calls.", ".name", ".arguments"],
};

const OPENINFERENCE_MESSAGE = {
  role: ".message.role",
  content: ".message.content",
  contents: [".message.contents.", ".message_content.text"],
  toolCalls: [".message.tool_calls.", ".tool_call.function.name", ".tool_call.function.arguments"],
} as const;

export const OPENINFERENCE_INPUT: IndexedShape = { prefix: "llm.input_messages.", ...OPENINFERENCE_MESSAGE };
export const OPENINFERENCE_OUTPUT: IndexedShape = { prefix: "llm.output_messages.", ...OPENINFERENCE_MESSAGE };
