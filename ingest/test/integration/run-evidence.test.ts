// A run's content-free evidence end to end: one request sent through three dialects that carry its content
// (OTel GenAI attributes, OpenLLMetry's indexed prompts, OpenInference's request body) and once more as our
// instrumentation records it (hashes and flags, no content), exported over OTLP by the real SDK exporter,
// lands with one input_hash (whatever the model), the stable prefix's hash and tokens, and each run's
// quality flags; spans without content keep empty hashes and still get the flags their status says.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { requestEvidence, requestShapeFromBody } from "@promptmetrics/pricing/evidence";
import { startIngestHarness, type IngestHarness } from "@promptmetrics/testing/ingest-harness";

let h: IngestHarness;
before(async () => {
  h = await startIngestHarness();
});
after(() => h.close());

const START = Date.parse("2026-12-01T12:00:00Z");

interface Call {
  scope: string;
  name: string;
  attributes: Record<string, number | string | boolean | string[]>;
  failed?: boolean;
}

/** One span per call, recorded with the real SDK under its instrumentation scope, a second apart. */
function record(calls: Call[]): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "run-evidence" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  calls.forEach((call, i) => {
    const span = provider.getTracer(call.scope, "1.0.0").startSpan(call.name, {
      kind: SpanKind.CLIENT,
      startTime: START + i * 1000,
      attributes: call.attributes,
    });
    if (call.failed) span.setStatus({ code: SpanStatusCode.ERROR, message: "429 Rate limit reached" });
    span.end(START + i * 1000 + 800);
  });
  return memory.getFinishedSpans();
}

async function exportSpans(spans: ReadableSpan[]): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `${h.url}/v1/traces`, headers: { Authorization: `Bearer ${h.ingestKey}` } });
  await new Promise<void>((resolve, reject) =>
    exporter.export(spans, (result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error("export failed")))),
  );
  await exporter.shutdown();
}

// The request every dialect below carries: the same messages and parameters; the model varies.
const SYSTEM = "You extract fields as JSON.";
const USER = "Ada Lovelace, born 1815.";
const BODY = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: USER },
  ],
  temperature: 0,
  max_tokens: 100,
};
const REQUEST = requestEvidence(requestShapeFromBody(BODY));
const GENAI = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai" };

const CALLS: Call[] = [
  {
    // OTel GenAI content attributes; JSON asked for (gen_ai.output.type), broken JSON answered.
    scope: "opentelemetry.instrumentation.openai_v2",
    name: "chat gpt-4o-mini",
    attributes: {
      ...GENAI,
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.request.temperature": 0,
      "gen_ai.request.max_tokens": 100,
      "gen_ai.output.type": "json",
      "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: SYSTEM }]),
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: USER }] }]),
      "gen_ai.output.messages": JSON.stringify([
        { role: "assistant", parts: [{ type: "text", content: '{"name": "Ada' }], finish_reason: "stop" },
      ]),
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 40,
      "gen_ai.usage.output_tokens": 6,
    },
  },
  {
    // OpenLLMetry's older indexed prompts, another model; cut at max_tokens.
    scope: "opentelemetry.instrumentation.openai.v1",
    name: "openai.chat",
    attributes: {
      "llm.request.type": "chat",
      "gen_ai.system": "OpenAI",
      "gen_ai.request.model": "gpt-4.1",
      "gen_ai.request.temperature": 0,
      "gen_ai.request.max_tokens": 100,
      "gen_ai.prompt.0.role": "system",
      "gen_ai.prompt.0.content": SYSTEM,
      "gen_ai.prompt.1.role": "user",
      "gen_ai.prompt.1.content": USER,
      "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.content": '{"name": "Ada Lovelace", "born"',
      "gen_ai.completion.0.finish_reason": "length",
      "gen_ai.usage.prompt_tokens": 40,
      "gen_ai.usage.completion_tokens": 100,
    },
  },
  {
    // OpenInference: the request body as sent in input.value; a refusal; 1,024 cached tokens.
    scope: "@arizeai/openinference-instrumentation-openai",
    name: "OpenAI Chat Completions",
    attributes: {
      "openinference.span.kind": "LLM",
      "llm.provider": "openai",
      "llm.model_name": "gpt-4o-mini-2024-07-18",
      "input.mime_type": "application/json",
      "input.value": JSON.stringify(BODY),
      "llm.invocation_parameters": JSON.stringify({ model: "gpt-4o-mini", temperature: 0, max_tokens: 100 }),
      "llm.output_messages.0.message.role": "assistant",
      "llm.output_messages.0.message.content": "I'm sorry, but I can't help with that.",
      "llm.finish_reason": "stop",
      "llm.token_count.prompt": 1200,
      "llm.token_count.prompt_details.cache_read": 1024,
      "llm.token_count.completion": 11,
    },
  },
  {
    // Our instrumentation with content capture off: only the hashes and the flags (here empty_output).
    scope: "@promptmetrics/instrumentation/openai",
    name: "chat gpt-4o",
    attributes: {
      ...GENAI,
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.request.temperature": 0,
      "gen_ai.request.max_tokens": 100,
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 40,
      "gen_ai.usage.output_tokens": 0,
      "promptmetrics.request.input_hash": REQUEST.inputHash,
      "promptmetrics.request.prefix_hash": REQUEST.prefixHash,
      "promptmetrics.request.prefix_tokens": REQUEST.prefixTokensEstimate,
      "promptmetrics.quality.flags": 1,
    },
  },
  {
    // The same request with another temperature: another input, the same prefix.
    scope: "opentelemetry.instrumentation.openai_v2",
    name: "chat gpt-4o-mini",
    attributes: {
      ...GENAI,
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.request.temperature": 0.7,
      "gen_ai.request.max_tokens": 100,
      "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: SYSTEM }]),
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: USER }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "Name: Ada" }] }]),
      "gen_ai.usage.input_tokens": 40,
      "gen_ai.usage.output_tokens": 4,
    },
  },
  // No content: a failed call, an answer cut at max_tokens, and an answer of 0 tokens.
  {
    scope: "some-genai-lib",
    name: "chat claude-haiku-4-5",
    failed: true,
    attributes: { ...GENAI, "gen_ai.request.model": "claude-haiku-4-5" },
  },
  {
    scope: "some-genai-lib",
    name: "chat claude-haiku-4-5",
    attributes: {
      ...GENAI,
      "gen_ai.request.model": "claude-haiku-4-5",
      "gen_ai.response.finish_reasons": ["max_tokens"],
      "gen_ai.usage.input_tokens": 30,
      "gen_ai.usage.output_tokens": 50,
    },
  },
  {
    scope: "some-genai-lib",
    name: "chat claude-haiku-4-5",
    attributes: {
      ...GENAI,
      "gen_ai.request.model": "claude-haiku-4-5",
      "gen_ai.response.finish_reasons": ["end_turn"],
      "gen_ai.usage.input_tokens": 30,
      "gen_ai.usage.output_tokens": 0,
    },
  },
];

