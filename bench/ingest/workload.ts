// The benchmark's traffic: OTLP/protobuf export requests of realistic LLM traces, made by the real OTel JS
// SDK (BasicTracerProvider + InMemorySpanExporter) and encoded by the real ProtobufTraceSerializer.
import { context, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createRandom, prose, token } from "./random-text.ts";

export interface TemplateBatch {
  /** The encoded ExportTraceServiceRequest. */
  body: Uint8Array;
  spans: number;
  llmSpans: number;
  /** Characters of prompt and completion text in its LLM spans. */
  textChars: number;
  /** Attributes on its LLM spans, summed. */
  llmAttributes: number;
}

interface ModelChoice {
  provider: "openai" | "anthropic";
  requestModel: string;
  responseModel: string;
  weight: number;
  reasoning?: boolean;
}

// A few models with a realistic skew; the last one is a private fine-tune the catalogue cannot price.
const MODELS: ModelChoice[] = [
  { provider: "openai", requestModel: "gpt-4o-mini", responseModel: "gpt-4o-mini-2024-07-18", weight: 0.33 },
  { provider: "openai", requestModel: "gpt-4.1", responseModel: "gpt-4.1-2025-04-14", weight: 0.15 },
  { provider: "openai", requestModel: "gpt-5-mini", responseModel: "gpt-5-mini-2025-08-07", weight: 0.15, reasoning: true },
  { provider: "anthropic", requestModel: "claude-sonnet-4-5", responseModel: "claude-sonnet-4-5-20250929", weight: 0.2 },
  { provider: "anthropic", requestModel: "claude-haiku-4-5", responseModel: "claude-haiku-4-5-20251001", weight: 0.15 },
  { provider: "openai", requestModel: "acme-support-ft-v3", responseModel: "acme-support-ft-v3", weight: 0.02 },
];

const SERVICES = [
  { "service.name": "support-assistant", "service.version": "3.14.2" },
  { "service.name": "sales-copilot", "service.version": "1.8.0" },
  { "service.name": "docs-search", "service.version": "0.42.1" },
];

const WORKFLOWS = ["answer_ticket", "summarise_thread", "draft_reply", "classify_intent", "extract_entities"];
const TENANTS = ["acme", "globex", "initech", "umbrella", "stark", "wayne", "hooli", "tyrell"];

/**
 * One export request of `spansPerBatch` spans: traces of one HTTP server span with 2 to 8 LLM calls under
 * it, starting within a few seconds of `startMillis`. Different seeds give different text and numbers.
 */
export function buildTemplateBatch(seed: number, spansPerBatch: number, startMillis: number): TemplateBatch {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      ...pick(SERVICES),
      "service.namespace": "acme",
      "service.instance.id": `${token(random, 8)}-${token(random, 4)}`,
      "deployment.environment.name": "production",
      "host.name": `ip-10-0-${Math.floor(random() * 8)}-${Math.floor(random() * 250)}`,
      "process.runtime.name": "nodejs",
      "process.runtime.version": "24.21.0",
      "telemetry.sdk.language": "nodejs",
      "telemetry.sdk.name": "opentelemetry",
      "telemetry.sdk.version": "2.12.1",
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracers = {
    http: provider.getTracer("@opentelemetry/instrumentation-http", "0.223.0"),
    openai: provider.getTracer("@traceloop/instrumentation-openai", "0.27.0"),
    anthropic: provider.getTracer("@traceloop/instrumentation-anthropic", "0.27.0"),
  };

  let made = 0;
  let llmSpans = 0;
  let textChars = 0;
  let llmAttributes = 0;
  while (made < spansPerBatch) {
    const calls = Math.min(2 + Math.floor(random() * 7), spansPerBatch - made - 1);
    let at = startMillis * 1e6 + Math.floor(random() * 5e9); // ns; a trace starts within 5 s of the template's start
    const root = startHttpSpan(tracers.http, random, at);
    made++;
    const userId = `user-${Math.floor(random() ** 2 * 400)}`; // a few heavy users, a long tail
    const sessionId = `sess-${token(random, 12)}`;
    const workflow = pick(WORKFLOWS);
    const tenant = pick(TENANTS);
    for (let i = 0; i < calls; i++) {
      at += 5e6 + Math.floor(random() * 50e6);
      const model = pickModel(random());
      const tracer = model.provider === "anthropic" ? tracers.anthropic : tracers.openai;
      const { span, text, attributes, durationNs } = startLlmSpan(tracer, root, random, model, at, { userId, sessionId, workflow, tenant });
      at += durationNs;
      span.end(toHrTime(at));
      made++;
      llmSpans++;
      textChars += text;
      llmAttributes += attributes;
    }
    at += 2e6;
    root.end(toHrTime(at));
  }
  const spans: ReadableSpan[] = exporter.getFinishedSpans();
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error("ProtobufTraceSerializer returned nothing");
  return { body, spans: spans.length, llmSpans, textChars, llmAttributes };
}

