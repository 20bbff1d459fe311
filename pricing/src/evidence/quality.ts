// Free quality heuristics of one LLM call, stored as a bitmask (quality_flags): the answer was empty, a
// refusal, JSON that does not parse when JSON was asked for, cut off at the token limit, or the call
// failed. They read only what the call itself says (its status, finish reason, output tokens and, when
// it is seen, the answer), never a model or a judge: cheap signals, not verdicts.
import { isObject, readMessages, type Json } from "./messages.ts";

/** The bits of quality_flags. Stored: never renumber a flag, only add new ones. */
export const QUALITY_FLAGS = {
  /** No text and no tool call in the answer, or 0 output tokens reported, on a call that did not fail. */
  empty_output: 1,
  /** The model declined: a refusal field or stop reason, or the answer opens with a refusal phrase. */
  refusal: 2,
  /** JSON was asked for (a JSON response format) or the answer is tool-call arguments, and it does not parse. */
  invalid_json: 4,
  /** Cut off at the output limit (finish reason length, max_tokens, max_output_tokens, model_context_window_exceeded). */
  truncated: 8,
  /** The call failed (error status, or finish reason "error"). */
  error: 16,
} as const;

export type QualityFlag = keyof typeof QUALITY_FLAGS;

/** The flags in bit order. */
export const QUALITY_FLAG_NAMES = Object.keys(QUALITY_FLAGS) as QualityFlag[];

/** Every defined bit. */
export const QUALITY_FLAGS_MASK = QUALITY_FLAG_NAMES.reduce((mask, name) => mask | QUALITY_FLAGS[name], 0);

export function qualityFlagNames(bits: number): QualityFlag[] {
  return QUALITY_FLAG_NAMES.filter((name) => (bits & QUALITY_FLAGS[name]) !== 0);
}

/** Finish reasons (lower-cased) of an answer cut off at a token limit, across providers and dialects. */
const TRUNCATED_REASONS = new Set(["length", "max_tokens", "max_output_tokens", "model_context_window_exceeded"]);
/** Finish reasons of a declined answer: Anthropic's refusal stop reason, OpenAI's and Azure's content filter. */
const REFUSAL_REASONS = new Set(["refusal", "content_filter"]);
/** Operations whose answer is text (or tool calls); the others (embeddings, images, audio) are judged by status alone. */
const TEXT_OPERATIONS = new Set(["chat", "text_completion", "generate_content"]);

/** How far into the answer a refusal phrase may start: the phrases are anchored at its beginning. */
export const REFUSAL_SCAN_CHARS = 160;

const OPENER = String.raw`(?:(?:i'm sorry|i am sorry|sorry|unfortunately|i apologi[sz]e)[,.!]?\s+(?:but\s+)?)?`;
const CANNOT = String.raw`(?:i can't|i cannot|i can not|i'm unable to|i am unable to|i'm not able to|i am not able to|i won't|i will not)`;
const WHAT = String.raw`(?:help(?: you)? with|assist\b|comply\b|fulfill\b|provide (?:that|this|assistance|help)\b|(?:do|create|write|generate|share) (?:that|this)\b|[.!]|$)`;

/**
 * The refusal phrases, matched case-insensitively (curly apostrophes read as straight ones) at the start
 * of the answer, after leading whitespace. Kept small on purpose: each one is a sentence opening that
 * declines; "I can't wait to help", "I can't help but notice" or a refusal phrase later in the answer do
 * not match (see quality.test.ts).
 */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  // "I can't help with that", "I'm sorry, but I cannot assist", "Unfortunately, I'm unable to comply", "I won't do that."
  new RegExp(`^${OPENER}${CANNOT}\\s*${WHAT}`),
  // "As an AI, I ...", "As an AI language model, I ..." (not "As an AI researcher, you ...")
  /^as an ai(?: language model| model| assistant)?,/,
  // "I must decline", "I must respectfully decline"
  /^i must (?:respectfully )?decline\b/,
];

export function isRefusalText(text: string): boolean {
  // Every phrase opens with i, s, u or a ("I ...", "Sorry", "Unfortunately", "As an AI"): most answers are
  // told apart by their first character, without copying their head.
  const first = text.trimStart().charCodeAt(0) | 0x20;
  if (first !== 0x69 && first !== 0x73 && first !== 0x75 && first !== 0x61) return false;
  const head = text
    .trimStart()
    .slice(0, REFUSAL_SCAN_CHARS)
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
  return REFUSAL_PATTERNS.some((pattern) => pattern.test(head));
}

/** What the answer said, read from its messages. */
export interface AnswerFacts {
  /** The answer's text (refusal text included, reasoning not), choices joined by newlines. */
  text: string;
  toolCalls: number;
  /** The arguments of the tool calls that must be JSON (all but OpenAI custom tools' free-form input). */
  toolArguments: unknown[];
  /** The provider said the model declined (OpenAI's refusal field or part). */
  refused: boolean;
}

