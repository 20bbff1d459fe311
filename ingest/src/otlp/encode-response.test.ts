// Response bodies: byte-exact against hand-computed encodings, and read back by the real OTel JS exporters'
// response deserializers (what a client will actually do with them).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { encodeExportResponse, encodeStatus, OTLP_CONTENT_TYPES } from "./encode-response.ts";

const bytes = (b: Uint8Array) => [...b];

describe("encodeExportResponse, protobuf", () => {
  it("leaves partial_success unset on full success: an empty body", () => {
    for (const signal of ["traces", "logs", "metrics"] as const) {
      assert.deepEqual(bytes(encodeExportResponse("protobuf", signal)), []);
      assert.deepEqual(bytes(encodeExportResponse("protobuf", signal, 0, "")), []);
    }
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse("protobuf", "traces")), {});
  });

  it("writes partial_success { rejected = 1 int64, error_message = 2 } as field 1", () => {
    const body = encodeExportResponse("protobuf", "traces", 3, "bad ids");
    // 0a 0b | 08 03 | 12 07 "bad ids"
    assert.deepEqual(bytes(body), [0x0a, 0x0b, 0x08, 0x03, 0x12, 0x07, ...Buffer.from("bad ids")]);
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(body), { partialSuccess: { rejectedSpans: 3, errorMessage: "bad ids" } });
  });

  it("reads back with each signal's real deserializer, including multi-byte and bigint counts", () => {
    assert.deepEqual(ProtobufLogsSerializer.deserializeResponse(encodeExportResponse("protobuf", "logs", 300, "too old")), {
      partialSuccess: { rejectedLogRecords: 300, errorMessage: "too old" },
    });
    assert.deepEqual(bytes(encodeExportResponse("protobuf", "metrics", 300)), [0x0a, 0x03, 0x08, 0xac, 0x02]);
    assert.deepEqual(ProtobufMetricsSerializer.deserializeResponse(encodeExportResponse("protobuf", "metrics", 2n ** 40n, "é")), {
      partialSuccess: { rejectedDataPoints: 2 ** 40, errorMessage: "é" },
    });
  });

  it("writes a warning (0 rejected, a message) without the zero count", () => {
    assert.deepEqual(bytes(encodeExportResponse("protobuf", "traces", 0, "x")), [0x0a, 0x03, 0x12, 0x01, 0x78]);
  });

  it("refuses counts outside int64", () => {
    assert.throws(() => encodeExportResponse("protobuf", "traces", -1), RangeError);
    assert.throws(() => encodeExportResponse("json", "traces", 2n ** 63n), RangeError);
  });
});

describe("encodeExportResponse, JSON", () => {
  it("writes {} on full success", () => {
    assert.equal(encodeExportResponse("json", "traces").toString(), "{}");
  });

  it("uses each signal's lowerCamelCase count name with int64 as a decimal string", () => {
    assert.equal(
      encodeExportResponse("json", "traces", 3, "bad ids").toString(),
      '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"bad ids"}}',
    );
    assert.equal(encodeExportResponse("json", "logs", 1).toString(), '{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":""}}');
    assert.equal(
      encodeExportResponse("json", "metrics", 9007199254740993n, 'q"uote').toString(),
      '{"partialSuccess":{"rejectedDataPoints":"9007199254740993","errorMessage":"q\\"uote"}}',
    );
    assert.deepEqual(JsonTraceSerializer.deserializeResponse(encodeExportResponse("json", "traces", 2, "m")), {
      partialSuccess: { rejectedSpans: "2", errorMessage: "m" },
    });
    assert.deepEqual(JsonLogsSerializer.deserializeResponse(encodeExportResponse("json", "logs")), {});
  });
});

describe("encodeStatus", () => {
  it("writes google.rpc.Status { code = 1, message = 2 } in protobuf", () => {
    assert.deepEqual(bytes(encodeStatus("protobuf", 3, "bad")), [0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]);
    assert.deepEqual(bytes(encodeStatus("protobuf", 14, "")), [0x08, 0x0e]);
    assert.deepEqual(bytes(encodeStatus("protobuf", 0, "")), []);
    // int32 -1 is sign-extended to a 10-byte varint
    assert.deepEqual(bytes(encodeStatus("protobuf", -1, "")), [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    const long = "x".repeat(200);
    assert.deepEqual(bytes(encodeStatus("protobuf", 8, long)), [0x08, 0x08, 0x12, 0xc8, 0x01, ...Buffer.from(long)]);
  });

  it("writes the same fields as JSON", () => {
    assert.equal(encodeStatus("json", 3, 'resourceSpans[0]: "bad"').toString(), '{"code":3,"message":"resourceSpans[0]: \\"bad\\""}');
  });

  it("refuses codes outside int32", () => {
    assert.throws(() => encodeStatus("json", 2 ** 31, "x"), RangeError);
    assert.throws(() => encodeStatus("protobuf", 1.5, "x"), RangeError);
  });

  it("names the content type for each encoding", () => {
    assert.deepEqual(OTLP_CONTENT_TYPES, { protobuf: "application/x-protobuf", json: "application/json" });
  });
});
