// Decodes OTLP ExportTraceServiceRequest bodies (POST /v1/traces), protobuf or JSON, into DecodedSpan[].
// Only what the ingest keeps is read; links, trace state, flags and dropped counts are skipped like unknown fields.
import { OtlpDecodeError, rethrowAt } from "./errors.ts";
import {
  decodeJsonBody,
  decodeJsonEnvelope,
  elementObject,
  type JsonObject,
  readArray,
  readAttributes,
  readEnum,
  readId,
  readObject,
  readString,
  readUnixNano,
} from "./json-common.ts";
import { decodeKeyValueInto, decodeProtobufRequest } from "./protobuf-common.ts";
import { type ProtobufReader, tag, WIRE_I64, WIRE_LEN, WIRE_VARINT } from "./protobuf-reader.ts";
import type { Attributes, DecodedSpan, Resource, Scope, SpanEvent, SpanKindCode, StatusCodeValue } from "./types.ts";

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;
const SPAN_KIND_NAMES = [
  "SPAN_KIND_UNSPECIFIED",
  "SPAN_KIND_INTERNAL",
  "SPAN_KIND_SERVER",
  "SPAN_KIND_CLIENT",
  "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
];
const STATUS_CODE_NAMES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

// Field tags from opentelemetry/proto/trace/v1/trace.proto and collector/trace/v1/trace_service.proto.
const SPAN_TRACE_ID = tag(1, WIRE_LEN);
const SPAN_SPAN_ID = tag(2, WIRE_LEN);
const SPAN_PARENT_SPAN_ID = tag(4, WIRE_LEN);
const SPAN_NAME = tag(5, WIRE_LEN);
const SPAN_KIND = tag(6, WIRE_VARINT);
const SPAN_START = tag(7, WIRE_I64);
const SPAN_END = tag(8, WIRE_I64);
const SPAN_ATTRIBUTES = tag(9, WIRE_LEN);
const SPAN_EVENTS = tag(11, WIRE_LEN);
const SPAN_STATUS = tag(15, WIRE_LEN);
const SPAN_KNOWN = [1, 2, 4, 5, 6, 7, 8, 9, 11, 15].reduce((mask, n) => mask | (1 << n), 0);
const SPAN_FIELD_NAMES: Record<number, string> = {
  1: "traceId",
  2: "spanId",
  4: "parentSpanId",
  5: "name",
  6: "kind",
  7: "startTimeUnixNano",
  8: "endTimeUnixNano",
  15: "status",
};
const EVENT_TIME = tag(1, WIRE_I64);
const EVENT_NAME = tag(2, WIRE_LEN);
const EVENT_ATTRIBUTES = tag(3, WIRE_LEN);
const EVENT_KNOWN = (1 << 1) | (1 << 2) | (1 << 3);
const STATUS_MESSAGE = tag(2, WIRE_LEN);
const STATUS_CODE = tag(3, WIRE_VARINT);
const STATUS_KNOWN = (1 << 2) | (1 << 3);

/** Decodes a binary protobuf ExportTraceServiceRequest. Throws OtlpDecodeError on malformed input. */
export function decodeTracesProtobuf(body: Uint8Array): DecodedSpan[] {
  return decodeProtobufRequest(body, { resources: "resourceSpans", scopes: "scopeSpans", items: "spans" }, pbSpan);
}

/** Decodes an OTLP/JSON ExportTraceServiceRequest. Throws OtlpDecodeError on malformed input. */
export function decodeTracesJson(body: Uint8Array | string): DecodedSpan[] {
  return decodeJsonBody(body, jsonRequest);
}

function pbSpan(r: ProtobufReader, end: number, resource: Resource, scope: Scope): DecodedSpan {
  let traceId = "";
  let spanId = "";
  let parentSpanId = "";
  let name = "";
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: Attributes = {};
  const events: SpanEvent[] = [];
  let status: DecodedSpan["status"] | undefined;
  let fieldNumber = 0;
  let attributeIndex = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      switch (t) {
        case SPAN_TRACE_ID:
          traceId = r.hexId(end, TRACE_ID_BYTES);
          break;
        case SPAN_SPAN_ID:
          spanId = r.hexId(end, SPAN_ID_BYTES);
          break;
        case SPAN_PARENT_SPAN_ID:
          parentSpanId = r.hexId(end, SPAN_ID_BYTES);
          break;
        case SPAN_NAME:
          name = r.string(end);
          break;
        case SPAN_KIND:
          kind = r.int32(end);
          if (kind < 0 || kind >= SPAN_KIND_NAMES.length) {
            throw new OtlpDecodeError("protobuf", `expected a SpanKind from 0 to 5, got ${kind}`);
          }
          break;
        case SPAN_START:
          startTimeUnixNano = r.fixed64(end);
          break;
        case SPAN_END:
          endTimeUnixNano = r.fixed64(end);
          break;
        case SPAN_ATTRIBUTES:
          decodeKeyValueInto(r, r.delimitedEnd(end), attributes, 0);
          attributeIndex++;
          break;
        case SPAN_EVENTS:
          events.push(pbEvent(r, r.delimitedEnd(end)));
          break;
        case SPAN_STATUS:
          status = pbStatus(r, r.delimitedEnd(end));
          break;
        default:
          r.skipField(t, end, SPAN_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    const segment =
      fieldNumber === 9
        ? `attributes[${attributeIndex}]`
        : fieldNumber === 11
          ? `events[${events.length}]`
          : (SPAN_FIELD_NAMES[fieldNumber] ?? `field#${fieldNumber}`);
    rethrowAt(err, segment);
  }
  if (traceId === "") throw new OtlpDecodeError("protobuf", `required, expected ${TRACE_ID_BYTES} bytes`, { path: "traceId" });
  if (spanId === "") throw new OtlpDecodeError("protobuf", `required, expected ${SPAN_ID_BYTES} bytes`, { path: "spanId" });
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: kind as SpanKindCode,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    events,
    status: status ?? { code: 0, message: "" },
    resource,
    scope,
  };
}

