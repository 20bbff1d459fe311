// The OTLP/HTTP listener (port 4318 by default). It answers its health check; the OTLP routes
// (/v1/traces, /v1/logs, /v1/metrics) come with the ingest pipeline. Plain node:http rather than
// express: this is the hot path and needs no router.
import http from "node:http";
import type { Store } from "@promptmetrics/clickhouse";

export interface IngestServerOptions {
  store: Store;
}

export function createIngestServer({ store }: IngestServerOptions): http.Server {
  return http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (req.method === "GET" && (url === "/healthz" || url.startsWith("/healthz?"))) {
      store.ping().then(
        () => sendJson(res, 200, { status: "ok", role: "ingest", store: store.kind }),
        () => sendJson(res, 503, { error: { code: "unavailable", message: "The store does not answer" } }, { "Retry-After": "5" }),
      );
      return;
    }
    req.resume();
    sendJson(res, 404, { error: { code: "not_found", message: `No route for ${req.method} ${url.split("?")[0]}` } });
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), ...headers });
  res.end(payload);
}
