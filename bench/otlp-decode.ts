// Benchmark of the OTLP trace decoders on realistic LLM spans made by the real OTel JS SDK and serializers,
// against protobufjs and plain JSON.parse. Run: cd /work/main && npx node bench/otlp-decode.ts [iterations]
// A benchmark, not a test: it prints numbers and asserts nothing about time.
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { decodeTracesJson, decodeTracesProtobuf } from "../ingest/src/otlp/decode-traces.ts";

const SPANS_PER_BATCH = 512;
const ITERATIONS = Number(process.argv[2] ?? 200);
const ROUNDS = 5;

// Deterministic pseudo-random text, so every run decodes the same bytes.
let seed = 20261125;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const WORDS = (
  "the model should answer with a concise summary of the quarterly report including revenue growth churn " +
  "customer acquisition cost and a table of regional results please cite sources and avoid speculation " +
  "analysis context window token budget latency retrieval embedding vector database invoice contract clause"
).split(" ");
function text(bytes: number): string {
  let out = "";
  while (out.length < bytes) out += `${WORDS[Math.floor(random() * WORDS.length)]}${random() < 0.08 ? ". " : " "}`;
  // A little non-ASCII, as real prompts have.
  return random() < 0.3 ? `${out.slice(0, bytes - 12)} — café 🌍` : out.slice(0, bytes);
}

function buildSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "support-assistant",
      "service.version": "3.14.2",
      "service.namespace": "acme",
      "deployment.environment.name": "production",
      "telemetry.sdk.language": "nodejs",
      "telemetry.sdk.name": "opentelemetry",
      "telemetry.sdk.version": "2.12.1",
      "host.name": "ip-10-0-3-17",
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("@traceloop/instrumentation-openai", "0.27.0");
  const workflows = provider.getTracer("promptmetrics-app", "1.0.0");
  const t0 = Math.floor(Date.UTC(2026, 10, 25) / 1000);
  let root = workflows.startSpan("workflow answer_ticket", { startTime: [t0, 0] });
  for (let i = 0; i < SPANS_PER_BATCH; i++) {
    if (i % 8 === 7) {
      root.end([t0 + i, 500_000_000]);
      root = workflows.startSpan("workflow answer_ticket", { startTime: [t0 + i, 1] });
      continue;
    }
    const input = 200 + Math.floor(random() * 4000);
    const output = 20 + Math.floor(random() * 800);
    const span = tracer.startSpan(
      "chat gpt-4o-mini",
      {
        kind: SpanKind.CLIENT,
        startTime: [t0 + i, Math.floor(random() * 1e9)],
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.system": "openai",
          "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
          "gen_ai.request.temperature": 0.2,
          "gen_ai.request.top_p": 0.95,
          "gen_ai.request.max_tokens": 1024,
          "gen_ai.request.frequency_penalty": 0,
          "gen_ai.request.presence_penalty": 0.1,
          "gen_ai.request.stop_sequences": ["\n\nHuman:", "END"],
          "gen_ai.response.id": `chatcmpl-${Math.floor(random() * 1e15).toString(36)}`,
          "gen_ai.response.finish_reasons": ["stop"],
          "gen_ai.usage.input_tokens": input,
          "gen_ai.usage.output_tokens": output,
          "gen_ai.usage.cache_read.input_tokens": Math.floor(input / 3),
          "gen_ai.prompt.0.role": "system",
          "gen_ai.prompt.0.content": text(300),
          "gen_ai.prompt.1.role": "user",
          "gen_ai.prompt.1.content": text(600 + Math.floor(random() * 600)),
          "gen_ai.completion.0.role": "assistant",
          "gen_ai.completion.0.content": text(200 + Math.floor(random() * 400)),
          "gen_ai.completion.0.finish_reason": "stop",
          "llm.request.type": "chat",
          "llm.is_streaming": random() < 0.5,
          "llm.usage.total_tokens": input + output,
          "llm.headers": "None",
          "server.address": "api.openai.com",
          "server.port": 443,
          "session.id": `sess-${i >> 3}`,
          "user.id": `user-${i % 37}`,
          "traceloop.workflow.name": "answer_ticket",
          "traceloop.entity.path": "answer_ticket.draft_reply",
        },
      },
      trace.setSpan(context.active(), root),
    );
    if (random() < 0.1) span.setStatus({ code: SpanStatusCode.ERROR, message: "429 Too Many Requests" });
    span.end([t0 + i + 1, Math.floor(random() * 1e9)]);
  }
  root.end([t0 + SPANS_PER_BATCH + 1, 0]);
  return exporter.getFinishedSpans().slice(0, SPANS_PER_BATCH);
}

