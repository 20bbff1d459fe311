// Valid OTLP export requests (traces and logs) as a small model that fast-check generates, and its two
// encodings: OTLP/JSON as the spec writes it and binary protobuf written field by field with the
// testing workspace's protobuf writer (otlp-helpers.ts). Both encodings of one model must decode to the
// same thing; hostile variants come from mutating either encoding (fuzz/mutate.ts).
import fc from "fast-check";
import { pb } from "../otlp-helpers.ts";

export type AnyValueModel =
  | { kind: "string"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: bigint; asNumber: boolean }
  | { kind: "double"; value: number }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "array"; value: AnyValueModel[] }
  | { kind: "kvlist"; value: KeyValueModel[] };

export type KeyValueModel = [key: string, value: AnyValueModel];

export interface SpanModel {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  attributes: KeyValueModel[];
  events: { time: bigint; name: string; attributes: KeyValueModel[] }[];
  status: { code: number; message: string };
}

export interface LogModel {
  time: bigint;
  observedTime: bigint;
  severityNumber: number;
  severityText: string;
  body: AnyValueModel | undefined;
  attributes: KeyValueModel[];
  traceId: string;
  spanId: string;
  eventName: string;
}

export interface RequestModel<Item> {
  resources: { attributes: KeyValueModel[]; scopes: { name: string; version: string; items: Item[] }[] }[];
}

export type Signal = "traces" | "logs";
export type OtlpRequest = { signal: "traces"; model: RequestModel<SpanModel> } | { signal: "logs"; model: RequestModel<LogModel> };

const text = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("", "chat gpt-4o", "gen_ai.system", "openai", "service.name", "llm.request", "__proto__", "constructor"),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);
const hexId = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex"));
const maybeId = (bytes: number) => fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 4, arbitrary: hexId(bytes) });
const nanos = fc.oneof(fc.constant(0n), fc.bigInt(1_700_000_000_000_000_000n, 1_900_000_000_000_000_000n), fc.bigInt(0n, 2n ** 64n - 1n));
// -0 and 0 encode differently in protobuf but identically in JSON, so a model holds 0 only.
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d));

const keyValues = (value: fc.Arbitrary<AnyValueModel>) =>
  fc.uniqueArray(fc.tuple(text, value), { maxLength: 4, selector: ([key]) => key }) as fc.Arbitrary<KeyValueModel[]>;

export const anyValueModel: fc.Arbitrary<AnyValueModel> = fc.letrec<{ value: AnyValueModel }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: text.map((value) => ({ kind: "string" as const, value })) },
    { weight: 1, arbitrary: fc.boolean().map((value) => ({ kind: "bool" as const, value })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n), fc.bigInt(-1000n, 1000n)), fc.boolean())
        .map(([value, asNumber]) => ({
          kind: "int" as const,
          value,
          asNumber: asNumber && value >= -(2n ** 53n) + 1n && value <= 2n ** 53n - 1n,
        })),
    },
    { weight: 1, arbitrary: finiteDouble.map((value) => ({ kind: "double" as const, value })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((value) => ({ kind: "bytes" as const, value })) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }).map((value) => ({ kind: "array" as const, value })) },
    { weight: 1, arbitrary: keyValues(tie("value")).map((value) => ({ kind: "kvlist" as const, value })) },
  ),
})).value;

const attributes = keyValues(anyValueModel);

export const spanModel: fc.Arbitrary<SpanModel> = fc.record({
  traceId: hexId(16),
  spanId: hexId(8),
  parentSpanId: maybeId(8),
  name: text,
  kind: fc.integer({ min: 0, max: 5 }),
  start: nanos,
  end: nanos,
  attributes,
  events: fc.array(fc.record({ time: nanos, name: text, attributes }), { maxLength: 2 }),
  status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: text }),
});

export const logModel: fc.Arbitrary<LogModel> = fc.record({
  time: nanos,
  observedTime: nanos,
  severityNumber: fc.integer({ min: 0, max: 24 }),
  severityText: text,
  body: fc.option(anyValueModel, { nil: undefined }),
  attributes,
  traceId: maybeId(16),
  spanId: maybeId(8),
  eventName: text,
});

function requestModel<Item>(item: fc.Arbitrary<Item>): fc.Arbitrary<RequestModel<Item>> {
  const scope = fc.record({ name: text, version: text, items: fc.array(item, { maxLength: 3 }) });
  return fc.record({ resources: fc.array(fc.record({ attributes, scopes: fc.array(scope, { maxLength: 2 }) }), { maxLength: 2 }) });
}

export const otlpRequest: fc.Arbitrary<OtlpRequest> = fc.oneof(
  requestModel(spanModel).map((model) => ({ signal: "traces" as const, model })),
  requestModel(logModel).map((model) => ({ signal: "logs" as const, model })),
);

// ---- OTLP/JSON ----

