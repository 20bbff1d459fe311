// Log decoding against the real OTel JS logs SDK and serializers, plus hand-made malformed and unusual bodies.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { context, trace, TraceFlags } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { JsonLogsSerializer, ProtobufLogsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { pb } from "@promptmetrics/testing/otlp-helpers";
import { decodeLogsJson, decodeLogsProtobuf } from "./decode-logs.ts";
import { OtlpDecodeError } from "./errors.ts";
import type { DecodedLogRecord } from "./types.ts";

const T0 = 1_764_000_000;
const NS0 = 1_764_000_000_000_000_000n;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

function recordLogs(): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": "chatbot", "service.instance.id": "i-42" }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const events = provider.getLogger("@promptmetrics/test-events", "0.9.0");
  const plain = provider.getLogger("plain-logs");
  const inSpan = trace.setSpanContext(context.active(), { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED });

  events.emit({
    eventName: "gen_ai.user.message",
    timestamp: [T0, 1],
    observedTimestamp: [T0, 2],
    severityNumber: SeverityNumber.INFO,
    severityText: "INFO",
    body: {
      role: "user",
      content: [{ type: "text", text: "Summarise this 🌍" }],
      meta: { tokens: 12, ratio: 0.5, cached: false, tags: ["a", "b"], empty: {} },
    },
    attributes: {
      "gen_ai.system": "anthropic",
      "gen_ai.request": { model: "claude-sonnet-4-5", params: { temperature: 0.5, stop: ["\n"] } },
      "app.payload": Uint8Array.from([0xde, 0xad, 0xbe, 0xef]),
      "app.big": 2 ** 60,
      "app.mixed": [1, "two", true, null, { x: 1 }],
    },
    context: inSpan,
  });
  // Older GenAI instrumentations name the event with an attribute instead of event_name.
  events.emit({
    timestamp: [T0, 3],
    observedTimestamp: [T0, 4],
    severityNumber: SeverityNumber.WARN2,
    body: "plain text body",
    attributes: { "event.name": "gen_ai.choice", index: 0 },
    context: inSpan,
  });
  plain.emit({ timestamp: [T0, 5], observedTimestamp: [T0, 6], body: Uint8Array.from([1, 2, 3]) });
  plain.emit({ timestamp: [T0, 7], observedTimestamp: [T0, 8], severityNumber: SeverityNumber.FATAL4, severityText: "fatal" });
  return exporter.getFinishedLogRecords();
}

function expectedLogs(encoding: "protobuf" | "json"): DecodedLogRecord[] {
  const resource = { attributes: { "service.name": "chatbot", "service.instance.id": "i-42" } };
  const eventsScope = { name: "@promptmetrics/test-events", version: "0.9.0" };
  const plainScope = { name: "plain-logs", version: "" };
  return [
    {
      timeUnixNano: NS0 + 1n,
      observedTimeUnixNano: NS0 + 2n,
      severityNumber: 9,
      severityText: "INFO",
      eventName: "gen_ai.user.message",
      body: {
        role: "user",
        content: [{ type: "text", text: "Summarise this 🌍" }],
        meta: { tokens: 12, ratio: 0.5, cached: false, tags: ["a", "b"], empty: {} },
      },
      attributes: {
        "gen_ai.system": "anthropic",
        "gen_ai.request": { model: "claude-sonnet-4-5", params: { temperature: 0.5, stop: ["\n"] } },
        "app.payload": "3q2+7w==",
        // The JSON serializer writes 2^60 as the bare number 1152921504606847000.
        "app.big": encoding === "json" ? "1152921504606847000" : "1152921504606846976",
        "app.mixed": [1, "two", true, null, { x: 1 }],
      },
      traceId: TRACE,
      spanId: SPAN,
      resource,
      scope: eventsScope,
    },
    {
      timeUnixNano: NS0 + 3n,
      observedTimeUnixNano: NS0 + 4n,
      severityNumber: 14,
      severityText: "",
      eventName: "gen_ai.choice",
      body: "plain text body",
      attributes: { "event.name": "gen_ai.choice", index: 0 },
      traceId: TRACE,
      spanId: SPAN,
      resource,
      scope: eventsScope,
    },
    {
      timeUnixNano: NS0 + 5n,
      observedTimeUnixNano: NS0 + 6n,
      severityNumber: 0,
      severityText: "",
      eventName: "",
      body: "AQID",
      attributes: {},
      traceId: "",
      spanId: "",
      resource,
      scope: plainScope,
    },
    {
      timeUnixNano: NS0 + 7n,
      observedTimeUnixNano: NS0 + 8n,
      severityNumber: 24,
      severityText: "fatal",
      eventName: "",
      body: null,
      attributes: {},
      traceId: "",
      spanId: "",
      resource,
      scope: plainScope,
    },
  ];
}

