// The OTLP/HTTP receiver (port 4318): POST /v1/traces, /v1/logs and /v1/metrics as the OTLP/HTTP spec
// describes them (protobuf or JSON, optionally gzip), plus GET /healthz and GET /metrics.
// Plain node:http rather than express: this is the hot path and needs no router.
// This port faces applications, often the internet: GET /metrics exists only when
// PROMPTMETRICS_METRICS_TOKEN is set (404 otherwise) and then needs that bearer token (401 without).
// Statuses: 400 malformed, 401 bad key, 404/405 wrong route or method, 413 too large, 415 wrong
// content type or encoding, 429/503 with Retry-After when the write queue is full or the store is down
// (OTLP exporters retry those), 200 with partial_success when some spans were refused.
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { StoreError, type Store } from "@promptmetrics/clickhouse";
import type { ResolvedKey } from "../auth/ingest-keys.ts";
import type { IngestConfig } from "../env.ts";
import type { IngestService } from "../ingest-service.ts";
import { OverloadedError, WriteFailedError } from "../writer/span-writer.ts";
import { OtlpDecodeError, type OtlpEncoding } from "../otlp/errors.ts";
import { decodeLogs, decodeTraces, encodeExportResponse, encodeStatusBody, type Signal } from "./otlp-codec.ts";
import { AdmissionBudget, AdmissionRefusedError, type AdmissionTicket } from "./admission.ts";
import { SELF_TRACE_HEADER, type IngestObserver } from "./ingest-observer.ts";
import { BodyError, readBody } from "./read-body.ts";
import { requestIdFrom } from "./request-id.ts";

export interface IngestServerOptions {
  store: Store;
  service: IngestService;
  config: IngestConfig;
  /** Request records and unexpected errors, for logs, error reports and self-traces. */
  observer?: IngestObserver;
}

/** What a 503 tells exporters: a store outage is not measured in milliseconds. */
const STORE_RETRY_AFTER_SECONDS = 5;
const ROUTES: Record<string, Signal> = { "/v1/traces": "traces", "/v1/logs": "logs", "/v1/metrics": "metrics" };

