// Traces of our own API and ingest requests (PROMPTMETRICS_SELF_TRACES_URL): one server span per
// answered request, named by method and route template, with its status and request id, exported over
// OTLP/HTTP to any collector, this install's own ingest included. The spans are made from the request
// records the API and ingest report (their start and duration), so neither package depends on the SDK.
// The provider is ours alone, not the global one: nothing else in the process starts exporting.
import { SpanKind, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { SELF_TRACE_HEADER } from "@promptmetrics/ingest";

export interface TracedRequest {
  requestId: string;
  method: string;
  route: string;
  status: number;
  startedAt: number;
  durationMs: number;
}

export interface SelfTracer {
  /** One span for one answered request of the "api" or "ingest" service. */
  record(service: "api" | "ingest", request: TracedRequest): void;
  /** Exports what is queued now. */
  flush(): Promise<void>;
  /** Exports what is queued and stops. */
  shutdown(): Promise<void>;
}

export interface SelfTracerOptions {
  url: string;
  headers?: Record<string, string>;
  /** service.version of the exported resource. */
  version?: string;
}

export function startSelfTracer({ url, headers = {}, version }: SelfTracerOptions): SelfTracer {
  // The header marks our exports, so our own ingest makes no span of receiving them (no endless loop).
  const exporter = new OTLPTraceExporter({ url, headers: { ...headers, [SELF_TRACE_HEADER]: "1" } });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "promptmetrics", ...(version ? { "service.version": version } : {}) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracers: Record<"api" | "ingest", Tracer> = {
    api: provider.getTracer("promptmetrics.api"),
    ingest: provider.getTracer("promptmetrics.ingest"),
  };
  return {
    record(service, request) {
      const span = tracers[service].startSpan(`${request.method} ${request.route}`, {
        kind: SpanKind.SERVER,
        startTime: request.startedAt,
        attributes: {
          "promptmetrics.service": service,
          "http.request.method": request.method,
          "http.route": request.route,
          "http.response.status_code": request.status,
          "promptmetrics.request_id": request.requestId,
        },
      });
      if (request.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(request.startedAt + request.durationMs);
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