function assertDecodeError(decode: () => unknown, path: string, reason: string | RegExp): void {
  assert.throws(decode, (err: unknown) => {
    assert.ok(err instanceof OtlpDecodeError, `expected OtlpDecodeError, got ${String(err)}`);
    assert.equal(err.path, path);
    if (typeof reason === "string") assert.equal(err.reason, reason);
    else assert.match(err.reason, reason);
    assert.equal(err.message, path === "" ? err.reason : `${path}: ${err.reason}`);
    return true;
  });
}

describe("decodeLogsProtobuf and decodeLogsJson with the real OTel JS serializers", () => {
  const records = recordLogs();

  it("decode every field of every protobuf record exactly", () => {
    const decoded = decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!);
    assert.deepStrictEqual(decoded, expectedLogs("protobuf"));
    assert.equal(decoded[0]!.resource, decoded[3]!.resource);
    assert.equal(decoded[0]!.scope, decoded[1]!.scope);
    assert.notEqual(decoded[1]!.scope, decoded[2]!.scope);
  });

  it("decode every field of every JSON record exactly", () => {
    const decoded = decodeLogsJson(JsonLogsSerializer.serializeRequest(records)!);
    assert.deepStrictEqual(decoded, expectedLogs("json"));
    assert.equal(decoded[0]!.resource, decoded[3]!.resource);
    assert.equal(decoded[0]!.scope, decoded[1]!.scope);
  });
});

// Hand-made protobuf: field numbers from logs.proto.
const request = (...records: number[][]) => pb.bytes(pb.len(1, pb.len(2, ...records)));
const record = (...fields: number[][]) => pb.len(2, ...fields);

describe("decodeLogsProtobuf on hand-made bodies", () => {
  it("decodes an empty request to no records, and a bare record to defaults", () => {
    assert.deepStrictEqual(decodeLogsProtobuf(new Uint8Array(0)), []);
    assert.deepStrictEqual(decodeLogsProtobuf(request(record())), [
      {
        timeUnixNano: 0n,
        observedTimeUnixNano: 0n,
        severityNumber: 0,
        severityText: "",
        eventName: "",
        body: null,
        attributes: {},
        traceId: "",
        spanId: "",
        resource: { attributes: {} },
        scope: { name: "", version: "" },
      },
    ]);
  });

  it("prefers event_name over the event.name attribute, and ignores a non-string attribute", () => {
    const attr = (key: string, value: number[]) => pb.len(6, pb.str(1, key), pb.len(2, value));
    const [both, numeric] = decodeLogsProtobuf(
      request(record(attr("event.name", pb.str(1, "legacy")), pb.str(12, "gen_ai.choice")), record(attr("event.name", pb.int(3, 7)))),
    );
    assert.equal(both!.eventName, "gen_ai.choice");
    assert.equal(numeric!.eventName, "");
  });

  it("skips unknown fields and the ones it does not keep (flags, dropped count)", () => {
    const [decoded] = decodeLogsProtobuf(
      request(record(pb.fixed32(8, 1), pb.int(7, 3), pb.str(4, "retired field 4"), pb.len(99, [1, 2, 3]), pb.str(3, "ERROR"))),
    );
    assert.equal(decoded!.severityText, "ERROR");
  });

  it("rejects bad ids, out-of-range severities and wrong wire types with the path", () => {
    assertDecodeError(
      () => decodeLogsProtobuf(request(record(pb.hex(9, "0102")))),
      "resourceLogs[0].scopeLogs[0].logRecords[0].traceId",
      "expected 16 bytes, got 2",
    );
    assertDecodeError(
      () => decodeLogsProtobuf(request(record(), record(pb.hex(10, "010203040506070809")))),
      "resourceLogs[0].scopeLogs[0].logRecords[1].spanId",
      "expected 8 bytes, got 9",
    );
    assertDecodeError(
      () => decodeLogsProtobuf(request(record(pb.int(2, 25)))),
      "resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber",
      "expected a SeverityNumber from 0 to 24, got 25",
    );
    assertDecodeError(
      () => decodeLogsProtobuf(request(record(pb.int(5, 1)))),
      "resourceLogs[0].scopeLogs[0].logRecords[0].body",
      /^unexpected wire type VARINT/,
    );
    assertDecodeError(
      () => decodeLogsProtobuf(request(record(pb.len(6, pb.str(1, "k"), pb.len(2, [0x0a, 0xff, 0x01]))))),
      "resourceLogs[0].scopeLogs[0].logRecords[0].attributes[0].value.stringValue",
      "length 255 at byte 14 runs past the end of its message (0 bytes left)",
    );
  });

  it("caps body nesting at 32 levels", () => {
    let body = pb.len(1, pb.str(1, "k"), pb.len(2, pb.str(1, "leaf")));
    for (let i = 0; i < 33; i++) body = pb.len(1, pb.str(1, "k"), pb.len(2, pb.len(6, body)));
    assert.throws(
      () => decodeLogsProtobuf(request(record(pb.len(5, pb.len(6, body))))),
      (err: unknown) => {
        assert.ok(err instanceof OtlpDecodeError);
        assert.equal(err.reason, "AnyValue nested deeper than 32 levels");
        assert.ok(err.path.startsWith("resourceLogs[0].scopeLogs[0].logRecords[0].body.kvlistValue.values[0].value.kvlistValue"), err.path);
        return true;
      },
    );
  });
});

