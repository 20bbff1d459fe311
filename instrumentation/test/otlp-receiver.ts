// A stand-in OTLP/HTTP collector for the zero-code start's tests: it answers every POST like a
// collector does (200, empty ExportTraceServiceResponse) and records the path, the Authorization
// header and the spans, decoded with the ingest's own OTLP decoder.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeTracesProtobuf, type Attributes } from "@promptmetrics/ingest";

export interface ReceivedSpan {
  resource: Attributes;
  scope: string;
  name: string;
  attributes: Attributes;
}

export interface ReceivedExport {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  spans: ReceivedSpan[];
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, without a path. */
  url: string;
  readonly exports: readonly ReceivedExport[];
  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[];
  reset(): void;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = new Uint8Array(Buffer.concat(chunks));
      let spans: ReceivedSpan[];
      try {
        spans = decodeExportTraceServiceRequest(body);
      } catch (problem) {
        res.writeHead(400, { "content-type": "text/plain" }).end(String(problem));
        return;
      }
      exports.push({
        path: new URL(req.url ?? "/", "http://receiver").pathname,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        spans,
      });
      res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans: () => exports.flatMap((sent) => sent.spans),
    reset: () => {
      exports.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port on which nothing listens: an OTLP endpoint that is down. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function decodeExportTraceServiceRequest(body: Uint8Array): ReceivedSpan[] {
  return decodeTracesProtobuf(body).map((span) => ({
    resource: span.resource.attributes,
    scope: span.scope.name,
    name: span.name,
    attributes: span.attributes,
  }));
}