// The protobufjs baseline. @opentelemetry/otlp-transformer 0.223 no longer ships a protobufjs root (it
// encodes by hand), so the schema is given here as .proto text: the messages of the OTLP trace request.
const TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
  ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
}
message Status { string message = 2; int32 code = 3; }
`;

interface ProtobufjsType {
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: Record<string, unknown>): object;
}

/** protobufjs is not a dependency of this repo; it is used when some other package brought it in. */
async function loadProtobufjs(): Promise<ProtobufjsType | undefined> {
  try {
    const module = (await import("protobufjs")) as unknown as {
      default: { parse(source: string): { root: { lookupType(name: string): ProtobufjsType } } };
    };
    return module.default.parse(TRACE_PROTO).root.lookupType("opentelemetry.proto.ExportTraceServiceRequest");
  } catch {
    return undefined;
  }
}

function measure(label: string, decode: () => unknown): { label: string; spansPerSecond: number } {
  for (let i = 0; i < Math.max(10, ITERATIONS / 10); i++) decode(); // warm up the JIT
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) decode();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push((ITERATIONS * SPANS_PER_BATCH) / seconds);
  }
  rates.sort((a, b) => a - b);
  return { label, spansPerSecond: rates[Math.floor(ROUNDS / 2)]! };
}

const spans = buildSpans();
const protobufBody = ProtobufTraceSerializer.serializeRequest(spans)!;
const jsonBody = JsonTraceSerializer.serializeRequest(spans)!;
const jsonText = new TextDecoder().decode(jsonBody);
const attributeCount = Object.keys(spans[0]!.attributes).length;
const textBytes = spans.reduce(
  (sum, s) => sum + Object.values(s.attributes).reduce<number>((n, v) => n + (typeof v === "string" && v.length > 100 ? v.length : 0), 0),
  0,
);

// Sanity, so the numbers below are for decoders that did the whole job.
const decodedCount = decodeTracesProtobuf(protobufBody).length;
if (decodedCount !== SPANS_PER_BATCH || decodeTracesJson(jsonBody).length !== SPANS_PER_BATCH) {
  throw new Error(`decoders returned ${decodedCount} spans, expected ${SPANS_PER_BATCH}`);
}

const protobufjs = await loadProtobufjs();
const rows: Array<{ label: string; spansPerSecond: number; baseline?: string }> = [];
const ours = measure("decodeTracesProtobuf", () => decodeTracesProtobuf(protobufBody));
rows.push(ours);
let protobufBaseline: number | undefined;
if (protobufjs !== undefined) {
  const decodeOnly = measure("protobufjs decode (baseline)", () => protobufjs.decode(protobufBody));
  protobufBaseline = decodeOnly.spansPerSecond;
  rows.push(decodeOnly);
  rows.push(
    measure("protobufjs decode + toObject", () =>
      protobufjs.toObject(protobufjs.decode(protobufBody), { longs: String, bytes: String, enums: Number }),
    ),
  );
}
const oursJson = measure("decodeTracesJson (from bytes)", () => decodeTracesJson(jsonBody));
const oursJsonText = measure("decodeTracesJson (from string)", () => decodeTracesJson(jsonText));
const parseOnly = measure("JSON.parse alone (baseline)", () => JSON.parse(jsonText));
rows.push(oursJson, oursJsonText, parseOnly);

const ratio = (value: number, base: number | undefined) => (base === undefined ? "n/a" : `${(value / base).toFixed(2)}×`);
console.log(`OTLP trace decode, Node ${process.version}: ${SPANS_PER_BATCH} spans per batch, ${attributeCount} attributes per LLM span,`);
console.log(
  `~${Math.round(textBytes / spans.length)} B of prompt/completion text per span; protobuf body ${protobufBody.length.toLocaleString("en")} B, JSON body ${jsonBody.length.toLocaleString("en")} B;`,
);
console.log(
  `${ITERATIONS} batches per round, median of ${ROUNDS} rounds.${protobufjs === undefined ? " protobufjs not installed: no protobuf baseline." : ""}`,
);
console.log("");
console.log(`${"decoder".padEnd(34)}${"spans/s".padStart(12)}${"MB/s".padStart(9)}   vs baseline`);
for (const row of rows) {
  const isJson = row.label.includes("JSON") || row.label.includes("Json");
  const bytesPerBatch = isJson ? jsonBody.length : protobufBody.length;
  const mbPerSecond = ((row.spansPerSecond / SPANS_PER_BATCH) * bytesPerBatch) / 1e6;
  const versus = row.label.includes("baseline")
    ? "—"
    : isJson
      ? ratio(row.spansPerSecond, parseOnly.spansPerSecond)
      : ratio(row.spansPerSecond, protobufBaseline);
  console.log(
    `${row.label.padEnd(34)}${Math.round(row.spansPerSecond).toLocaleString("en").padStart(12)}${mbPerSecond.toFixed(0).padStart(9)}   ${versus}`,
  );
}
