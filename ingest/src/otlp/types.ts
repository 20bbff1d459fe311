// The decoded form of OTLP payloads that the rest of the ingest works on, whichever wire encoding
// (protobuf or JSON) they arrived in. Ids are lowercase hex; times are nanoseconds since the epoch.

/** An OTLP AnyValue: int64 values that do not fit a JS number exactly are kept as decimal strings. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface Resource {
  attributes: Attributes;
}

export interface Scope {
  name: string;
  version: string;
}

/** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKindCode = 0 | 1 | 2 | 3 | 4 | 5;
/** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
export type StatusCodeValue = 0 | 1 | 2;

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  /** Empty string for a root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKindCode;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: StatusCodeValue; message: string };
  /** Shared by every span of the same ResourceSpans / ScopeSpans (do not mutate). */
  resource: Resource;
  scope: Scope;
}

export interface DecodedLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  /** The record's event name (OTLP LogRecord.event_name, or the `event.name` attribute in older SDKs). */
  eventName: string;
  body: AttrValue;
  attributes: Attributes;
  /** Hex; empty when the record is not tied to a span. */
  traceId: string;
  spanId: string;
  resource: Resource;
  scope: Scope;
}
