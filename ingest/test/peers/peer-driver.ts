// A child process that plays one instrumented application: registers one real instrumentation, makes
// one SDK call against the mock provider, ships the spans to the ingest with a real OTLP exporter and
// span processor, flushes, and prints a PeerReport as one JSON line on stdout.
//
// Run by run-peer.ts: node ingest/test/peers/peer-driver.ts <scenario>, with PEER_ENV set.
// One process per scenario, because the instrumentations patch SDK prototypes for good.
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import { INSTRUMENT } from "./instrumentations.ts";
import { PEER_ENV, PEER_SERVICE_NAME, type PeerReport, type PeerScenario, type ReportedSpan } from "./peer-report.ts";
import { SCENARIOS } from "./peer-scenarios.ts";
import { RecordingExporter } from "./recording-exporter.ts";

const SPAN_WAIT_MS = 5000;

/** Remembers every ended span, so the driver knows when the library is done and can report the tree. */
class EndedSpans implements SpanProcessor {
  readonly spans: ReportedSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      scope: span.instrumentationScope.name,
      name: span.name,
    });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function waitForEnded(ended: EndedSpans, count: number): Promise<void> {
  const deadline = Date.now() + SPAN_WAIT_MS;
  while (ended.spans.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} ended spans within ${SPAN_WAIT_MS} ms, got ${ended.spans.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function main(): Promise<void> {
  const scenario = process.argv[2] as PeerScenario;
  const spec = SCENARIOS[scenario];
  if (!spec) throw new Error(`unknown scenario ${String(scenario)}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  const mockUrl = requiredEnv(PEER_ENV.mockUrl);
  const exporterConfig = {
    url: `${requiredEnv(PEER_ENV.ingestUrl)}/v1/traces`,
    headers: { Authorization: `Bearer ${requiredEnv(PEER_ENV.ingestKey)}` },
  };
  const exporter = new RecordingExporter(
    spec.encoding === "protobuf" ? new OtlpProtoExporter(exporterConfig) : new OtlpJsonExporter(exporterConfig),
  );
  const ended = new EndedSpans();
  const shipping =
    spec.processor === "simple"
      ? new SimpleSpanProcessor(exporter)
      : // A delay far beyond the run, so only forceFlush() exports, and a call's spans travel together.
        new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600_000 });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": PEER_SERVICE_NAME }),
    spanProcessors: [shipping, ended],
  });
  // Global registration gives the async context manager (parent/child spans) and the global provider
  // the Anthropic SDK's own tracing uses.
  provider.register();
  await INSTRUMENT[spec.library](provider);

  const response = await spec.drive(mockUrl);
  await waitForEnded(ended, spec.spans);
  await provider.forceFlush();
  await provider.shutdown();

  const report: PeerReport = { scenario, spans: ended.spans, exports: exporter.exports, response };
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, () => process.exit(1));
});
