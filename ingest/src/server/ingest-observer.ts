// What the process around the ingest hands in to watch it (the CLI wires logs, Sentry and self-traces
// here): a record of every answered request and every unexpected error, with the request's id.

/**
 * Requests carrying this header are the process's own self-trace exports. They get no span of their
 * own: pointed at this ingest, each export would otherwise make a span for the next export, forever.
 */
export const SELF_TRACE_HEADER = "x-promptmetrics-self-trace";

export interface IngestRequestRecord {
  requestId: string;
  method: string;
  /** /v1/traces, /v1/logs, /v1/metrics, /healthz, /metrics, or "unmatched": never the raw path. */
  route: string;
  status: number;
  /** When the request arrived, in ms since the epoch. */
  startedAt: number;
  durationMs: number;
  /** The request came from this process's own trace exporter (SELF_TRACE_HEADER). */
  selfTrace: boolean;
}

export interface IngestObserver {
  onRequest?(record: IngestRequestRecord): void;
  /** An error the server did not expect (answered 500); when unset it is written to stderr. */
  onUnexpectedError?(error: unknown, context: { requestId: string; method: string; route: string }): void;
}
