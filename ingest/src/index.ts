// Public surface of @promptmetrics/ingest.
export { createIngestServer, type IngestServerOptions } from "./server/ingest-server.ts";
export { SELF_TRACE_HEADER, type IngestObserver, type IngestRequestRecord } from "./server/ingest-observer.ts";
export { createIngestService, type IngestService, type SpansOutcome } from "./ingest-service.ts";
export { ingestEnvSchema, ingestConfigFromEnv, DEFAULT_INGEST_CONFIG, type IngestConfig, type IngestEnv } from "./env.ts";
export { decodeTracesProtobuf, decodeTracesJson } from "./otlp/decode-traces.ts";
export { decodeLogsProtobuf, decodeLogsJson } from "./otlp/decode-logs.ts";
export { OtlpDecodeError } from "./otlp/errors.ts";
export type { DecodedSpan, AttrValue, Attributes } from "./otlp/types.ts";
