// Trace decoding against the real OTel JS SDK and serializers, plus hand-made malformed and unusual bodies.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { CountingIdGenerator, pb } from "@promptmetrics/testing/otlp-helpers";
import { decodeTracesJson, decodeTracesProtobuf } from "./decode-traces.ts";
import { OtlpDecodeError } from "./errors.ts";
import type { DecodedSpan } from "./types.ts";

const T0 = 1_764_000_000; // 2025-11-24T16:00:00Z, in seconds
const NS0 = 1_764_000_000_000_000_000n;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e0001";

function recordSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout",
      "service.version": "2.4.0",
      "host.cpu.count": 8,
      "telemetry.sampled": true,
      "deployment.weight": 0.75,
    }),
    idGenerator: new CountingIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const chat = provider.getTracer("@promptmetrics/test-llm", "1.2.3");
  const web = provider.getTracer("http-server");
  const under = (span: ReturnType<typeof web.startSpan>) => trace.setSpan(context.active(), span);

  const root = web.startSpan("POST /chat", {
    kind: SpanKind.SERVER,
    startTime: [T0, 100],
    attributes: { "http.request.method": "POST", "http.response.status_code": 200 },
  });
  const llm = chat.startSpan(
    "chat gpt-4o",
    {
      kind: SpanKind.CLIENT,
      startTime: [T0, 123_456_789],
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.request.temperature": 0.25,
        "gen_ai.request.max_tokens": 1024,
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 345,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.request.stop_sequences": ["\n\n", "END"],
        "llm.is_streaming": false,
        "app.token_ids": [101, 2023, -7],
        "app.scores": [0.5, 1.25],
        "app.flags": [true, false],
        "app.max_safe": Number.MAX_SAFE_INTEGER,
        "app.two_pow_53": 2 ** 53,
        "app.two_pow_60": 2 ** 60,
        "app.negative_big": -(2 ** 62),
        "app.negative": -42,
        "app.zero": 0,
        "app.unicode": "héllo 🌍 — 日本語",
        "app.empty": "",
        "app.nan": Number.NaN,
        "app.infinity": Number.POSITIVE_INFINITY,
        "app.with_nulls": ["a", null, "b"] as string[],
      },
    },
    under(root),
  );
  llm.addEvent("gen_ai.content.prompt", { "gen_ai.prompt": "Say hi", "app.turn": 1 }, [T0, 200_000_001]);
  llm.addEvent("retry", [T0, 300_000_000]);
  llm.setStatus({ code: SpanStatusCode.ERROR, message: "rate limited" });
  const tool = chat.startSpan("execute_tool get_weather", { kind: SpanKind.INTERNAL, startTime: [T0, 400_000_000] }, under(llm));
  tool.setStatus({ code: SpanStatusCode.OK });
  tool.end([T0, 500_000_000]);
  llm.end([T0 + 1, 999_999_999]);
  web.startSpan("enqueue", { kind: SpanKind.PRODUCER, startTime: [T0 + 2, 0] }, under(root)).end([T0 + 2, 1]);
  web.startSpan("dequeue", { kind: SpanKind.CONSUMER, startTime: [T0 + 2, 2] }, under(root)).end([T0 + 2, 3]);
  root.end([T0 + 3, 0]);
  return exporter.getFinishedSpans();
}

/**
 * What both encodings must decode to. The JSON serializer writes int64 attributes as bare JSON numbers in
 * shortest round-trip form (2^60 becomes 1152921504606847000) and NaN/Infinity as null, so those differ.
 */
