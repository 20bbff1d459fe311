// Extracts GenAI content carried by log records, to be attached to the run with the same trace and
// span ids: the gen_ai.client.inference.operation.details event (messages in its attributes or body)
// and the deprecated per-message events the OTel contrib OpenAI instrumentations still emit
// (gen_ai.{system,user,assistant,tool}.message bodies {role?, content, tool_calls?, id?}; gen_ai.choice
// bodies {index, finish_reason, message}). Checked against @opentelemetry/semantic-conventions 1.45.0
// and opentelemetry-js-contrib instrumentation-openai (2026-11-25).
import { capText } from "@promptmetrics/runs";
import type { AttrValue, DecodedLogRecord } from "../otlp/types.ts";
import { isRecord, readString } from "./attr-read.ts";
import { renderContentValue, renderSystemInstructions, withSystemInstructions } from "./content-render.ts";
import { CHOICE_EVENT, MESSAGE_EVENT_ROLES, renderChoiceEvent, renderMessageEvent } from "./genai-events.ts";
import type { LogContent } from "./types.ts";

export const INFERENCE_DETAILS_EVENT = "gen_ai.client.inference.operation.details";

function field(record: DecodedLogRecord, key: string): AttrValue | undefined {
  const fromAttrs = record.attributes[key];
  if (fromAttrs !== undefined) return fromAttrs;
  return isRecord(record.body) ? record.body[key] : undefined;
}

function eventNameOf(record: DecodedLogRecord): string {
  return record.eventName !== "" ? record.eventName : (readString(record.attributes, "event.name") ?? "");
}

function contentOf(record: DecodedLogRecord, name: string): { input: string; output: string } | null {
  if (name === INFERENCE_DETAILS_EVENT) {
    return {
      input: withSystemInstructions(
        renderSystemInstructions(field(record, "gen_ai.system_instructions")),
        renderContentValue(field(record, "gen_ai.input.messages")),
      ),
      output: renderContentValue(field(record, "gen_ai.output.messages"), "assistant"),
    };
  }
  const role = MESSAGE_EVENT_ROLES.get(name);
  if (role !== undefined) return { input: renderMessageEvent(role, record.body), output: "" };
  if (name === CHOICE_EVENT) return { input: "", output: renderChoiceEvent(record.body) };
  return null;
}

/** Content of a GenAI log record, or null when it is not one, carries no content, or has no span to join. */
export function mapLogRecord(record: DecodedLogRecord): LogContent | null {
  if (record.traceId === "" || record.spanId === "") return null;
  const content = contentOf(record, eventNameOf(record));
  if (content === null || (content.input === "" && content.output === "")) return null;
  return {
    traceId: record.traceId,
    spanId: record.spanId,
    inputText: capText(content.input),
    outputText: capText(content.output),
  };
}