interface Stored {
  model: string;
  input_hash: string;
  prefix_hash: string;
  prefix_tokens: number;
  quality_flags: number;
}

test("one request hashes alike through three dialects and our instrumentation; each run keeps its flags", async () => {
  await exportSpans(record(CALLS));
  const rows = await h.store.query<Stored>(
    `SELECT model, input_hash, prefix_hash, prefix_tokens, quality_flags FROM llm_runs WHERE project_id = {p:String} ORDER BY start_time`,
    { p: h.projectId },
  );
  const hash = REQUEST.inputHash;
  const prefix = REQUEST.prefixHash;
  const otherTemperature = requestEvidence(requestShapeFromBody({ ...BODY, temperature: 0.7 })).inputHash;
  assert.notEqual(otherTemperature, hash);
  // The prefix is the system prompt: "You extract fields as JSON." is 27 bytes → 7 tokens, estimated; the
  // OpenInference call read 1,024 tokens from the cache, its prefix's exact size.
  assert.deepEqual(rows, [
    { model: "gpt-4o-mini", input_hash: hash, prefix_hash: prefix, prefix_tokens: 7, quality_flags: 4 }, // invalid_json
    { model: "gpt-4.1", input_hash: hash, prefix_hash: prefix, prefix_tokens: 7, quality_flags: 8 }, // truncated (no JSON was asked)
    { model: "gpt-4o-mini-2024-07-18", input_hash: hash, prefix_hash: prefix, prefix_tokens: 1024, quality_flags: 2 }, // refusal
    { model: "gpt-4o", input_hash: hash, prefix_hash: prefix, prefix_tokens: 7, quality_flags: 1 }, // empty_output, as sent
    { model: "gpt-4o-mini", input_hash: otherTemperature, prefix_hash: prefix, prefix_tokens: 7, quality_flags: 0 },
    { model: "claude-haiku-4-5", input_hash: "", prefix_hash: "", prefix_tokens: 0, quality_flags: 16 }, // error
    { model: "claude-haiku-4-5", input_hash: "", prefix_hash: "", prefix_tokens: 0, quality_flags: 8 }, // truncated
    { model: "claude-haiku-4-5", input_hash: "", prefix_hash: "", prefix_tokens: 0, quality_flags: 1 }, // empty_output: 0 tokens
  ]);

  // What the optimization engine asks: the duplicate requests, whatever model answered them.
  const duplicates = await h.store.query<{ input_hash: string; runs: number; models: number }>(
    `SELECT input_hash, count() AS runs, uniqExact(model) AS models FROM llm_runs
     WHERE project_id = {p:String} AND input_hash != '' GROUP BY input_hash HAVING count() > 1`,
    { p: h.projectId },
  );
  assert.deepEqual(duplicates, [{ input_hash: hash, runs: 4, models: 4 }]);
});