function expectedSpans(encoding: "protobuf" | "json"): DecodedSpan[] {
  const resource = {
    attributes: {
      "service.name": "checkout",
      "service.version": "2.4.0",
      "host.cpu.count": 8,
      "telemetry.sampled": true,
      "deployment.weight": 0.75,
    },
  };
  const chatScope = { name: "@promptmetrics/test-llm", version: "1.2.3" };
  const webScope = { name: "http-server", version: "" };
  const json = encoding === "json";
  return [
    {
      traceId: TRACE,
      spanId: "00f067aa0ba90003",
      parentSpanId: "00f067aa0ba90002",
      name: "execute_tool get_weather",
      kind: 1,
      startTimeUnixNano: NS0 + 400_000_000n,
      endTimeUnixNano: NS0 + 500_000_000n,
      attributes: {},
      events: [],
      status: { code: 1, message: "" },
      resource,
      scope: chatScope,
    },
    {
      traceId: TRACE,
      spanId: "00f067aa0ba90002",
      parentSpanId: "00f067aa0ba90001",
      name: "chat gpt-4o",
      kind: 3,
      startTimeUnixNano: NS0 + 123_456_789n,
      endTimeUnixNano: NS0 + 1_999_999_999n,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.request.temperature": 0.25,
        "gen_ai.request.max_tokens": 1024,
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 345,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.request.stop_sequences": ["\n\n", "END"],
        "llm.is_streaming": false,
        "app.token_ids": [101, 2023, -7],
        "app.scores": [0.5, 1.25],
        "app.flags": [true, false],
        "app.max_safe": 9007199254740991,
        "app.two_pow_53": "9007199254740992",
        "app.two_pow_60": json ? "1152921504606847000" : "1152921504606846976",
        "app.negative_big": json ? "-4611686018427388000" : "-4611686018427387904",
        "app.negative": -42,
        "app.zero": 0,
        "app.unicode": "héllo 🌍 — 日本語",
        "app.empty": "",
        "app.nan": json ? null : Number.NaN,
        "app.infinity": json ? null : Number.POSITIVE_INFINITY,
        "app.with_nulls": ["a", null, "b"],
      },
      events: [
        { timeUnixNano: NS0 + 200_000_001n, name: "gen_ai.content.prompt", attributes: { "gen_ai.prompt": "Say hi", "app.turn": 1 } },
        { timeUnixNano: NS0 + 300_000_000n, name: "retry", attributes: {} },
      ],
      status: { code: 2, message: "rate limited" },
      resource,
      scope: chatScope,
    },
    {
      traceId: TRACE,
      spanId: "00f067aa0ba90004",
      parentSpanId: "00f067aa0ba90001",
      name: "enqueue",
      kind: 4,
      startTimeUnixNano: NS0 + 2_000_000_000n,
      endTimeUnixNano: NS0 + 2_000_000_001n,
      attributes: {},
      events: [],
      status: { code: 0, message: "" },
      resource,
      scope: webScope,
    },
    {
      traceId: TRACE,
      spanId: "00f067aa0ba90005",
      parentSpanId: "00f067aa0ba90001",
      name: "dequeue",
      kind: 5,
      startTimeUnixNano: NS0 + 2_000_000_002n,
      endTimeUnixNano: NS0 + 2_000_000_003n,
      attributes: {},
      events: [],
      status: { code: 0, message: "" },
      resource,
      scope: webScope,
    },
    {
      traceId: TRACE,
      spanId: "00f067aa0ba90001",
      parentSpanId: "",
      name: "POST /chat",
      kind: 2,
      startTimeUnixNano: NS0 + 100n,
      endTimeUnixNano: NS0 + 3_000_000_000n,
      attributes: { "http.request.method": "POST", "http.response.status_code": 200 },
      events: [],
      status: { code: 0, message: "" },
      resource,
      scope: webScope,
    },
  ];
}

function assertSharing(spans: DecodedSpan[]): void {
  const [tool, llm, enqueue, dequeue, root] = spans as [DecodedSpan, DecodedSpan, DecodedSpan, DecodedSpan, DecodedSpan];
  assert.equal(tool.resource, root.resource, "one Resource object per ResourceSpans");
  assert.equal(tool.scope, llm.scope, "one Scope object per ScopeSpans");
  assert.equal(enqueue.scope, dequeue.scope);
  assert.notEqual(llm.scope, root.scope);
}

/** Asserts an OtlpDecodeError whose path is exactly `path` and whose message leads with it. */
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

