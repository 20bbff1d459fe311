// The OTLP receiver as exporters meet it: spans from the real OTel SDK and exporters land priced in
// llm_runs; retries do not double count; every bad input gets its status while the server stays up;
// GenAI log records attach content; a revoked key stops working.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { after, before, describe, test } from "node:test";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ProtobufLogsSerializer, ProtobufTraceSerializer, JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { LoggerProvider, InMemoryLogRecordExporter, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { revokeApiKey } from "@promptmetrics/clickhouse";
import { startIngestHarness, waitFor, type IngestHarness } from "@promptmetrics/testing/ingest-harness";

const METRICS_TOKEN = "otlp-server-test-metrics-token";
let h: IngestHarness;
before(async () => {
  h = await startIngestHarness({ maxBodyBytes: 512 * 1024, metricsToken: METRICS_TOKEN });
});
after(() => h.close());

const NOW = Date.now();

/** Records spans with the real SDK: one GenAI chat call and one HTTP span around it. */
function recordSpans(
  opts: {
    model?: string;
    input?: number;
    output?: number;
    cached?: number;
    service?: string;
    extra?: Record<string, number | string>;
  } = {},
): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": opts.service ?? "checkout" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("@promptmetrics/test", "1.0.0");
  tracer.startActiveSpan("POST /checkout", { kind: SpanKind.SERVER, startTime: NOW - 2000 }, (http) => {
    const chat = tracer.startSpan(`chat ${opts.model ?? "gpt-4o"}`, {
      kind: SpanKind.CLIENT,
      startTime: NOW - 1500,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": opts.model ?? "gpt-4o",
        "gen_ai.response.model": `${opts.model ?? "gpt-4o"}-2024-08-06`,
        "gen_ai.usage.input_tokens": opts.input ?? 1000,
        "gen_ai.usage.output_tokens": opts.output ?? 500,
        "gen_ai.usage.cache_read.input_tokens": opts.cached ?? 0,
        "promptmetrics.user.id": "user-42",
        ...opts.extra,
      },
    });
    chat.end(NOW - 500);
    http.setStatus({ code: SpanStatusCode.OK });
    http.end(NOW - 400);
  });
  return memory.getFinishedSpans();
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, (result) =>
      result.code === 0 ? resolve() : reject(result.error ?? new Error(`export failed: ${result.code}`)),
    ),
  );
}

async function post(path: string, body: Uint8Array | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-protobuf", Authorization: `Bearer ${h.ingestKey}`, ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

async function runs(where: string, params: Record<string, unknown> = {}) {
  return h.store.query<Record<string, unknown>>(
    `SELECT model, request_model, provider, input_tokens, output_tokens, cache_read_tokens, cost_usd, cost_input_usd, cost_cache_read_usd, cost_output_usd, user_id, service_name
     FROM llm_runs WHERE project_id = {projectId:String} AND ${where} ORDER BY start_time`,
    { projectId: h.projectId, ...params },
  );
}

describe("spans from the real OTel SDK exporters", () => {
  test("the protobuf exporter's GenAI span lands priced; its HTTP parent is stored as a plain span", async () => {
    const exporter = new OtlpProtoExporter({ url: `${h.url}/v1/traces`, headers: { Authorization: `Bearer ${h.ingestKey}` } });
    await exportWith(exporter, recordSpans({ service: "proto-svc", cached: 200 }));
    await exporter.shutdown();
    // gpt-4o (prices as of 2026-11-25): 800 uncached × $2.50/M = $0.002, 200 cached × $1.25/M = $0.00025,
    // 500 output × $10/M = $0.005; total $0.00725.
    assert.deepEqual(await runs("service_name = 'proto-svc'"), [
      {
        model: "gpt-4o-2024-08-06",
        request_model: "gpt-4o",
        provider: "openai",
        input_tokens: 1000,
        output_tokens: 500,
        cache_read_tokens: 200,
        cost_usd: "0.00725",
        cost_input_usd: "0.002",
        cost_cache_read_usd: "0.00025",
        cost_output_usd: "0.005",
        user_id: "user-42",
        service_name: "proto-svc",
      },
    ]);
    const [plain] = await h.store.query<{ n: number }>(
      "SELECT count() AS n FROM spans WHERE project_id = {p:String} AND service_name = 'proto-svc' AND NOT is_llm",
      { p: h.projectId },
    );
    assert.equal(plain?.n, 1);
  });

  test("the JSON exporter, gzip-compressed, lands the same way", async () => {
    const exporter = new OtlpJsonExporter({
      url: `${h.url}/v1/traces`,
      headers: { Authorization: `Bearer ${h.ingestKey}` },
      compression: "gzip" as never,
    });
    await exportWith(exporter, recordSpans({ service: "json-svc", model: "gpt-4o-mini", input: 2000, output: 100 }));
    await exporter.shutdown();
    // gpt-4o-mini: 2000 × $0.15/M = $0.0003, 100 × $0.60/M = $0.00006; total $0.00036.
    const [row] = await runs("service_name = 'json-svc'");
    assert.equal(row?.cost_usd, "0.00036");
    assert.equal(row?.input_tokens, 2000);
  });
});

describe("retries and partial success", () => {
  test("an exporter re-sending the same batch does not double count", async () => {
    const body = ProtobufTraceSerializer.serializeRequest(recordSpans({ service: "retry-svc" }))!;
    for (let i = 0; i < 3; i++) assert.equal((await post("/v1/traces", body)).status, 200);
    const [rollup] = await h.store.query<{ requests: number }>(
      "SELECT sum(requests) AS requests FROM rollup_model_hourly WHERE project_id = {p:String} AND model = 'gpt-4o-2024-08-06'",
      { p: h.projectId },
    );
    assert.equal((await runs("service_name = 'retry-svc'")).length, 1);
    assert.equal(rollup?.requests, 2, "one run from the proto exporter test, one from this one");
    assert.match(await metricsText(), /^promptmetrics_ingest_spans_duplicate_total 4$/m);
  });

  test("impossible spans are refused through partial_success while the rest of the batch is kept", async () => {
    const good = recordSpans({ service: "partial-svc" });
    const negative = recordSpans({ service: "partial-svc", extra: { "gen_ai.usage.output_tokens": -3 } })[0]!;
    const body = JsonTraceSerializer.serializeRequest([...good, negative])!;
    const response = await post("/v1/traces", body, { "Content-Type": "application/json" });
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body.toString()), {
      partialSuccess: { rejectedSpans: "1", errorMessage: "1 span(s) refused: negative token count" },
    });
    assert.equal((await runs("service_name = 'partial-svc'")).length, 1);
  });
});