export function createIngestServer({ store, service, config, observer = {} }: IngestServerOptions): http.Server {
  const metricsTokenHash = config.metricsToken === undefined ? undefined : sha256(config.metricsToken);
  // One budget for every request from admission to answer; the writer's queue is a part of it.
  const admission = new AdmissionBudget(config.maxQueueBytes);
  const server = http.createServer((req, res) => {
    // No answer of ours is meant to be sniffed into HTML or script by a browser.
    res.setHeader("X-Content-Type-Options", "nosniff");
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    res.setHeader("X-Request-Id", requestId);
    const route = routeOf(req);
    const startedAt = Date.now();
    const started = performance.now();
    res.once("finish", () => {
      const selfTrace = req.headers[SELF_TRACE_HEADER] !== undefined;
      const durationMs = performance.now() - started;
      observer.onRequest?.({ requestId, method: req.method ?? "", route, status: res.statusCode, startedAt, durationMs, selfTrace });
    });
    const ticket = admission.open();
    handle(req, res, ticket)
      .finally(() => ticket.release())
      .catch((error: unknown) => {
        // Last resort: nothing may crash the process or leave a request hanging.
        if (observer.onUnexpectedError) observer.onUnexpectedError(error, { requestId, method: req.method ?? "", route });
        else console.error("[ingest] unexpected error", error);
        if (!res.headersSent) sendJson(res, 500, { code: 13, message: "Internal error" });
        else res.destroy();
      });
  });
  // Bound slow clients: a body must arrive within a minute.
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  return server;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, ticket: AdmissionTicket) {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path === "/healthz") return health(res);
    if (req.method === "GET" && path === "/metrics" && metricsTokenHash) return metrics(req, res, metricsTokenHash);
    const signal = ROUTES[path];
    if (!signal) {
      req.resume();
      return sendJson(res, 404, { code: 5, message: `No route for ${req.method} ${path}` });
    }
    if (req.method !== "POST") {
      req.resume();
      res.setHeader("Allow", "POST");
      return sendJson(res, 405, { code: 12, message: `${path} accepts POST only` });
    }
    const encoding = encodingOf(req.headers["content-type"]);
    if (!encoding) {
      req.resume();
      service.metrics.countRequest(signal, 415);
      return sendJson(res, 415, {
        code: 3,
        message: `Content-Type must be application/x-protobuf or application/json, got ${req.headers["content-type"] ?? "none"}`,
      });
    }
    const reply = (status: number, body: Buffer, headers: Record<string, string> = {}) => {
      service.metrics.countRequest(signal, status);
      res.writeHead(status, {
        "Content-Type": encoding === "json" ? "application/json" : "application/x-protobuf",
        "Content-Length": body.length,
        ...headers,
      });
      res.end(body);
    };
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      reply(status, encodeStatusBody(encoding, grpcCodeFor(status), message), headers);

    // A store that cannot be read is no reason to call the key bad: 503, and the exporter keeps the data.
    const unavailable = (message: string) => fail(503, message, { "Retry-After": String(STORE_RETRY_AFTER_SECONDS) });
    let key: ResolvedKey | undefined;
    try {
      key = await service.keys.resolve(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      req.resume();
      return unavailable("The store cannot be reached to check the ingest key; retry later");
    }
    if (!key) {
      req.resume();
      return fail(401, "Missing or invalid ingest key: send Authorization: Bearer <ingest key>");
    }
    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes, ticket);
    } catch (error) {
      if (error instanceof BodyError) return fail(error.status, error.message);
      if (error instanceof AdmissionRefusedError) return fail(429, error.message, { "Retry-After": String(error.retryAfterSeconds) });
      throw error;
    }
    try {
      if (signal === "metrics") return reply(200, encodeExportResponse(encoding, "metrics", 0, ""));
      if (signal === "logs") return reply(200, await ingestLogs(key, body, encoding));
      return reply(200, await ingestTraces(key, body, encoding));
    } catch (error) {
      if (error instanceof OtlpDecodeError) return fail(400, error.message);
      if (error instanceof OverloadedError) return fail(429, error.message, { "Retry-After": String(error.retryAfterSeconds) });
      // Any store failure, transient or not: nothing of this request is acknowledged, so the exporter
      // keeps its data and retries (a re-sent span that did land is dropped as a duplicate).
      if (error instanceof WriteFailedError || error instanceof StoreError)
        return unavailable("The store is not taking writes right now; retry later");
      throw error;
    }
  }

  async function ingestTraces(key: ResolvedKey, body: Buffer, encoding: OtlpEncoding): Promise<Buffer> {
    const spans = decodeTraces(encoding, body);
    const outcome = await service.ingestSpans(key, spans, body.length);
    return encodeExportResponse(encoding, "traces", outcome.rejected, outcome.rejectMessage);
  }

  async function ingestLogs(key: ResolvedKey, body: Buffer, encoding: OtlpEncoding): Promise<Buffer> {
    const records = decodeLogs(encoding, body);
    await service.ingestLogs(key, records);
    return encodeExportResponse(encoding, "logs", 0, "");
  }

  function metrics(req: http.IncomingMessage, res: http.ServerResponse, tokenHash: Buffer) {
    req.resume();
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    // Both sides hashed to the same length, so the comparison takes the same time whatever was sent.
    if (given === undefined || !timingSafeEqual(sha256(given), tokenHash)) {
      return sendJson(
        res,
        401,
        { code: 16, message: "GET /metrics needs Authorization: Bearer <PROMPTMETRICS_METRICS_TOKEN>" },
        { "WWW-Authenticate": "Bearer" },
      );
    }
    const body = service.metrics.render(service.writer.stats());
    res.writeHead(200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
    });
    res.end(body);
  }

  function health(res: http.ServerResponse) {
    store.ping().then(
      () => sendJson(res, 200, { status: "ok", role: "ingest", store: store.kind }),
      () => sendJson(res, 503, { status: "unavailable", role: "ingest", store: store.kind }, { "Retry-After": "5" }),
    );
  }
}

/** The route's own path (never the raw one, which may hold anything): for records and span names. */
function routeOf(req: http.IncomingMessage): string {
  const path = (req.url ?? "/").split("?")[0]!;
  return path in ROUTES || path === "/healthz" || path === "/metrics" ? path : "unmatched";
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return undefined;
}

/** google.rpc.Code for the Status body the OTLP spec puts in error responses. */
function grpcCodeFor(status: number): number {
  switch (status) {
    case 400:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 413:
      return 3;
    case 415:
      return 3;
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 503:
      return 14; // UNAVAILABLE
    default:
      return 2; // UNKNOWN
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), ...headers });
  res.end(payload);
}
