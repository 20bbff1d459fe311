// The ingest pipeline without HTTP: decoded spans of one project → validated, normalized, priced rows →
// the batching writer; decoded log records → content attached to their runs. The OTLP server (and
// tests, benchmarks) drive it.
import { listPriceOverrides, listSyncedPrices, nextVersion, toDbTime, type Store } from "@promptmetrics/clickhouse";
import { createProjectPricers, type ProjectPricers, type SpanRow } from "@promptmetrics/runs";
import { createIngestKeyResolver, type IngestKeyResolver, type ResolvedKey } from "./auth/ingest-keys.ts";
import { createContentAttacher, type ContentAttacher } from "./content/content-attacher.ts";
import type { IngestConfig } from "./env.ts";
import { mapLogRecord } from "./mappers/map-log-record.ts";
import { mapSpan } from "./mappers/map-span.ts";
import type { LlmCall, LogContent } from "./mappers/types.ts";
import { startHealthRecorder } from "./metrics/health-recorder.ts";
import { IngestMetrics } from "./metrics/ingest-metrics.ts";
import type { DecodedLogRecord, DecodedSpan } from "./otlp/types.ts";
import { buildSpanRow } from "./pipeline/build-span-row.ts";
import { acceptedWindow, validateSpan } from "./pipeline/validate-span.ts";
import { RecentKeys } from "./writer/recent-keys.ts";
import { createSpanWriter, type SpanWriter } from "./writer/span-writer.ts";

export interface SpansOutcome {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Why spans were refused, for OTLP partial_success; empty when none were. */
  rejectMessage: string;
}

export interface IngestService {
  readonly keys: IngestKeyResolver;
  readonly metrics: IngestMetrics;
  readonly writer: SpanWriter;
  readonly pricers: ProjectPricers;
  /** `fresh`: span ids minted at random just now (the gateway's), written without the duplicate checks. */
  ingestSpans(key: ResolvedKey, spans: DecodedSpan[], bodyBytes: number, opts?: { fresh?: boolean }): Promise<SpansOutcome>;
  ingestLogs(key: ResolvedKey, records: DecodedLogRecord[]): Promise<{ withContent: number; ignored: number }>;
  /** Writes a row of the ingest's figures to ingest_health now (the recorder also does every interval). */
  recordHealth(): Promise<void>;
  close(): Promise<void>;
}

export function createIngestService({
  store,
  config,
  log = console,
}: {
  store: Store;
  config: IngestConfig;
  log?: Pick<Console, "error">;
}): IngestService {
  const metrics = new IngestMetrics();
  const onError = (error: unknown) => log.error("[ingest]", error);
  const keys = createIngestKeyResolver(store, { onError });
  const pricers = createProjectPricers({ load: () => listPriceOverrides(store), loadSynced: () => listSyncedPrices(store), onError });
  const writer = createSpanWriter({
    store,
    recentKeys: new RecentKeys(),
    maxBatchRows: config.maxBatchRows,
    maxQueueBytes: config.maxQueueBytes,
    lingerMs: config.lingerMs,
    maxConcurrentInserts: config.concurrentInserts,
    observer: {
      onBatchWritten: ({ durationMs }) => metrics.observeInsert(durationMs),
      onBatchFailed: ({ error }) => {
        metrics.insertFailures++;
        onError(error);
      },
      onRunsMerged: (rows) => (metrics.runsMerged += rows),
      onRetractFailed: ({ error }) => onError(error),
    },
  });
  const content: ContentAttacher = createContentAttacher({ store, writer });
  const health = startHealthRecorder({ store, metrics, queue: () => writer.stats(), intervalMs: config.healthIntervalMs, onError });

  return {
    keys,
    metrics,
    writer,
    pricers,

    async ingestSpans(key, spans, bodyBytes, opts = {}) {
      metrics.spansReceived += spans.length;
      const window = acceptedWindow(Date.now());
      const pricer = pricers.forProject(key.projectId);
      const ctx = {
        projectId: key.projectId,
        ingestKeyId: key.keyId,
        pricer,
        ingestedAt: toDbTime(new Date()),
        version: nextVersion(),
        maxAttributeBytes: config.maxAttributeBytes,
      };
      const rows: SpanRow[] = [];
      const reasons = new Map<string, number>();
      const calls = mapCalls(spans);
      spans.forEach((span, i) => {
        const reason = validateSpan(span, window) ?? buildInto(span, calls[i]!);
        if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      });
      function buildInto(span: DecodedSpan, call: LlmCall | null | Error): string | undefined {
        try {
          if (call instanceof Error) throw call;
          const built = buildSpanRow(span, call, ctx);
          metrics.truncatedValues += built.truncatedValues;
          if (built.unknownModel) metrics.countUnknownModel();
          rows.push(built.row);
          return undefined;
        } catch (error) {
          // A span our mappers cannot handle is refused alone; it never fails its batch.
          onError(error);
          return "unprocessable";
        }
      }
      let rejected = 0;
      for (const [reason, n] of reasons) {
        metrics.countRejected(reason, n);
        rejected += n;
      }
      if (content.waiting > 0) metrics.contentAttached += content.fillRows(rows);
      const outcome = await writer.submit(rows, { bytes: bodyBytes, fresh: opts.fresh ?? false });
      metrics.spansAccepted += outcome.written;
      metrics.spansDuplicate += outcome.duplicates;
      if (content.waiting > 0) {
        content.afterWrite(rows).then((n) => (metrics.contentAttached += n), onError);
      }
      return {
        accepted: rows.length,
        duplicates: outcome.duplicates,
        rejected,
        rejectMessage: [...reasons].map(([reason, n]) => `${n} span(s) refused: ${describeReason(reason)}`).join("; "),
      };
    },

    async ingestLogs(key, records) {
      metrics.logRecordsReceived += records.length;
      const contents: LogContent[] = [];
      for (const record of records) {
        const mapped = mapLogRecord(record);
        if (mapped && mapped.traceId && mapped.spanId && (mapped.inputText || mapped.outputText)) contents.push(mapped);
      }
      if (contents.length > 0) {
        const { attached } = await content.attach(key.projectId, contents);
        metrics.contentAttached += attached;
      }
      return { withContent: contents.length, ignored: records.length - contents.length };
    },

    recordHealth: () => health.record(),

    async close() {
      await writer.close();
      // After the writer: the last row counts the final inserts. Off (interval 0) writes nothing.
      if (config.healthIntervalMs > 0) await health.close();
      pricers.close();
      await keys.close();
    },
  };
}

const REASONS: Record<string, string> = {
  invalid_id: "trace or span id missing or malformed",
  invalid_time: "start time missing or end before start",
  time_out_of_range: "start time more than a year in the past or an hour in the future",
  negative_tokens: "negative token count",
  unprocessable: "the span could not be processed",
};

function describeReason(reason: string): string {
  return REASONS[reason] ?? reason;
}

/** Maps every span; one that fails is refused alone. Two reports of one call are paired by the writer. */
function mapCalls(spans: DecodedSpan[]): (LlmCall | null | Error)[] {
  return spans.map((span) => {
    try {
      return mapSpan(span);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
}