describe("bad input gets its status, and the server stays up", () => {
  const spansBody = () => ProtobufTraceSerializer.serializeRequest(recordSpans({ service: "bad-svc" }))!;

  test("401 without a key or with a wrong one", async () => {
    assert.equal((await post("/v1/traces", spansBody(), { Authorization: "" })).status, 401);
    const wrong = await post("/v1/traces", spansBody(), { Authorization: "Bearer pm_ingest_not-a-real-key-000000000000" });
    assert.equal(wrong.status, 401);
  });

  test("415 for another content type or encoding", async () => {
    const response = await post("/v1/traces", "hello", { "Content-Type": "text/plain" });
    assert.equal(response.status, 415);
    assert.match(JSON.parse(response.body.toString()).message, /Content-Type must be application\/x-protobuf or application\/json/);
    assert.equal((await post("/v1/traces", spansBody(), { "Content-Encoding": "br" })).status, 415);
  });

  test("400 with the reason for malformed protobuf, JSON or gzip", async () => {
    const proto = await post("/v1/traces", Buffer.from([0x0a, 0xff, 0xff, 0x01]));
    assert.equal(proto.status, 400);
    const json = await post("/v1/traces", '{"resourceSpans": [', { "Content-Type": "application/json" });
    assert.equal(json.status, 400);
    assert.match(JSON.parse(json.body.toString()).message, /JSON/i);
    assert.equal((await post("/v1/traces", Buffer.from("not gzip"), { "Content-Encoding": "gzip" })).status, 400);
  });

  test("413 for a body over the limit, compressed or not", async () => {
    assert.equal((await post("/v1/traces", Buffer.alloc(600 * 1024))).status, 413);
    const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024));
    assert.ok(bomb.length < 512 * 1024);
    assert.equal((await post("/v1/traces", bomb, { "Content-Encoding": "gzip" })).status, 413);
  });

  test("404 and 405 for other routes and methods; /v1/metrics answers 200 without storing", async () => {
    assert.equal((await post("/v1/nothing", "x")).status, 404);
    assert.equal((await fetch(`${h.url}/v1/traces`)).status, 405);
    const metrics = await post("/v1/metrics", Buffer.alloc(0));
    assert.equal(metrics.status, 200);
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200, "still healthy after all of the above");
    assert.equal((await runs("service_name = 'bad-svc'")).length, 0);
  });
});