function pbEvent(r: ProtobufReader, end: number): SpanEvent {
  let timeUnixNano = 0n;
  let name = "";
  const attributes: Attributes = {};
  let fieldNumber = 0;
  let attributeIndex = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === EVENT_ATTRIBUTES) {
        decodeKeyValueInto(r, r.delimitedEnd(end), attributes, 0);
        attributeIndex++;
      } else if (t === EVENT_TIME) {
        timeUnixNano = r.fixed64(end);
      } else if (t === EVENT_NAME) {
        name = r.string(end);
      } else {
        r.skipField(t, end, EVENT_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    const segment =
      fieldNumber === 3
        ? `attributes[${attributeIndex}]`
        : fieldNumber === 1
          ? "timeUnixNano"
          : fieldNumber === 2
            ? "name"
            : `field#${fieldNumber}`;
    rethrowAt(err, segment);
  }
  return { timeUnixNano, name, attributes };
}

function pbStatus(r: ProtobufReader, end: number): DecodedSpan["status"] {
  let code = 0;
  let message = "";
  let fieldNumber = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === STATUS_CODE) {
        code = r.int32(end);
        if (code < 0 || code >= STATUS_CODE_NAMES.length) {
          throw new OtlpDecodeError("protobuf", `expected a StatusCode from 0 to 2, got ${code}`);
        }
      } else if (t === STATUS_MESSAGE) {
        message = r.string(end);
      } else {
        r.skipField(t, end, STATUS_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 3 ? "code" : fieldNumber === 2 ? "message" : `field#${fieldNumber}`);
  }
  return { code: code as StatusCodeValue, message };
}

function jsonRequest(root: unknown): DecodedSpan[] {
  return decodeJsonEnvelope(
    root,
    { message: "ExportTraceServiceRequest", resources: "resourceSpans", scopes: "scopeSpans", items: "spans" },
    jsonSpan,
  );
}

function jsonSpan(o: JsonObject, resource: Resource, scope: Scope): DecodedSpan {
  const traceId = readId(o, "traceId", TRACE_ID_BYTES);
  if (traceId === "") throw new OtlpDecodeError("json", `required, expected ${TRACE_ID_BYTES} bytes`, { path: "traceId" });
  const spanId = readId(o, "spanId", SPAN_ID_BYTES);
  if (spanId === "") throw new OtlpDecodeError("json", `required, expected ${SPAN_ID_BYTES} bytes`, { path: "spanId" });
  const parentSpanId = readId(o, "parentSpanId", SPAN_ID_BYTES);
  const name = readString(o, "name");
  const kind = readEnum(o, "kind", SPAN_KIND_NAMES) as SpanKindCode;
  const startTimeUnixNano = readUnixNano(o, "startTimeUnixNano");
  const endTimeUnixNano = readUnixNano(o, "endTimeUnixNano");
  const attributes = readAttributes(o, "attributes");
  const eventList = readArray(o, "events");
  const events: SpanEvent[] = new Array(eventList.length);
  for (let i = 0; i < eventList.length; i++) {
    try {
      const e = elementObject(eventList[i]);
      events[i] = {
        timeUnixNano: readUnixNano(e, "timeUnixNano"),
        name: readString(e, "name"),
        attributes: readAttributes(e, "attributes"),
      };
    } catch (err) {
      rethrowAt(err, `events[${i}]`);
    }
  }
  const statusObject = readObject(o, "status");
  let status: DecodedSpan["status"];
  if (statusObject === undefined) {
    status = { code: 0, message: "" };
  } else {
    try {
      status = { code: readEnum(statusObject, "code", STATUS_CODE_NAMES) as StatusCodeValue, message: readString(statusObject, "message") };
    } catch (err) {
      rethrowAt(err, "status");
    }
  }
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    events,
    status,
    resource,
    scope,
  };
}
