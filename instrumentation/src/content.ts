// Turns captured messages into the gen_ai.* content attributes: each text through the user's
// redaction hook, then cut so one attribute never holds more than the configured characters.
import { diag, type Attributes } from "@opentelemetry/api";
import type { ContentMessage, ContentPart } from "./call-outcome.ts";
import type { ResolvedConfig } from "./config.ts";
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS } from "./semconv.ts";
import type { ContentInfo } from "./types.ts";

/** Shared by all texts of one attribute: what is left of its character budget. */
interface Budget {
  left: number;
}

export function truncate(text: string, budget: Budget): string {
  if (text.length <= budget.left) {
    budget.left -= text.length;
    return text;
  }
  const kept = Math.max(0, budget.left);
  budget.left = 0;
  return `${text.slice(0, kept)}…[truncated ${text.length - kept} chars]`;
}

function redact(text: string, info: ContentInfo, config: ResolvedConfig): string | undefined {
  if (config.redactContent === undefined) return text;
  try {
    const redacted = config.redactContent(text, info);
    return typeof redacted === "string" ? redacted : undefined;
  } catch (error) {
    diag.warn("promptmetrics: redactContent threw; the text is left out", error);
    return undefined;
  }
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

function prepareParts(parts: readonly ContentPart[], info: ContentInfo, config: ResolvedConfig, budget: Budget): ContentPart[] {
  const out: ContentPart[] = [];
  for (const part of parts) {
    if (part.type === "text" || part.type === "reasoning") {
      const text = redact(part.content, info, config);
      if (text !== undefined) out.push({ type: part.type, content: truncate(text, budget) });
    } else if (part.type === "tool_call") {
      const args = redact(textOf(part.arguments), info, config);
      out.push({ ...part, arguments: args === undefined ? undefined : truncate(args, budget) });
    } else if (part.type === "tool_call_response") {
      const response = redact(textOf(part.response), info, config);
      out.push({ ...part, response: response === undefined ? "" : truncate(response, budget) });
    } else {
      out.push(part);
    }
  }
  return out;
}

export function inputContentAttributes(
  system: readonly ContentPart[],
  messages: readonly ContentMessage[],
  config: ResolvedConfig,
): Attributes {
  const attributes: Attributes = {};
  if (system.length > 0) {
    const budget = { left: config.contentMaxLength };
    attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = JSON.stringify(
      prepareParts(system, { direction: "system", role: "system" }, config, budget),
    );
  }
  if (messages.length > 0) attributes[ATTR_GEN_AI_INPUT_MESSAGES] = messagesJson(messages, "input", config);
  return attributes;
}

export function outputContentAttributes(messages: readonly ContentMessage[], config: ResolvedConfig): Attributes {
  return messages.length === 0 ? {} : { [ATTR_GEN_AI_OUTPUT_MESSAGES]: messagesJson(messages, "output", config) };
}

function messagesJson(messages: readonly ContentMessage[], direction: "input" | "output", config: ResolvedConfig): string {
  const budget = { left: config.contentMaxLength };
  return JSON.stringify(
    messages.map((message) => ({ ...message, parts: prepareParts(message.parts, { direction, role: message.role }, config, budget) })),
  );
}