describe("content from GenAI log records", () => {
  function logsBody(traceId: string, spanId: string) {
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: memory } as never)] } as never);
    const spanContext = { traceId, spanId, traceFlags: 1 };
    provider.getLogger("openai-instrumentation").emit({
      eventName: "gen_ai.client.inference.operation.details",
      context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
      attributes: {
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "What is 2+2?" }] }]),
        "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "4" }], finish_reason: "stop" }]),
      },
    });
    const records = memory.getFinishedLogRecords();
    return ProtobufLogsSerializer.serializeRequest(records as never)!;
  }

  test("content is attached to a run already written, and to one that arrives after its content", async () => {
    const [, written] = recordSpans({ service: "logs-after" });
    assert.equal((await post("/v1/traces", ProtobufTraceSerializer.serializeRequest(recordSpans({ service: "logs-after" }))!)).status, 200);
    const stored = await h.store.query<{ trace_id: string; span_id: string }>(
      "SELECT trace_id, span_id FROM llm_runs WHERE project_id = {p:String} AND service_name = 'logs-after'",
      { p: h.projectId },
    );
    assert.ok(written);
    assert.equal((await post("/v1/logs", logsBody(stored[0]!.trace_id, stored[0]!.span_id))).status, 200);
    const after = await waitFor(
      () =>
        h.store.query<{ input_text: string; output_text: string }>(
          "SELECT input_text, output_text FROM llm_runs WHERE project_id = {p:String} AND service_name = 'logs-after'",
          { p: h.projectId },
        ),
      (rows) => rows[0]?.input_text !== "",
    );
    assert.match(after[0]!.input_text, /What is 2\+2\?/);
    assert.match(after[0]!.output_text, /4/);

    const early = recordSpans({ service: "logs-before" });
    const chat = early.find((span) => span.name.startsWith("chat"))!;
    assert.equal((await post("/v1/logs", logsBody(chat.spanContext().traceId, chat.spanContext().spanId))).status, 200);
    assert.equal((await post("/v1/traces", ProtobufTraceSerializer.serializeRequest(early)!)).status, 200);
    const [row] = await h.store.query<{ input_text: string }>(
      "SELECT input_text FROM llm_runs WHERE project_id = {p:String} AND service_name = 'logs-before'",
      { p: h.projectId },
    );
    assert.match(row!.input_text, /What is 2\+2\?/);
    const [rollup] = await h.store.query<{ n: number }>("SELECT sum(requests) AS n FROM rollup_user_hourly WHERE project_id = {p:String}", {
      p: h.projectId,
    });
    const [direct] = await h.store.query<{ n: number }>("SELECT count() AS n FROM llm_runs WHERE project_id = {p:String}", {
      p: h.projectId,
    });
    assert.equal(rollup?.n, direct?.n, "attaching content never counts a run twice");
  });
});

describe("keys, load and self-metrics", () => {
  test("a revoked key stops working within seconds", async () => {
    const other = await h.addProject("Revoked");
    const body = () => ProtobufTraceSerializer.serializeRequest(recordSpans({ service: "revoked-svc" }))!;
    assert.equal((await post("/v1/traces", body(), { Authorization: `Bearer ${other.ingestKey}` })).status, 200);
    await revokeApiKey(h.store, { id: other.keyId });
    await waitFor(
      async () => (await post("/v1/traces", body(), { Authorization: `Bearer ${other.ingestKey}` })).status,
      (status) => status === 401,
      10_000,
    );
  });

  test("spans go to the key's project only", async () => {
    const other = await h.addProject("Other tenant");
    await post("/v1/traces", ProtobufTraceSerializer.serializeRequest(recordSpans({ service: "tenant-svc" }))!, {
      Authorization: `Bearer ${other.ingestKey}`,
    });
    assert.equal((await runs("service_name = 'tenant-svc'")).length, 0);
    const [row] = await h.store.query<{ n: number }>(
      "SELECT count() AS n FROM llm_runs WHERE project_id = {p:String} AND service_name = 'tenant-svc'",
      { p: other.projectId },
    );
    assert.equal(row?.n, 1);
  });

  test("/metrics reports received, accepted and rejected spans and the queue", async () => {
    const text = await metricsText();
    assert.match(text, /^promptmetrics_ingest_spans_rejected_total\{reason="negative_tokens"\} 1$/m);
    assert.match(text, /^promptmetrics_ingest_requests_total\{route="traces",status="401"\} \d+$/m);
    assert.match(text, /^promptmetrics_ingest_queue_rows 0$/m);
    assert.match(text, /^promptmetrics_ingest_spans_accepted_total [1-9]\d*$/m);
  });
});

async function metricsText(): Promise<string> {
  return (await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
}
