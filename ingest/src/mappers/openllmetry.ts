// Maps Traceloop OpenLLMetry spans. Names checked against the installed @traceloop/instrumentation-openai
// and -anthropic 0.27.0 and @traceloop/ai-semantic-conventions 0.27.0 (which emit the current gen_ai.*
// names plus gen_ai.usage.total_tokens), and traceloop/openllmetry's Python semconv for the older
// names (gen_ai.usage.prompt_tokens, llm.usage.total_tokens, llm.request.type, gen_ai.prompt.N.*,
// traceloop.prompt.key/version, traceloop.association.properties.*), 2026-11-25.
import type { Attributes, DecodedSpan } from "../otlp/types.ts";
import { readNumber, readString } from "./attr-read.ts";
import { llmOperation, secondsToMs } from "./call-fields.ts";
import { jsonAttribute, paramsFrom, type CallContent } from "./evidence.ts";
import { GENAI_PARAM_KEYS, GENAI_USAGE_KEYS, genAiOperation, mapGenAiLike, type GenAiProfile } from "./genai.ts";
import { OPENLLMETRY_COMPLETION, OPENLLMETRY_PROMPT, readIndexedMessages, renderIndexedMessages } from "./indexed-messages.ts";
import type { SpanMapper } from "./types.ts";
import type { UsageSemantics } from "./usage.ts";

/**
 * The JS Anthropic instrumentation (0.27.0 `_endSpan`) writes Anthropic's own `input_tokens`, which
 * excludes cache reads and writes, into gen_ai.usage.input_tokens, and a total of input + output.
 * The Python one (opentelemetry.instrumentation.anthropic) adds the cache tokens in.
 */
export const JS_ANTHROPIC_SCOPE = "@traceloop/instrumentation-anthropic";

const EXCLUDES_CACHE: UsageSemantics = { input: "excludes-cache" };
const INCLUDES_CACHE: UsageSemantics = { input: "includes-cache" };

/** Decorator spans (workflow, task, agent, tool) carry traceloop.span.kind and are never LLM calls. */
function operation(span: DecodedSpan): string | null {
  const attrs = span.attributes;
  if (attrs["traceloop.span.kind"] !== undefined) return null;
  if (attrs["gen_ai.operation.name"] !== undefined) return genAiOperation(span);
  const requestType = readString(attrs, "llm.request.type");
  if (requestType !== undefined) return llmOperation(requestType);
  return genAiOperation(span);
}

/** Tool definitions as the older releases flatten them: llm.request.functions.N.{name, description, parameters}. */
function functions(attrs: Attributes): unknown[] | undefined {
  const tools: unknown[] = [];
  for (let i = 0; i < 1_000; i++) {
    const name = readString(attrs, `llm.request.functions.${i}.name`);
    if (name === undefined) break;
    const parameters = readString(attrs, `llm.request.functions.${i}.parameters`);
    tools.push({
      type: "function",
      function: {
        name,
        description: readString(attrs, `llm.request.functions.${i}.description`),
        parameters: parameters === undefined ? undefined : (jsonAttribute(parameters) ?? parameters),
      },
    });
  }
  return tools.length === 0 ? undefined : tools;
}

/** The older releases' indexed prompts and completions (gen_ai.prompt.N.*, gen_ai.completion.N.*), for the evidence. */
function indexedCallContent(span: DecodedSpan): CallContent {
  const attrs = span.attributes;
  const messages = readIndexedMessages(attrs, OPENLLMETRY_PROMPT, "user");
  const answer = readIndexedMessages(attrs, OPENLLMETRY_COMPLETION, "assistant");
  return {
    request: messages.length === 0 ? undefined : { messages, tools: functions(attrs), params: paramsFrom(attrs, GENAI_PARAM_KEYS) },
    answer: answer.length === 0 ? undefined : answer,
  };
}

const PROFILE: GenAiProfile = {
  dialect: "openllmetry",
  operation,
  providerKeys: ["gen_ai.provider.name", "gen_ai.system"],
  usageKeys: GENAI_USAGE_KEYS,
  usageSemantics: (span) => (span.scope.name === JS_ANTHROPIC_SCOPE ? EXCLUDES_CACHE : INCLUDES_CACHE),
  identity: {
    user: ["traceloop.association.properties.user_id", "traceloop.association.properties.userId"],
    session: ["traceloop.association.properties.session_id", "traceloop.association.properties.sessionId"],
    promptName: ["traceloop.prompt.key"],
    promptVersion: ["traceloop.prompt.version"],
  },
  ttftMs: (span) => secondsToMs(readNumber(span.attributes, "gen_ai.response.time_to_first_chunk")),
  reportedCostUsd: () => null,
  contentFallback: (span) => ({
    input: renderIndexedMessages(span.attributes, OPENLLMETRY_PROMPT, "user"),
    output: renderIndexedMessages(span.attributes, OPENLLMETRY_COMPLETION, "assistant"),
  }),
  callContentFallback: indexedCallContent,
  finishReasonKeys: ["gen_ai.response.finish_reasons", "gen_ai.completion.0.finish_reason"],
};

export const mapOpenLlmetrySpan: SpanMapper = (span) => mapGenAiLike(span, PROFILE);
