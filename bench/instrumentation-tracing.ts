// The tracing every variant of the instrumentation benchmark pays the same: a registered NodeTracerProvider
// whose BatchSpanProcessor hands batches to an exporter that encodes them as OTLP protobuf and drops the bytes.
import type { Context } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";

/** Attributes that carry a call's output token count in each convention (GenAI semconv, OpenInference). */
const OUTPUT_TOKEN_ATTRIBUTES = ["gen_ai.usage.output_tokens", "llm.token_count.completion"];

export interface SpanTally {
  ended: number;
  /** Ended spans that carry an output token count. */
  withUsage: number;
}

/**
 * The cost an app pays to ship spans, without a network: the real serializer of the OTLP/HTTP protobuf
 * exporter (`ProtobufTraceSerializer`, as `@opentelemetry/exporter-trace-otlp-proto` uses it) on every batch.
 */
class DiscardingProtobufExporter implements SpanExporter {
  spans = 0;
  bytes = 0;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    this.spans += spans.length;
    this.bytes += body?.length ?? 0;
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Counts spans as they end, in front of the batch processor, so a variant that never patched shows 0. */
class TallyingProcessor implements SpanProcessor {
  readonly tally: SpanTally = { ended: 0, withUsage: 0 };
  private readonly inner: SpanProcessor;

  constructor(inner: SpanProcessor) {
    this.inner = inner;
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.tally.ended++;
    if (OUTPUT_TOKEN_ATTRIBUTES.some((key) => typeof span.attributes[key] === "number")) this.tally.withUsage++;
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export interface BenchTracing {
  provider: NodeTracerProvider;
  tally: SpanTally;
  exported(): { spans: number; bytes: number };
  flush(): Promise<void>;
}

export function startBenchTracing(): BenchTracing {
  const exporter = new DiscardingProtobufExporter();
  // Default batch settings (512 spans per export, 5 s delay): what an app gets unless it tunes them.
  const processor = new TallyingProcessor(new BatchSpanProcessor(exporter));
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  return {
    provider,
    tally: processor.tally,
    exported: () => ({ spans: exporter.spans, bytes: exporter.bytes }),
    flush: () => provider.forceFlush(),
  };
}
