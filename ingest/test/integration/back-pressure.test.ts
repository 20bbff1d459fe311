// Back-pressure at the HTTP level: a full write queue refuses with 429 and Retry-After (which OTLP
// exporters honour) and never drops what it already accepted. Its own file: one store per process.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { startIngestHarness, waitFor } from "@promptmetrics/testing/ingest-harness";

function padded(count: number, padding: string) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "bp" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("test");
  for (let i = 0; i < count; i++) tracer.startSpan("work", { attributes: { "app.padding": padding } }).end();
  return ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
}

test("a full write queue answers 429 with Retry-After, and the accepted request is still written", async () => {
  const h = await startIngestHarness({ maxQueueBytes: 1024 * 1024, lingerMs: 1500 });
  try {
    const first = padded(70, "x".repeat(9000));
    const second = padded(1, "y".repeat(700_000));
    assert.ok(first.length > 600_000 && second.length > 600_000);
    const send = (body: Uint8Array) =>
      fetch(`${h.url}/v1/traces`, {
        method: "POST",
        headers: { "Content-Type": "application/x-protobuf", Authorization: `Bearer ${h.ingestKey}` },
        body,
      });
    const firstResponse = send(first);
    await waitFor(
      async () => h.service.writer.stats().queuedBytes,
      (bytes) => bytes > 0,
    );
    const refused = await send(second);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.equal((await firstResponse).status, 200);
    const [row] = await h.store.query<{ n: number }>("SELECT count() AS n FROM spans WHERE project_id = {p:String}", { p: h.projectId });
    assert.equal(row?.n, 70);
  } finally {
    await h.close();
  }
});
