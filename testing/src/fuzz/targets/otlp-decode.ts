// The ingest's OTLP decoders in-process (traces and logs, protobuf and JSON, plain, gzip or deflate as
// the server inflates them): any body either decodes or fails with an OtlpDecodeError that the server
// answers as a 400; an internal error (TypeError, RangeError, ...) masked as "undecodable body" counts
// as a crash. A valid request decodes to the same spans or records from either encoding, every item and
// attribute kept.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import fc from "fast-check";
import { decodeLogsJson, decodeLogsProtobuf, decodeTracesJson, decodeTracesProtobuf, OtlpDecodeError } from "@promptmetrics/ingest";
import type { FuzzTarget } from "../driver.ts";
import { byteMutation, jsonMutation, mutateBytes, mutateJson, type ByteMutation } from "../mutate.ts";
import { otlpRequest, toOtlpJson, toOtlpProtobuf, type OtlpRequest, type Signal } from "../otlp-model.ts";

export type Encoding = "protobuf" | "json";
export type Compression = "identity" | "gzip" | "deflate";

export type BodySource =
  | { kind: "valid"; request: OtlpRequest }
  | { kind: "json-mutated"; request: OtlpRequest; mutations: Parameters<typeof mutateJson>[1] }
  | { kind: "bytes-mutated"; request: OtlpRequest; encoding: Encoding; mutations: ByteMutation[] }
  | { kind: "random-bytes"; bytes: Uint8Array }
  | { kind: "random-json"; text: string }
  /** Bytes sent as they are, whatever the compression says (a zip bomb). */
  | { kind: "wire"; bytes: Uint8Array };

export interface OtlpBodyInput {
  signal: Signal;
  encoding: Encoding;
  compression: Compression;
  source: BodySource;
  /** Mutations of the compressed stream, so the inflater meets broken input too. */
  streamMutations: ByteMutation[];
}

// The server's decompression limit (DEFAULT_INGEST_CONFIG.maxBodyBytes is of this order).
const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