/**
 * The facts of an answer given as output messages of any known shape (see readMessage).
 * `freeformTools`: names of tools whose input is free text, not JSON (see freeformToolNames).
 */
export function answerFacts(messages: unknown, freeformTools: ReadonlySet<string> = new Set()): AnswerFacts {
  const texts: string[] = [];
  const toolArguments: unknown[] = [];
  let toolCalls = 0;
  let refused = false;
  for (const message of readMessages(Array.isArray(messages) ? messages : [messages], "assistant")) {
    let text = "";
    for (const part of message.parts) {
      if (part.type === "text") text += part.text;
      else if (part.type === "refusal") {
        text += part.text;
        refused = true;
      } else if (part.type === "tool_call") {
        toolCalls++;
        if (!freeformTools.has(part.name)) toolArguments.push(part.arguments);
      }
    }
    if (text !== "") texts.push(text);
  }
  return { text: texts.join("\n"), toolCalls, toolArguments, refused };
}

/** Names of OpenAI custom tools (type "custom" without a JSON schema), whose calls carry free text. */
export function freeformToolNames(tools: unknown): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(tools)) return names;
  for (const tool of tools) {
    if (!isObject(tool) || tool["type"] !== "custom") continue;
    const definition = isObject(tool["custom"]) ? tool["custom"] : tool;
    if (definition["input_schema"] !== undefined || definition["parameters"] !== undefined) continue;
    if (typeof definition["name"] === "string") names.add(definition["name"]);
  }
  return names;
}

function isJsonFormat(format: unknown): boolean {
  const type = isObject(format) ? format["type"] : format;
  return type === "json_object" || type === "json_schema" || type === "json";
}

/**
 * Whether a request asked for a JSON answer: OpenAI chat's `response_format`, the Responses API's
 * `text.format`, Anthropic's `output_format`, the Vercel AI SDK's `responseFormat`, of type json_object,
 * json_schema or json.
 */
export function jsonRequested(params: Readonly<Json> | undefined): boolean {
  if (params === undefined) return false;
  const text = params["text"];
  return (
    isJsonFormat(params["response_format"]) ||
    isJsonFormat(isObject(text) ? text["format"] : undefined) ||
    isJsonFormat(params["output_format"]) ||
    isJsonFormat(params["responseFormat"])
  );
}

function parses(value: unknown): boolean {
  if (typeof value !== "string") return true; // already an object (Anthropic's tool input)
  if (value.trim() === "") return true; // a tool call without arguments
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

export interface QualityFacts {
  /** The GenAI operation; only text operations (chat, text_completion, generate_content) get the answer heuristics. */
  operation?: string | undefined;
  /** The call failed (an error status). */
  failed: boolean;
  finishReasons: readonly string[];
  /** Output tokens as the provider reported them; undefined when it reported none. */
  outputTokens?: number | undefined;
  /** The answer; undefined when it was not seen (no content). */
  answer?: AnswerFacts | undefined;
  /** The request asked for JSON (see jsonRequested). */
  jsonRequested?: boolean | undefined;
  /** The caller stopped reading a stream early: what was seen is partial, so it is not judged empty or invalid. */
  cancelled?: boolean | undefined;
}

/** The flags a call's status and finish reasons alone give: error and truncated. */
export function statusFlags(failed: boolean, finishReasons: readonly string[]): number {
  const reasons = finishReasons.map((reason) => reason.trim().toLowerCase());
  let flags = 0;
  if (reasons.some((reason) => TRUNCATED_REASONS.has(reason))) flags |= QUALITY_FLAGS.truncated;
  if (failed || reasons.includes("error")) flags |= QUALITY_FLAGS.error;
  return flags;
}

/** The quality_flags bitmask of one call; see QUALITY_FLAGS for each bit's rule. */
export function qualityFlags(facts: QualityFacts): number {
  const reasons = facts.finishReasons.map((reason) => reason.trim().toLowerCase());
  let flags = statusFlags(facts.failed, reasons);
  if ((flags & QUALITY_FLAGS.error) !== 0) return flags;
  if (facts.operation !== undefined && !TEXT_OPERATIONS.has(facts.operation)) return flags;
  const answer = facts.answer;
  if (answer?.refused || reasons.some((reason) => REFUSAL_REASONS.has(reason)) || (answer !== undefined && isRefusalText(answer.text))) {
    flags |= QUALITY_FLAGS.refusal;
  }
  if (facts.cancelled) return flags;
  if (answer !== undefined ? answer.text.trim() === "" && answer.toolCalls === 0 : facts.outputTokens === 0) {
    flags |= QUALITY_FLAGS.empty_output;
  }
  if (answer !== undefined) {
    const text = answer.text.trim();
    // A refusal is not judged as JSON: the refusal is what went wrong.
    const refusal = (flags & QUALITY_FLAGS.refusal) !== 0;
    const badText = facts.jsonRequested === true && !refusal && text !== "" && !parses(text);
    if (badText || !answer.toolArguments.every(parses)) flags |= QUALITY_FLAGS.invalid_json;
  }
  return flags;
}
