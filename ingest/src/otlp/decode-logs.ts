// Decodes OTLP ExportLogsServiceRequest bodies (POST /v1/logs), protobuf or JSON, into DecodedLogRecord[].
// GenAI instrumentations send prompt and completion events as log records, named by event_name.
import { OtlpDecodeError, rethrowAt } from "./errors.ts";
import {
  anyValue,
  decodeJsonBody,
  decodeJsonEnvelope,
  type JsonObject,
  readAttributes,
  readEnum,
  readId,
  readString,
  readUnixNano,
} from "./json-common.ts";
import { decodeAnyValue, decodeKeyValueInto, decodeProtobufRequest } from "./protobuf-common.ts";
import { type ProtobufReader, tag, WIRE_I64, WIRE_LEN, WIRE_VARINT } from "./protobuf-reader.ts";
import type { Attributes, AttrValue, DecodedLogRecord, Resource, Scope } from "./types.ts";

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;
const SEVERITY_NAMES = ["SEVERITY_NUMBER_UNSPECIFIED"];
for (const level of ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]) {
  SEVERITY_NAMES.push(`SEVERITY_NUMBER_${level}`, `SEVERITY_NUMBER_${level}2`, `SEVERITY_NUMBER_${level}3`, `SEVERITY_NUMBER_${level}4`);
}
/** Before LogRecord.event_name existed (proto 1.5), the event name travelled as this attribute. */
const EVENT_NAME_ATTRIBUTE = "event.name";

// Field tags from opentelemetry/proto/logs/v1/logs.proto and collector/logs/v1/logs_service.proto.
const LOG_TIME = tag(1, WIRE_I64);
const LOG_SEVERITY_NUMBER = tag(2, WIRE_VARINT);
const LOG_SEVERITY_TEXT = tag(3, WIRE_LEN);
const LOG_BODY = tag(5, WIRE_LEN);
const LOG_ATTRIBUTES = tag(6, WIRE_LEN);
const LOG_TRACE_ID = tag(9, WIRE_LEN);
const LOG_SPAN_ID = tag(10, WIRE_LEN);
const LOG_OBSERVED_TIME = tag(11, WIRE_I64);
const LOG_EVENT_NAME = tag(12, WIRE_LEN);
const LOG_KNOWN = [1, 2, 3, 5, 6, 9, 10, 11, 12].reduce((mask, n) => mask | (1 << n), 0);
const LOG_FIELD_NAMES: Record<number, string> = {
  1: "timeUnixNano",
  2: "severityNumber",
  3: "severityText",
  5: "body",
  9: "traceId",
  10: "spanId",
  11: "observedTimeUnixNano",
  12: "eventName",
};

/** Decodes a binary protobuf ExportLogsServiceRequest. Throws OtlpDecodeError on malformed input. */
export function decodeLogsProtobuf(body: Uint8Array): DecodedLogRecord[] {
  return decodeProtobufRequest(body, { resources: "resourceLogs", scopes: "scopeLogs", items: "logRecords" }, pbLogRecord);
}

/** Decodes an OTLP/JSON ExportLogsServiceRequest. Throws OtlpDecodeError on malformed input. */
export function decodeLogsJson(body: Uint8Array | string): DecodedLogRecord[] {
  return decodeJsonBody(body, jsonRequest);
}

function eventNameOf(eventName: string, attributes: Attributes): string {
  if (eventName !== "") return eventName;
  const fromAttribute = attributes[EVENT_NAME_ATTRIBUTE];
  return typeof fromAttribute === "string" ? fromAttribute : "";
}

function pbLogRecord(r: ProtobufReader, end: number, resource: Resource, scope: Scope): DecodedLogRecord {
  let timeUnixNano = 0n;
  let observedTimeUnixNano = 0n;
  let severityNumber = 0;
  let severityText = "";
  let eventName = "";
  let body: AttrValue = null;
  const attributes: Attributes = {};
  let traceId = "";
  let spanId = "";
  let fieldNumber = 0;
  let attributeIndex = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      switch (t) {
        case LOG_ATTRIBUTES:
          decodeKeyValueInto(r, r.delimitedEnd(end), attributes, 0);
          attributeIndex++;
          break;
        case LOG_BODY:
          body = decodeAnyValue(r, r.delimitedEnd(end), 0);
          break;
        case LOG_TIME:
          timeUnixNano = r.fixed64(end);
          break;
        case LOG_OBSERVED_TIME:
          observedTimeUnixNano = r.fixed64(end);
          break;
        case LOG_SEVERITY_NUMBER:
          severityNumber = r.int32(end);
          if (severityNumber < 0 || severityNumber >= SEVERITY_NAMES.length) {
            throw new OtlpDecodeError("protobuf", `expected a SeverityNumber from 0 to 24, got ${severityNumber}`);
          }
          break;
        case LOG_SEVERITY_TEXT:
          severityText = r.string(end);
          break;
        case LOG_TRACE_ID:
          traceId = r.hexId(end, TRACE_ID_BYTES);
          break;
        case LOG_SPAN_ID:
          spanId = r.hexId(end, SPAN_ID_BYTES);
          break;
        case LOG_EVENT_NAME:
          eventName = r.string(end);
          break;
        default:
          r.skipField(t, end, LOG_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 6 ? `attributes[${attributeIndex}]` : (LOG_FIELD_NAMES[fieldNumber] ?? `field#${fieldNumber}`));
  }
  return {
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber,
    severityText,
    eventName: eventNameOf(eventName, attributes),
    body,
    attributes,
    traceId,
    spanId,
    resource,
    scope,
  };
}

function jsonRequest(root: unknown): DecodedLogRecord[] {
  return decodeJsonEnvelope(
    root,
    { message: "ExportLogsServiceRequest", resources: "resourceLogs", scopes: "scopeLogs", items: "logRecords" },
    jsonLogRecord,
  );
}

function jsonLogRecord(o: JsonObject, resource: Resource, scope: Scope): DecodedLogRecord {
  const timeUnixNano = readUnixNano(o, "timeUnixNano");
  const observedTimeUnixNano = readUnixNano(o, "observedTimeUnixNano");
  const severityNumber = readEnum(o, "severityNumber", SEVERITY_NAMES);
  const severityText = readString(o, "severityText");
  const eventName = readString(o, "eventName");
  let body: AttrValue;
  try {
    body = anyValue(o.body, 0);
  } catch (err) {
    rethrowAt(err, "body");
  }
  const attributes = readAttributes(o, "attributes");
  const traceId = readId(o, "traceId", TRACE_ID_BYTES);
  const spanId = readId(o, "spanId", SPAN_ID_BYTES);
  return {
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber,
    severityText,
    eventName: eventNameOf(eventName, attributes),
    body,
    attributes,
    traceId,
    spanId,
    resource,
    scope,
  };
}