function pickModel(r: number): ModelChoice {
  let sum = 0;
  for (const model of MODELS) {
    sum += model.weight;
    if (r < sum) return model;
  }
  return MODELS[0]!;
}

function toHrTime(ns: number): [number, number] {
  const seconds = Math.floor(ns / 1e9);
  return [seconds, Math.round(ns - seconds * 1e9)];
}

function startHttpSpan(tracer: Tracer, random: () => number, atNs: number): Span {
  const ticket = 100_000 + Math.floor(random() * 900_000);
  return tracer.startSpan("POST /api/tickets/:id/reply", {
    kind: SpanKind.SERVER,
    startTime: toHrTime(atNs),
    attributes: {
      "http.request.method": "POST",
      "http.route": "/api/tickets/:id/reply",
      "url.path": `/api/tickets/${ticket}/reply`,
      "url.scheme": "https",
      "http.response.status_code": 200,
      "server.address": "support.acme.example",
      "server.port": 443,
      "client.address": `10.1.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`,
      "user_agent.original":
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "network.protocol.version": "1.1",
    },
  });
}

interface CallContext {
  userId: string;
  sessionId: string;
  workflow: string;
  tenant: string;
}

/** An LLM call as @traceloop/instrumentation-openai / -anthropic 0.27 record it, plus the app's association properties. */
function startLlmSpan(tracer: Tracer, parent: Span, random: () => number, model: ModelChoice, atNs: number, call: CallContext) {
  const anthropic = model.provider === "anthropic";
  const failed = random() < 0.02;
  const system = prose(random, 150 + Math.floor(random() * 150));
  const user = prose(random, 400 + Math.floor(random() * 600));
  const answer = failed ? "" : prose(random, 200 + Math.floor(random() * 500));
  const inputTokens = 300 + Math.floor(random() * 5000);
  const outputTokens = failed ? 0 : 40 + Math.floor(random() * 900);
  const cacheRead = random() < 0.4 ? Math.floor(inputTokens * 0.6) : 0;
  const finishReason = anthropic ? "end_turn" : "stop";
  const streaming = random() < 0.5;
  const attributes: Record<string, string | number | boolean | string[]> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": model.provider,
    "gen_ai.request.model": model.requestModel,
    "gen_ai.request.temperature": Math.round(random() * 10) / 10,
    "gen_ai.request.top_p": 0.95,
    "gen_ai.request.max_tokens": 1024,
    "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: system }]),
    "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: user }] }]),
    "gen_ai.conversation.id": call.sessionId,
    "gen_ai.usage.input_tokens": anthropic ? inputTokens - cacheRead : inputTokens,
    "gen_ai.usage.output_tokens": outputTokens,
    "gen_ai.usage.total_tokens": inputTokens + outputTokens,
    "gen_ai.usage.cache_read.input_tokens": cacheRead,
    "server.address": anthropic ? "api.anthropic.com" : "api.openai.com",
    "server.port": 443,
    "llm.is_streaming": streaming,
    "user.id": call.userId,
    "session.id": call.sessionId,
    "traceloop.workflow.name": call.workflow,
    "traceloop.entity.name": `${call.workflow}.llm`,
    "traceloop.entity.path": `${call.workflow}.generate`,
    "traceloop.association.properties.tenant_id": call.tenant,
    "traceloop.association.properties.user_id": call.userId,
    "promptmetrics.prompt.name": call.workflow,
    "promptmetrics.prompt.version": `v${1 + Math.floor(random() * 4)}`,
  };
  if (!failed) {
    Object.assign(attributes, {
      "gen_ai.response.model": model.responseModel,
      "gen_ai.response.id": anthropic ? `msg_${token(random, 24)}` : `chatcmpl-${token(random, 29)}`,
      "gen_ai.response.finish_reasons": [finishReason],
      "gen_ai.output.messages": JSON.stringify([
        { role: "assistant", finish_reason: finishReason, parts: [{ type: "text", content: answer }] },
      ]),
    });
  }
  if (anthropic) {
    attributes["gen_ai.usage.cache_creation.input_tokens"] = random() < 0.2 ? 1024 : 0;
    attributes["anthropic.response.service_tier"] = "standard";
  } else {
    attributes["gen_ai.openai.response.service_tier"] = "default";
    if (model.reasoning) attributes["gen_ai.usage.reasoning.output_tokens"] = Math.floor(outputTokens * 0.4);
  }
  if (streaming) attributes["gen_ai.response.time_to_first_chunk"] = 0.2 + random() * 0.8;
  const span = tracer.startSpan(
    `chat ${model.requestModel}`,
    { kind: SpanKind.CLIENT, startTime: toHrTime(atNs), attributes },
    trace.setSpan(context.active(), parent),
  );
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: anthropic ? "529 Overloaded" : "429 Too Many Requests" });
  const durationNs = 300e6 + Math.floor(random() * (outputTokens * 12e6));
  return { span, text: system.length + user.length + answer.length, attributes: Object.keys(attributes).length, durationNs };
}