export const otlpBodyInput: fc.Arbitrary<OtlpBodyInput> = fc
  .record({
    encoding: fc.constantFrom<Encoding>("protobuf", "json"),
    compression: fc.constantFrom<Compression>("identity", "identity", "gzip", "deflate"),
    source: fc.oneof(
      { weight: 2, arbitrary: otlpRequest.map((request) => ({ kind: "valid" as const, request })) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant("json-mutated" as const),
          request: otlpRequest,
          mutations: fc.array(jsonMutation, { minLength: 1, maxLength: 3 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant("bytes-mutated" as const),
          request: otlpRequest,
          encoding: fc.constantFrom<Encoding>("protobuf", "json"),
          mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("random-bytes" as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("random-json" as const), text: fc.json({ maxDepth: 4 }) }) },
    ),
    streamMutations: fc.oneof(fc.constant<ByteMutation[]>([]), fc.array(byteMutation, { maxLength: 2 })),
    randomSignal: fc.constantFrom<Signal>("traces", "logs"),
  })
  .map(({ randomSignal, source, ...rest }): OtlpBodyInput => ({
    ...rest,
    source,
    signal: "request" in source ? source.request.signal : randomSignal,
    // A mutated encoding is sent as what it is, so the right decoder meets it.
    ...(source.kind === "bytes-mutated"
      ? { encoding: source.encoding }
      : source.kind === "json-mutated" || source.kind === "random-json"
        ? { encoding: "json" as const }
        : {}),
  }));

/** The bytes on the wire before compression. */
export function plainBody(input: OtlpBodyInput): Uint8Array {
  const { source } = input;
  switch (source.kind) {
    case "valid":
      return input.encoding === "json" ? Buffer.from(JSON.stringify(toOtlpJson(source.request))) : toOtlpProtobuf(source.request);
    case "json-mutated":
      return Buffer.from(JSON.stringify(mutateJson(toOtlpJson(source.request), source.mutations)) ?? "");
    case "bytes-mutated": {
      const valid = source.encoding === "json" ? Buffer.from(JSON.stringify(toOtlpJson(source.request))) : toOtlpProtobuf(source.request);
      return mutateBytes(valid, source.mutations);
    }
    case "random-bytes":
      return source.bytes;
    case "random-json":
      return Buffer.from(source.text);
    case "wire":
      return source.bytes;
  }
}

/** The bytes on the wire: compressed as the Content-Encoding says, then possibly corrupted. */
export function wireBody(input: OtlpBodyInput): Uint8Array {
  const plain = plainBody(input);
  if (input.compression === "identity" || input.source.kind === "wire") return plain;
  const compressed = input.compression === "gzip" ? zlib.gzipSync(plain) : zlib.deflateSync(plain);
  return mutateBytes(compressed, input.streamMutations);
}

export function decode(signal: Signal, encoding: Encoding, body: Uint8Array): unknown[] {
  if (signal === "traces") return encoding === "json" ? decodeTracesJson(body) : decodeTracesProtobuf(body);
  return encoding === "json" ? decodeLogsJson(body) : decodeLogsProtobuf(body);
}

/** Decodes and returns the items, or the decode error; anything else thrown is a defect and propagates. */
function decodeOrReject(signal: Signal, encoding: Encoding, body: Uint8Array): unknown[] | OtlpDecodeError {
  try {
    return decode(signal, encoding, body);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    // The top-level guard turns a bug into a 400; the fuzzer wants to see the bug.
    if (error.cause instanceof Error && !(error.cause instanceof OtlpDecodeError)) {
      throw new Error(`internal error answered as a 400: ${error.cause.name}: ${error.cause.message}`, { cause: error });
    }
    assert.ok(error.message.length > 0, "a decode error must say what is wrong");
    return error;
  }
}

function itemCount(request: OtlpRequest): number {
  let n = 0;
  for (const resource of request.model.resources) for (const scope of resource.scopes) n += scope.items.length;
  return n;
}

export function checkOtlpBody(input: OtlpBodyInput): void {
  let body = wireBody(input);
  if (input.compression !== "identity") {
    try {
      body =
        input.compression === "gzip"
          ? zlib.gunzipSync(body, { maxOutputLength: MAX_INFLATED_BYTES })
          : zlib.inflateSync(body, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      return; // The server answers 400 or 413 before decoding; the HTTP target checks that.
    }
  }
  const result = decodeOrReject(input.signal, input.encoding, body);
  if (input.source.kind !== "valid" || input.streamMutations.length > 0) return;
  // A valid request: both encodings decode, to the same items, none lost.
  const { request } = input.source;
  assert.ok(Array.isArray(result), `a valid ${input.encoding} request was refused: ${(result as Error).message}`);
  assert.equal(result.length, itemCount(request), "every span or log record of a valid request is decoded");
  const other = decode(
    input.signal,
    input.encoding === "json" ? "protobuf" : "json",
    input.encoding === "json" ? toOtlpProtobuf(request) : Buffer.from(JSON.stringify(toOtlpJson(request))),
  );
  assert.deepStrictEqual(other, result, "the JSON and protobuf encodings of one request decode alike");
  const items = request.model.resources.flatMap((r) => r.scopes.flatMap((s) => s.items as { attributes: unknown[] }[]));
  items.forEach((item, i) =>
    assert.equal(
      Object.keys((result[i] as { attributes: object }).attributes).length,
      item.attributes.length,
      `item ${i} kept every attribute`,
    ),
  );
}

export const otlpDecodeTarget: FuzzTarget<undefined, OtlpBodyInput> = {
  name: "otlp-decode",
  defaultRuns: 420_000,
  testRuns: 2_000,
  usesStore: false,
  timeoutMs: 5000,
  open: async () => undefined,
  close: async () => {},
  arbitrary: () => otlpBodyInput,
  check: (_context, input) => checkOtlpBody(input),
  corpus: () => otlpCorpus(),
};

const emptyTraces: OtlpRequest = { signal: "traces", model: { resources: [] } };

/** Hand-picked bodies: nesting past the limit, a length prefix past the end, huge varints, a zip bomb. */
export const otlpCorpus = (): OtlpBodyInput[] => [
  // 64 MB of zeros in 64 kB: the inflater's limit must stop it (413), not memory.
  {
    signal: "traces",
    encoding: "json",
    compression: "gzip",
    streamMutations: [],
    source: { kind: "wire", bytes: zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)) },
  },
  {
    signal: "logs",
    encoding: "protobuf",
    compression: "deflate",
    streamMutations: [],
    source: { kind: "wire", bytes: zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024)) },
  },
  {
    signal: "traces",
    encoding: "json",
    compression: "identity",
    streamMutations: [],
    source: { kind: "random-json", text: "[".repeat(100_000) + "]".repeat(100_000) },
  },
  {
    signal: "logs",
    encoding: "json",
    compression: "identity",
    streamMutations: [],
    source: { kind: "json-mutated", request: emptyTraces, mutations: [{ op: "nest", at: 0, depth: 400 }] },
  },
  {
    signal: "traces",
    encoding: "protobuf",
    compression: "identity",
    streamMutations: [],
    source: { kind: "random-bytes", bytes: Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]) },
  },
  {
    signal: "traces",
    encoding: "protobuf",
    compression: "identity",
    streamMutations: [],
    source: { kind: "random-bytes", bytes: Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]) },
  },
  // 64 levels of AnyValue.array_value in protobuf, past MAX_ANY_VALUE_DEPTH.
  {
    signal: "logs",
    encoding: "protobuf",
    compression: "identity",
    streamMutations: [],
    source: { kind: "random-bytes", bytes: nestedArrayValueLog(64) },
  },
  {
    signal: "traces",
    encoding: "json",
    compression: "gzip",
    streamMutations: [],
    source: { kind: "random-json", text: `{"resourceSpans":[${"{},".repeat(50_000)}{}]}` },
  },
  {
    signal: "traces",
    encoding: "json",
    compression: "identity",
    streamMutations: [],
    source: { kind: "random-json", text: '{"__proto__":{"resourceSpans":[]},"resourceSpans":{"length":1e9}}' },
  },
  {
    signal: "traces",
    encoding: "json",
    compression: "identity",
    streamMutations: [],
    source: {
      kind: "random-json",
      text: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAA==","startTimeUnixNano":1e400,"attributes":[{"key":"k","value":{"intValue":"99999999999999999999"}}]}]}]}]}',
    },
  },
];

function nestedArrayValueLog(depth: number): Uint8Array {
  let value = Buffer.from([0x0a, 0x01, 0x78]); // AnyValue{string_value:"x"}
  for (let i = 0; i < depth; i++) {
    const arrayValue = Buffer.concat([Buffer.from([0x0a]), varint(value.length), value]); // ArrayValue{values}
    value = Buffer.concat([Buffer.from([0x2a]), varint(arrayValue.length), arrayValue]); // AnyValue{array_value}
  }
  const log = Buffer.concat([Buffer.from([0x2a]), varint(value.length), value]); // LogRecord{body}
  const scope = Buffer.concat([Buffer.from([0x12]), varint(log.length), log]);
  const resource = Buffer.concat([Buffer.from([0x12]), varint(scope.length), scope]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x0a]), varint(resource.length), resource]));
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
