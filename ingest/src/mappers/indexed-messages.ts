// Renders messages flattened into indexed attributes: OpenLLMetry's gen_ai.prompt.N.{role,content}
// and OpenInference's llm.input_messages.N.message.{role,content,contents.M...,tool_calls.M...}.
import type { Attributes } from "../otlp/types.ts";
import { readString } from "./attr-read.ts";
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
