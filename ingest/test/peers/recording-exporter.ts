// Wraps a real OTLP exporter and remembers which spans each request carried and whether the ingest
// acknowledged it: a processor's forceFlush() resolves even when the export failed.
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-node";
import type { ReportedExport } from "./peer-report.ts";

type ExportCallback = Parameters<SpanExporter["export"]>[1];
type ExportResult = Parameters<ExportCallback>[0];

/** ExportResultCode.SUCCESS of @opentelemetry/core, which this package does not depend on directly. */
const SUCCESS = 0;

export class RecordingExporter implements SpanExporter {
  readonly exports: ReportedExport[] = [];
  readonly #inner: SpanExporter;

  constructor(inner: SpanExporter) {
    this.#inner = inner;
  }

  export(spans: ReadableSpan[], resultCallback: ExportCallback): void {
    const spanIds = spans.map((span) => span.spanContext().spanId);
    this.#inner.export(spans, (result: ExportResult) => {
      const ok = result.code === SUCCESS;
      this.exports.push({ spanIds, ok, error: ok ? null : String(result.error ?? "export failed") });
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush?.() ?? Promise.resolve();
  }
}