describe("decodeTracesProtobuf with the real OTel JS serializer", () => {
  const spans = recordSpans();
  const body = ProtobufTraceSerializer.serializeRequest(spans)!;

  it("decodes every field of every span exactly", () => {
    assert.deepStrictEqual(decodeTracesProtobuf(body), expectedSpans("protobuf"));
  });

  it("shares one Resource and one Scope object among the spans of a group", () => {
    assertSharing(decodeTracesProtobuf(body));
  });

  it("decodes a Buffer that is an unaligned slice of a larger allocation", () => {
    const pool = Buffer.alloc(body.length + 64, 0xff);
    pool.set(body, 3);
    assert.deepStrictEqual(decodeTracesProtobuf(pool.subarray(3, 3 + body.length)), expectedSpans("protobuf"));
  });

  it("fails with a path on every truncation of the real body, never crashes or hangs", () => {
    for (let cut = 1; cut < body.length; cut += 7) {
      assert.throws(
        () => decodeTracesProtobuf(body.subarray(0, cut)),
        (err: unknown) => {
          assert.ok(err instanceof OtlpDecodeError);
          assert.match(err.message, /^resourceSpans\[0\]/);
          return true;
        },
      );
    }
  });
});

describe("decodeTracesJson with the real OTel JS serializer", () => {
  const spans = recordSpans();
  const body = JsonTraceSerializer.serializeRequest(spans)!;

  it("decodes every field of every span exactly, bytes or string", () => {
    assert.deepStrictEqual(decodeTracesJson(body), expectedSpans("json"));
    assert.deepStrictEqual(decodeTracesJson(new TextDecoder().decode(body)), expectedSpans("json"));
  });

  it("shares one Resource and one Scope object among the spans of a group", () => {
    assertSharing(decodeTracesJson(body));
  });
});

// Hand-made protobuf: field numbers from trace.proto.
const SPAN_ID = "00f067aa0ba902b7";
const span = (...fields: number[][]) => pb.len(2, pb.hex(1, TRACE), pb.hex(2, SPAN_ID), pb.str(5, "op"), ...fields);
const scopeSpans = (...fields: number[][]) => pb.len(2, ...fields);
const request = (...resourceSpans: number[][]) => pb.bytes(...resourceSpans);
const resourceSpans = (...fields: number[][]) => pb.len(1, ...fields);
const attribute = (key: string, anyValue: number[]) => pb.len(9, pb.str(1, key), pb.len(2, anyValue));

function onlySpan(body: Uint8Array): DecodedSpan {
  const spans = decodeTracesProtobuf(body);
  assert.equal(spans.length, 1);
  return spans[0]!;
}

