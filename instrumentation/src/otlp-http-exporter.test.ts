import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { OtlpHttpExporter } from "./otlp-http-exporter.ts";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const received: Received[] = [];
const statuses: number[] = [];
let server: http.Server;
let url: string;
let blackhole: net.Server;
let blackholeUrl: string;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, status === 503 ? { "Retry-After": "0" } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  blackhole = net.createServer(() => undefined);
  await new Promise<void>((resolve) => blackhole.listen(0, "127.0.0.1", resolve));
  blackholeUrl = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}/v1/traces`;
});
after(() => {
  server.close();
  blackhole.close();
});

function someSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  provider.getTracer("t").startSpan("chat gpt-4o").end();
  return memory.getFinishedSpans();
}

function exportOnce(exporter: OtlpHttpExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

test("posts OTLP protobuf with the configured headers, gzipped when asked", async () => {
  received.length = 0;
  const exporter = new OtlpHttpExporter({ url, headers: { Authorization: "Bearer k" }, timeoutMs: 5_000, gzip: true });
  const result = await exportOnce(exporter, someSpans());
  assert.equal(result.code, ExportResultCode.SUCCESS);
  const [request] = received;
  assert.equal(request!.headers["content-type"], "application/x-protobuf");
  assert.equal(request!.headers["authorization"], "Bearer k");
  assert.equal(request!.headers["content-encoding"], "gzip");
  assert.ok(gunzipSync(request!.body).includes(Buffer.from("chat gpt-4o")));
});

test("retries a 503 in the background, but not once the process is exiting", async () => {
  received.length = 0;
  statuses.push(503);
  const exporter = new OtlpHttpExporter({ url, headers: {}, timeoutMs: 5_000, gzip: false });
  assert.equal((await exportOnce(exporter, someSpans())).code, ExportResultCode.SUCCESS);
  assert.equal(received.length, 2);

  received.length = 0;
  statuses.push(503);
  exporter.markExiting(1_000);
  assert.equal((await exportOnce(exporter, someSpans())).code, ExportResultCode.FAILED);
  assert.equal(received.length, 1);
});

test("an endpoint that never answers fails the export within the exit budget instead of holding on", async () => {
  const exporter = new OtlpHttpExporter({ url: blackholeUrl, headers: {}, timeoutMs: 60_000, gzip: false });
  const result = exportOnce(exporter, someSpans());
  exporter.markExiting(100);
  assert.equal((await result).code, ExportResultCode.FAILED);
  const refused = new OtlpHttpExporter({ url: "http://127.0.0.1:9/v1/traces", headers: {}, timeoutMs: 1_000, gzip: false });
  refused.markExiting(1_000);
  assert.equal((await exportOnce(refused, someSpans())).code, ExportResultCode.FAILED);
});
