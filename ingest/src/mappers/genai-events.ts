// Content carried by GenAI events, either as span events or as log records: the deprecated
// per-message events (gen_ai.{system,user,assistant,tool}.message, gen_ai.choice) and the older
// gen_ai.content.prompt / gen_ai.content.completion span events (gen_ai.prompt / gen_ai.completion).
// Names checked against @opentelemetry/semantic-conventions 1.45.0 experimental_events and
// opentelemetry-js-contrib instrumentation-openai (bodies {role?, content, tool_calls?, id?} and
// {index, finish_reason, message}).
import type { AttrValue, SpanEvent } from "../otlp/types.ts";
import { isRecord, parseJson } from "./attr-read.ts";
import { joinLines, renderContentValue, renderMessageBody } from "./content-render.ts";

/** Event name → role of the input message it carries. OpenLIT spells the tool one "gen_ai.tools.message". */
export const MESSAGE_EVENT_ROLES: ReadonlyMap<string, string> = new Map([
  ["gen_ai.system.message", "system"],
  ["gen_ai.user.message", "user"],
  ["gen_ai.assistant.message", "assistant"],
  ["gen_ai.tool.message", "tool"],
  ["gen_ai.tools.message", "tool"],
]);

export const CHOICE_EVENT = "gen_ai.choice";

function asObject(value: AttrValue | unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  if (typeof value === "string" && value.trimStart().startsWith("{")) {
    const parsed = parseJson(value);
    if (isRecord(parsed)) return parsed;
  }
  return undefined;
}

/** "role: text" for a per-message event body ({content, role?, tool_calls?} or plain text). */
export function renderMessageEvent(role: string, body: AttrValue | unknown): string {
  if (typeof body === "string") {
    const object = asObject(body);
    if (object === undefined) return body === "" ? "" : `${role}: ${body}`;
    body = object;
  }
  if (!isRecord(body)) return "";
  const text = renderMessageBody(body);
  if (text === "") return "";
  const ownRole = typeof body["role"] === "string" && body["role"] !== "" ? body["role"] : role;
  return `${ownRole}: ${text}`;
}

/** "assistant: text" for a gen_ai.choice body ({index, finish_reason, message: {...}}). */
export function renderChoiceEvent(body: AttrValue | unknown): string {
  const object = asObject(body);
  if (object === undefined) return typeof body === "string" && body !== "" ? `assistant: ${body}` : "";
  const message = asObject(object["message"] as AttrValue) ?? object;
  return renderMessageEvent("assistant", message);
}

export interface EventContent {
  input: string;
  output: string;
}

/** Content from a span's events, in event order. */
export function contentFromSpanEvents(events: readonly SpanEvent[]): EventContent {
  const input: string[] = [];
  const output: string[] = [];
  for (const event of events) {
    const name = event.name;
    if (!name.startsWith("gen_ai.")) continue;
    const attrs = event.attributes;
    if (name === "gen_ai.content.prompt") {
      input.push(renderContentValue(attrs["gen_ai.prompt"]));
      continue;
    }
    if (name === "gen_ai.content.completion") {
      output.push(renderContentValue(attrs["gen_ai.completion"], "assistant"));
      continue;
    }
    const role = MESSAGE_EVENT_ROLES.get(name);
    if (role !== undefined) {
      input.push(renderMessageEvent(role, eventBody(attrs)));
      continue;
    }
    if (name === CHOICE_EVENT) output.push(renderChoiceEvent(attrs["message"] ?? eventBody(attrs)));
  }
  return { input: joinLines(input), output: joinLines(output) };
}

/** As span events the body's fields sit in the attributes, or whole in gen_ai.event.content. */
function eventBody(attrs: Record<string, AttrValue>): AttrValue | unknown {
  const packed = attrs["gen_ai.event.content"];
  if (packed !== undefined) return packed;
  return attrs;
}

/**
 * The same events as messages (their bodies with the event's role), for the request hashes and the
 * answer heuristics: undefined for a side the events do not carry.
 */
export function messagesFromSpanEvents(events: readonly SpanEvent[]): { input?: unknown[]; output?: unknown[] } {
  const input: unknown[] = [];
  const output: unknown[] = [];
  for (const event of events) {
    const name = event.name;
    if (!name.startsWith("gen_ai.")) continue;
    const attrs = event.attributes;
    if (name === "gen_ai.content.prompt" || name === "gen_ai.content.completion") {
      const side = name === "gen_ai.content.prompt" ? input : output;
      const value = attrs[name === "gen_ai.content.prompt" ? "gen_ai.prompt" : "gen_ai.completion"];
      const parsed = typeof value === "string" && value.trimStart().startsWith("[") ? parseJson(value) : undefined;
      if (Array.isArray(parsed)) side.push(...parsed);
      else if (value !== undefined) side.push(value);
      continue;
    }
    const role = MESSAGE_EVENT_ROLES.get(name);
    if (role !== undefined) {
      const body = asObject(eventBody(attrs)) ?? eventBody(attrs);
      input.push(isRecord(body) ? { role, ...body } : body);
      continue;
    }
    if (name === CHOICE_EVENT) {
      const body = asObject(attrs["message"] ?? eventBody(attrs));
      if (body !== undefined) output.push(isRecord(body["message"]) ? body["message"] : (asObject(body["message"] as AttrValue) ?? body));
    }
  }
  return { ...(input.length > 0 ? { input } : {}), ...(output.length > 0 ? { output } : {}) };
}