describe("decodeTracesProtobuf on hand-made bodies", () => {
  it("decodes an empty request, and empty groups, to no spans", () => {
    assert.deepStrictEqual(decodeTracesProtobuf(new Uint8Array(0)), []);
    assert.deepStrictEqual(decodeTracesProtobuf(request(resourceSpans(), resourceSpans(scopeSpans()))), []);
  });

  it("defaults every absent optional field", () => {
    assert.deepStrictEqual(onlySpan(request(resourceSpans(scopeSpans(pb.len(2, pb.hex(1, TRACE), pb.hex(2, SPAN_ID)))))), {
      traceId: TRACE,
      spanId: SPAN_ID,
      parentSpanId: "",
      name: "",
      kind: 0,
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      attributes: {},
      events: [],
      status: { code: 0, message: "" },
      resource: { attributes: {} },
      scope: { name: "", version: "" },
    });
  });

  it("skips unknown fields of every wire type at every level, and the fields it does not keep", () => {
    const unknown = [
      pb.int(90, 123_456_789_012n),
      pb.fixed64(91, 7n),
      pb.str(92, "future"),
      pb.fixed32(93, 9),
      [...pb.tag(94, 3), ...pb.int(1, 1), ...pb.tag(95, 3), ...pb.str(2, "nested group"), ...pb.tag(95, 4), ...pb.tag(94, 4)],
    ];
    const withUnknown = request(
      ...unknown,
      resourceSpans(
        ...unknown,
        pb.len(1, pb.len(1, pb.str(1, "service.name"), pb.len(2, pb.str(1, "svc"), ...unknown), ...unknown), pb.int(2, 3), ...unknown),
        scopeSpans(
          ...unknown,
          pb.len(1, pb.str(1, "lib"), pb.str(2, "1.0"), pb.len(3, pb.str(1, "scope.attr")), pb.int(4, 1), ...unknown),
          span(
            ...unknown,
            pb.str(3, "vendor=1"), // trace_state
            pb.int(10, 2), // dropped_attributes_count
            pb.int(12, 1), // dropped_events_count
            pb.len(13, pb.hex(1, TRACE), pb.hex(2, SPAN_ID)), // a link
            pb.int(14, 0), // dropped_links_count
            pb.fixed32(16, 0x301), // flags
            pb.len(11, pb.fixed64(1, 5n), pb.str(2, "ev"), pb.int(4, 0), ...unknown),
            pb.len(15, pb.int(1, 2), pb.str(2, "msg"), pb.int(3, 1), ...unknown), // field 1 is the retired deprecated_code
          ),
          pb.str(3, "https://opentelemetry.io/schemas/1.30.0"),
        ),
        pb.str(3, "https://opentelemetry.io/schemas/1.30.0"),
      ),
    );
    const decoded = onlySpan(withUnknown);
    assert.deepStrictEqual(decoded.resource, { attributes: { "service.name": "svc" } });
    assert.deepStrictEqual(decoded.scope, { name: "lib", version: "1.0" });
    assert.deepStrictEqual(decoded.events, [{ timeUnixNano: 5n, name: "ev", attributes: {} }]);
    assert.deepStrictEqual(decoded.status, { code: 1, message: "msg" });
    assert.equal(decoded.name, "op");
  });

  it("accepts fields in any order: a resource and scope written after their spans still apply to them", () => {
    const body = request(
      pb.len(1, scopeSpans(span(), pb.len(1, pb.str(1, "late-scope"))), pb.len(1, pb.len(1, pb.str(1, "k"), pb.len(2, pb.str(1, "v"))))),
    );
    const decoded = onlySpan(body);
    assert.deepStrictEqual(decoded.resource, { attributes: { k: "v" } });
    assert.deepStrictEqual(decoded.scope, { name: "late-scope", version: "" });
  });

  it("decodes int64 attributes across the whole range, exact beyond 2^53 as decimal strings", () => {
    const attrs = onlySpan(
      request(
        resourceSpans(
          scopeSpans(
            span(
              attribute("minus_one", pb.int(3, -1n)),
              attribute("max_safe", pb.int(3, 2n ** 53n - 1n)),
              attribute("min_safe", pb.int(3, -(2n ** 53n - 1n))),
              attribute("two_pow_53", pb.int(3, 2n ** 53n)),
              attribute("minus_two_pow_53", pb.int(3, -(2n ** 53n))),
              attribute("two_pow_53_plus_1", pb.int(3, 2n ** 53n + 1n)),
              attribute("int64_max", pb.int(3, 2n ** 63n - 1n)),
              attribute("int64_min", pb.int(3, -(2n ** 63n))),
              attribute("u32", pb.int(3, 4_294_967_295)),
              attribute("bytes", pb.len(7, [0, 1, 2, 253, 254, 255])),
              attribute("empty_bytes", pb.len(7)),
              attribute("double", pb.double(4, -0.1)),
              attribute("kv", pb.len(6, pb.len(1, pb.str(1, "inner"), pb.len(2, pb.len(5, pb.len(1, pb.int(2, 1)), pb.len(1)))))),
              attribute("unset", []),
              attribute("__proto__", pb.str(1, "not a prototype")),
            ),
          ),
        ),
      ),
    ).attributes;
    assert.deepStrictEqual(attrs, {
      minus_one: -1,
      max_safe: 9007199254740991,
      min_safe: -9007199254740991,
      two_pow_53: "9007199254740992",
      minus_two_pow_53: "-9007199254740992",
      two_pow_53_plus_1: "9007199254740993",
      int64_max: "9223372036854775807",
      int64_min: "-9223372036854775808",
      u32: 4294967295,
      bytes: "AAEC/f7/",
      empty_bytes: "",
      double: -0.1,
      kv: { inner: [true, null] },
      unset: null,
      ["__proto__"]: "not a prototype",
    });
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
  });

  it("reports the path of a bad span id, as deep as it is", () => {
    const bad = pb.len(2, pb.hex(1, TRACE), pb.hex(2, "0102030405"));
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span()), scopeSpans(span(), span(), span(), bad)))),
      "resourceSpans[0].scopeSpans[1].spans[3].spanId",
      "expected 8 bytes, got 5",
    );
  });

  it("rejects trace ids of the wrong size and spans without ids", () => {
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(pb.len(2, pb.hex(1, "abcd"), pb.hex(2, SPAN_ID)))))),
      "resourceSpans[0].scopeSpans[0].spans[0].traceId",
      "expected 16 bytes, got 2",
    );
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(pb.len(2, pb.hex(2, SPAN_ID)))))),
      "resourceSpans[0].scopeSpans[0].spans[0].traceId",
      "required, expected 16 bytes",
    );
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(pb.len(2, pb.hex(1, TRACE), pb.len(2)))))),
      "resourceSpans[0].scopeSpans[0].spans[0].spanId",
      "required, expected 8 bytes",
    );
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(pb.hex(4, "01")))))),
      "resourceSpans[0].scopeSpans[0].spans[0].parentSpanId",
      "expected 8 bytes, got 1",
    );
  });

  it("rejects a known field sent with the wrong wire type", () => {
    // name (5) as a varint instead of a string
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(pb.int(5, 1)))))),
      "resourceSpans[0].scopeSpans[0].spans[0].name",
      /^unexpected wire type VARINT at byte \d+$/,
    );
    // start_time_unix_nano (7) as fixed32 instead of fixed64
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(pb.fixed32(7, 1)))))),
      "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano",
      /^unexpected wire type I32/,
    );
    // resource_spans (1) as a varint at the top level
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes(pb.int(1, 5))), "resourceSpans[0]", "unexpected wire type VARINT at byte 1");
  });

  it("rejects lengths beyond their message or the buffer without allocating them", () => {
    // resource_spans says 5 bytes follow, 1 does
    assertDecodeError(
      () => decodeTracesProtobuf(pb.bytes([0x0a, 0x05, 0x01])),
      "resourceSpans[0]",
      "length 5 at byte 1 runs past the end of its message (1 bytes left)",
    );
    // a 4 GiB string length, well inside a valid envelope
    const huge = pb.bytes([0x0a, 10, 0x12, 8, 0x12, 6, 0x2a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    assertDecodeError(
      () => decodeTracesProtobuf(huge),
      "resourceSpans[0].scopeSpans[0].spans[0].name",
      "length 4294967295 at byte 7 runs past the end of its message (0 bytes left)",
    );
    // a child message longer than its parent, though the buffer has the bytes
    const overlong = pb.bytes([0x0a, 0x02, 0x12, 0x04], [0, 0, 0, 0]);
    assertDecodeError(
      () => decodeTracesProtobuf(overlong),
      "resourceSpans[0].scopeSpans[0]",
      "length 4 at byte 3 runs past the end of its message (0 bytes left)",
    );
  });

  it("rejects malformed varints, invalid wire types and stray group ends", () => {
    assertDecodeError(
      () => decodeTracesProtobuf(pb.bytes(Array(11).fill(0xff), [0x01])),
      "",
      "malformed varint at byte 0: longer than 10 bytes",
    );
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes([0xff])), "", "truncated varint at byte 0");
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes(pb.tag(5, 7))), "field#5", "invalid wire type 7 for field 5 at byte 1");
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes(pb.tag(5, 4))), "field#5", "unmatched end-group for field 5 at byte 1");
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes(pb.tag(5, 3), pb.tag(6, 4))), "field#5", /^mismatched end-group for field 6/);
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes(pb.tag(5, 3), pb.int(1, 1))), "field#5", "unterminated group for field 5");
    assertDecodeError(() => decodeTracesProtobuf(pb.bytes([0x00])), "", "invalid field number 0 at byte 1");
  });

  it("rejects out-of-range enums", () => {
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(pb.int(6, 9)))))),
      "resourceSpans[0].scopeSpans[0].spans[0].kind",
      "expected a SpanKind from 0 to 5, got 9",
    );
    assertDecodeError(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(pb.len(15, pb.int(3, -1))))))),
      "resourceSpans[0].scopeSpans[0].spans[0].status.code",
      "expected a StatusCode from 0 to 2, got -1",
    );
  });

  it("caps AnyValue nesting at 32 levels and names the path to the failure", () => {
    let nested = pb.str(1, "leaf");
    for (let i = 0; i < 32; i++) nested = pb.len(5, pb.len(1, nested));
    const ok = onlySpan(request(resourceSpans(scopeSpans(span(attribute("deep", nested))))));
    let value: unknown = ok.attributes.deep;
    for (let i = 0; i < 32; i++) value = (value as unknown[])[0];
    assert.equal(value, "leaf");

    nested = pb.len(5, pb.len(1, nested));
    assert.throws(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(attribute("deep", nested)))))),
      (err: unknown) => {
        assert.ok(err instanceof OtlpDecodeError);
        assert.equal(err.reason, "AnyValue nested deeper than 32 levels");
        assert.equal(err.path, `resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value${".arrayValue.values[0]".repeat(33)}`);
        return true;
      },
    );
  });

  it("survives a hostile 100,000-level nesting without exhausting the stack", () => {
    assert.throws(
      () => decodeTracesProtobuf(request(resourceSpans(scopeSpans(span(attribute("deep", nestedArrays(100_000))))))),
      (err: unknown) => {
        assert.ok(err instanceof OtlpDecodeError);
        assert.equal(err.reason, "AnyValue nested deeper than 32 levels");
        return true;
      },
    );
  });

  it("turns random corruption of a real body into OtlpDecodeError or a clean decode, never another failure", () => {
    const body = ProtobufTraceSerializer.serializeRequest(recordSpans())!;
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 3000; round++) {
      const mutated = Uint8Array.from(body);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) {
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      }
      try {
        decodeTracesProtobuf(mutated);
      } catch (err) {
        assert.ok(err instanceof OtlpDecodeError, String(err));
        assert.equal(err.cause, undefined, `internal failure surfaced as a decode error: ${String(err.cause)}`);
      }
    }
  });
});