function anyValueJson(v: AnyValueModel): Record<string, unknown> {
  switch (v.kind) {
    case "string":
      return { stringValue: v.value };
    case "bool":
      return { boolValue: v.value };
    case "int":
      return { intValue: v.asNumber ? Number(v.value) : v.value.toString() };
    case "double":
      return { doubleValue: v.value };
    case "bytes":
      return { bytesValue: Buffer.from(v.value).toString("base64") };
    case "array":
      return { arrayValue: { values: v.value.map(anyValueJson) } };
    case "kvlist":
      return { kvlistValue: { values: attributesJson(v.value) } };
  }
}

const attributesJson = (kvs: KeyValueModel[]) => kvs.map(([key, value]) => ({ key, value: anyValueJson(value) }));

function spanJson(s: SpanModel): Record<string, unknown> {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: s.start.toString(),
    endTimeUnixNano: s.end.toString(),
    attributes: attributesJson(s.attributes),
    events: s.events.map((e) => ({ timeUnixNano: e.time.toString(), name: e.name, attributes: attributesJson(e.attributes) })),
    status: { code: s.status.code, message: s.status.message },
  };
}

function logJson(l: LogModel): Record<string, unknown> {
  return {
    timeUnixNano: l.time.toString(),
    observedTimeUnixNano: l.observedTime.toString(),
    severityNumber: l.severityNumber,
    severityText: l.severityText,
    ...(l.body === undefined ? {} : { body: anyValueJson(l.body) }),
    attributes: attributesJson(l.attributes),
    traceId: l.traceId,
    spanId: l.spanId,
    eventName: l.eventName,
  };
}

/** The request as an OTLP/JSON object (not yet serialised, so a mutator can corrupt its structure). */
export function toOtlpJson(request: OtlpRequest): Record<string, unknown> {
  const names =
    request.signal === "traces"
      ? (["resourceSpans", "scopeSpans", "spans"] as const)
      : (["resourceLogs", "scopeLogs", "logRecords"] as const);
  const item = (x: SpanModel | LogModel) => (request.signal === "traces" ? spanJson(x as SpanModel) : logJson(x as LogModel));
  const resources = (request.model.resources as RequestModel<SpanModel | LogModel>["resources"]).map((r) => ({
    resource: { attributes: attributesJson(r.attributes) },
    [names[1]]: r.scopes.map((s) => ({ scope: { name: s.name, version: s.version }, [names[2]]: s.items.map(item) })),
  }));
  return { [names[0]]: resources };
}

// ---- protobuf ----

function anyValuePb(v: AnyValueModel): number[] {
  switch (v.kind) {
    case "string":
      return pb.str(1, v.value);
    case "bool":
      return pb.int(2, v.value ? 1 : 0);
    case "int":
      return pb.int(3, v.value);
    case "double":
      return pb.double(4, v.value);
    case "array":
      return pb.len(5, ...v.value.map((x) => pb.len(1, anyValuePb(x))));
    case "kvlist":
      return pb.len(6, ...v.value.map((kv) => pb.len(1, keyValuePb(kv))));
    case "bytes":
      return pb.len(7, v.value);
  }
}

const keyValuePb = ([key, value]: KeyValueModel) => pb.message(pb.str(1, key), pb.len(2, anyValuePb(value)));
const attributesPb = (field: number, kvs: KeyValueModel[]) => pb.message(...kvs.map((kv) => pb.len(field, keyValuePb(kv))));

function spanPb(s: SpanModel): number[] {
  return pb.message(
    pb.hex(1, s.traceId),
    pb.hex(2, s.spanId),
    s.parentSpanId === "" ? [] : pb.hex(4, s.parentSpanId),
    pb.str(5, s.name),
    pb.int(6, s.kind),
    pb.fixed64(7, s.start),
    pb.fixed64(8, s.end),
    attributesPb(9, s.attributes),
    ...s.events.map((e) => pb.len(11, pb.fixed64(1, e.time), pb.str(2, e.name), attributesPb(3, e.attributes))),
    pb.len(15, pb.str(2, s.status.message), pb.int(3, s.status.code)),
  );
}

function logPb(l: LogModel): number[] {
  return pb.message(
    pb.fixed64(1, l.time),
    pb.int(2, l.severityNumber),
    pb.str(3, l.severityText),
    l.body === undefined ? [] : pb.len(5, anyValuePb(l.body)),
    attributesPb(6, l.attributes),
    l.traceId === "" ? [] : pb.hex(9, l.traceId),
    l.spanId === "" ? [] : pb.hex(10, l.spanId),
    pb.fixed64(11, l.observedTime),
    pb.str(12, l.eventName),
  );
}

/** The request as a binary protobuf Export*ServiceRequest. */
export function toOtlpProtobuf(request: OtlpRequest): Uint8Array {
  const item = (x: SpanModel | LogModel) => (request.signal === "traces" ? spanPb(x as SpanModel) : logPb(x as LogModel));
  const resources = (request.model.resources as RequestModel<SpanModel | LogModel>["resources"]).map((r) =>
    pb.len(
      1,
      pb.len(1, attributesPb(1, r.attributes)),
      ...r.scopes.map((s) => pb.len(2, pb.len(1, pb.str(1, s.name), pb.str(2, s.version)), ...s.items.map((x) => pb.len(2, item(x))))),
    ),
  );
  return pb.bytes(...resources);
}