describe("decodeLogsJson on hand-made bodies", () => {
  const body = (...logRecords: unknown[]) => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] });

  it("accepts severity names and numbers, hex ids in any case, and string times", () => {
    const [byName, byNumber] = decodeLogsJson(
      body(
        {
          severityNumber: "SEVERITY_NUMBER_ERROR3",
          traceId: TRACE.toUpperCase(),
          spanId: SPAN,
          timeUnixNano: "1764000000000000009",
          eventName: "gen_ai.tool.message",
        },
        { severityNumber: 17, body: { intValue: "42" } },
      ),
    );
    assert.equal(byName!.severityNumber, 19);
    assert.equal(byName!.traceId, TRACE);
    assert.equal(byName!.timeUnixNano, 1764000000000000009n);
    assert.equal(byName!.eventName, "gen_ai.tool.message");
    assert.equal(byNumber!.severityNumber, 17);
    assert.equal(byNumber!.body, 42);
  });

  it("rejects malformed structure with the path", () => {
    assertDecodeError(() => decodeLogsJson("[1]"), "", "request body must be a JSON object (ExportLogsServiceRequest), got an array");
    assertDecodeError(
      () => decodeLogsJson('{"resourceLogs":[{"scopeLogs":"x"}]}'),
      "resourceLogs[0].scopeLogs",
      'expected an array, got the string "x"',
    );
    assertDecodeError(
      () => decodeLogsJson(body({ severityNumber: 30 })),
      "resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber",
      "expected an integer from 0 to 24, got number 30",
    );
    assertDecodeError(
      () => decodeLogsJson(body({ spanId: "xyz" })),
      "resourceLogs[0].scopeLogs[0].logRecords[0].spanId",
      'expected 8 bytes as 16 hex digits, got the string "xyz"',
    );
    assertDecodeError(
      () => decodeLogsJson(body({ body: { boolValue: "yes" } })),
      "resourceLogs[0].scopeLogs[0].logRecords[0].body.boolValue",
      'expected a boolean, got the string "yes"',
    );
    assertDecodeError(
      () => decodeLogsJson(body({ body: { kvlistValue: { values: [{ key: "a", value: { bytesValue: "not base64!" } }] } } })),
      "resourceLogs[0].scopeLogs[0].logRecords[0].body.kvlistValue.values[0].value.bytesValue",
      'expected base64, got the string "not base64!"',
    );
  });
});