/** `levels` ArrayValues nested in one AnyValue, written in O(n) (sizes computed inside out, bytes outside in). */
function nestedArrays(levels: number): number[] {
  const leaf = pb.int(2, 1);
  const anySizes = [leaf.length];
  const arraySizes = [0];
  for (let i = 1; i <= levels; i++) {
    const inner = anySizes[i - 1]!;
    const array = 1 + pb.varint(inner).length + inner;
    arraySizes.push(array);
    anySizes.push(1 + pb.varint(array).length + array);
  }
  const out: number[] = [];
  for (let i = levels; i >= 1; i--) out.push(0x2a, ...pb.varint(arraySizes[i]!), 0x0a, ...pb.varint(anySizes[i - 1]!));
  out.push(...leaf);
  return out;
}

describe("decodeTracesJson on hand-made bodies", () => {
  const SPAN = { traceId: TRACE, spanId: SPAN_ID, name: "op" };
  const body = (...spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
  const only = (text: string) => {
    const spans = decodeTracesJson(text);
    assert.equal(spans.length, 1);
    return spans[0]!;
  };

  it("decodes an empty request, and empty groups, to no spans", () => {
    assert.deepStrictEqual(decodeTracesJson("{}"), []);
    assert.deepStrictEqual(decodeTracesJson('{"resourceSpans":[]}'), []);
    assert.deepStrictEqual(decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{}]}, {}]}'), []);
  });

  it("ignores unknown fields, including snake_case names, which the OTLP/JSON spec does not allow", () => {
    assert.deepStrictEqual(decodeTracesJson(JSON.stringify({ resource_spans: [{ scope_spans: [{ spans: [SPAN] }] }] })), []);
    const decoded = only(body({ ...SPAN, links: [{ traceId: "zz" }], flags: 257, traceState: "a=b", futureField: { x: 1 } }));
    assert.equal(decoded.name, "op");
  });

  it("reads uppercase hex ids as lowercase, and base64 ids from exporters that used the stock protobuf mapping", () => {
    const decoded = only(
      body({
        traceId: Buffer.from(TRACE, "hex").toString("base64"),
        spanId: SPAN_ID.toUpperCase(),
        parentSpanId: Buffer.from("0102030405060708", "hex").toString("base64"),
      }),
    );
    assert.equal(decoded.traceId, TRACE);
    assert.equal(decoded.spanId, SPAN_ID);
    assert.equal(decoded.parentSpanId, "0102030405060708");
  });

  it("accepts enum names, int64 as strings or numbers, and times as strings or numbers, all exactly", () => {
    // Written as raw text so the numbers beyond 2^53 reach the decoder as the exporter wrote them.
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[{
      "traceId":"${TRACE}","spanId":"${SPAN_ID}","kind":"SPAN_KIND_CLIENT",
      "startTimeUnixNano":1764000000123456789,"endTimeUnixNano":"1764000001999999999",
      "status":{"code":"STATUS_CODE_ERROR","message":"x"},
      "attributes":[
        {"key":"as_number","value":{"intValue":9007199254740993}},
        {"key":"as_string","value":{"intValue":"9007199254740993"}},
        {"key":"small_string","value":{"intValue":"-12"}},
        {"key":"min","value":{"intValue":"-9223372036854775808"}},
        {"key":"nan","value":{"doubleValue":"NaN"}},
        {"key":"inf","value":{"doubleValue":"-Infinity"}},
        {"key":"numeric_string_double","value":{"doubleValue":"2.5"}},
        {"key":"bytes","value":{"bytesValue":"AAEC_f7_"}},
        {"key":"empty","value":{}},
        {"key":"missing"},
        {"key":"kv","value":{"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":{"values":[{"boolValue":true},{}]}}}]}}},
        {"key":"__proto__","value":{"stringValue":"not a prototype"}}
      ]}]}]}]}`;
    const decoded = only(text);
    assert.equal(decoded.kind, 3);
    assert.equal(decoded.startTimeUnixNano, 1764000000123456789n);
    assert.equal(decoded.endTimeUnixNano, 1764000001999999999n);
    assert.deepStrictEqual(decoded.status, { code: 2, message: "x" });
    assert.deepStrictEqual(decoded.attributes, {
      as_number: "9007199254740993",
      as_string: "9007199254740993",
      small_string: -12,
      min: "-9223372036854775808",
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      numeric_string_double: 2.5,
      bytes: "AAEC/f7/",
      empty: null,
      missing: null,
      kv: { a: [true, null] },
      ["__proto__"]: "not a prototype",
    });
    assert.equal(Object.getPrototypeOf(decoded.attributes), Object.prototype);
  });

  it("rejects a body that is not a JSON object, not JSON, or not UTF-8", () => {
    assertDecodeError(() => decodeTracesJson("[]"), "", "request body must be a JSON object (ExportTraceServiceRequest), got an array");
    assertDecodeError(() => decodeTracesJson("null"), "", "request body must be a JSON object (ExportTraceServiceRequest), got null");
    assertDecodeError(
      () => decodeTracesJson('"spans"'),
      "",
      'request body must be a JSON object (ExportTraceServiceRequest), got the string "spans"',
    );
    assertDecodeError(() => decodeTracesJson('{"resourceSpans":['), "", /^not valid JSON \(/);
    assertDecodeError(() => decodeTracesJson(""), "", /^not valid JSON \(/);
    assertDecodeError(() => decodeTracesJson(Uint8Array.from([0x7b, 0xff, 0x7d])), "", "body is not valid UTF-8");
  });

  it("rejects wrongly typed structure with the path to it", () => {
    assertDecodeError(() => decodeTracesJson('{"resourceSpans":{}}'), "resourceSpans", "expected an array, got an object");
    assertDecodeError(() => decodeTracesJson('{"resourceSpans":[7]}'), "resourceSpans[0]", "expected an object, got number 7");
    assertDecodeError(
      () => decodeTracesJson('{"resourceSpans":[{"resource":[]}]}'),
      "resourceSpans[0].resource",
      "expected an object, got an array",
    );
    assertDecodeError(
      () => decodeTracesJson('{"resourceSpans":[{"resource":{"attributes":[{"key":5}]}}]}'),
      "resourceSpans[0].resource.attributes[0].key",
      "expected a string, got number 5",
    );
    assertDecodeError(
      () => decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{"scope":{"name":1}}]}]}'),
      "resourceSpans[0].scopeSpans[0].scope.name",
      "expected a string, got number 1",
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, name: 42 })),
      "resourceSpans[0].scopeSpans[0].spans[0].name",
      "expected a string, got number 42",
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, events: [{ name: "e", timeUnixNano: "-1" }] })),
      "resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano",
      'expected an unsigned 64-bit integer, got the string "-1"',
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, startTimeUnixNano: "18446744073709551616" })),
      "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano",
      'expected an unsigned 64-bit integer, got the string "18446744073709551616"',
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, status: { code: 3 } })),
      "resourceSpans[0].scopeSpans[0].spans[0].status.code",
      "expected an integer from 0 to 2, got number 3",
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, kind: "SERVER" })),
      "resourceSpans[0].scopeSpans[0].spans[0].kind",
      'unknown enum name the string "SERVER"',
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, attributes: [{ key: "k", value: { intValue: "1.5" } }] })),
      "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue",
      'expected a 64-bit integer, got the string "1.5"',
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, attributes: [{ key: "k", value: { intValue: "9223372036854775808" } }] })),
      "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue",
      'expected a 64-bit integer, got the string "9223372036854775808"',
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, attributes: [{ key: "k", value: "v" }] })),
      "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value",
      'expected an AnyValue object, got the string "v"',
    );
  });

  it("rejects bad ids with the expected and actual sizes", () => {
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, spanId: "0102030405" })),
      "resourceSpans[0].scopeSpans[0].spans[0].spanId",
      "expected 8 bytes, got 5",
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, spanId: "zz02030405060708" })),
      "resourceSpans[0].scopeSpans[0].spans[0].spanId",
      'expected 8 bytes as 16 hex digits, got non-hex characters in the string "zz02030405060708"',
    );
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, traceId: 12 })),
      "resourceSpans[0].scopeSpans[0].spans[0].traceId",
      "expected a hex string, got number 12",
    );
    assertDecodeError(
      () => decodeTracesJson(body({ spanId: SPAN_ID })),
      "resourceSpans[0].scopeSpans[0].spans[0].traceId",
      "required, expected 16 bytes",
    );
    // 22 characters: unpadded base64 of 16 bytes, but also 11 bytes of hex; refused rather than guessed
    assertDecodeError(
      () => decodeTracesJson(body({ ...SPAN, traceId: "0102030405060708090a0b" })),
      "resourceSpans[0].scopeSpans[0].spans[0].traceId",
      "expected 16 bytes, got 11",
    );
  });

  it("caps AnyValue nesting at 32 levels", () => {
    let nested: unknown = { stringValue: "leaf" };
    for (let i = 0; i < 32; i++) nested = { arrayValue: { values: [nested] } };
    const ok = only(body({ ...SPAN, attributes: [{ key: "deep", value: nested }] }));
    assert.ok(Array.isArray(ok.attributes.deep));
    nested = { arrayValue: { values: [nested] } };
    assert.throws(
      () => decodeTracesJson(body({ ...SPAN, attributes: [{ key: "deep", value: nested }] })),
      (err: unknown) => {
        assert.ok(err instanceof OtlpDecodeError);
        assert.equal(err.reason, "AnyValue nested deeper than 32 levels");
        assert.equal(err.path, `resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value${".arrayValue.values[0]".repeat(33)}`);
        return true;
      },
    );
    const hostile = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN_ID}","attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(100_000)}${"]}}".repeat(100_000)}}]}]}]}]}`;
    assert.throws(() => decodeTracesJson(hostile), OtlpDecodeError);
  });
});
