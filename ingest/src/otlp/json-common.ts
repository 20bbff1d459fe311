// OTLP/JSON building blocks shared by the trace and log decoders: parsing the body, and strict readers for
// ids, int64s, nanosecond times, enums, AnyValue and attribute lists, each naming the field it rejects.
import { Buffer } from "node:buffer";
import { asDecodeError, OtlpDecodeError, rethrowAt } from "./errors.ts";
import { MAX_ANY_VALUE_DEPTH } from "./limits.ts";
import type { Attributes, AttrValue, Resource, Scope } from "./types.ts";

export type JsonObject = { readonly [key: string]: unknown };

const EMPTY: readonly unknown[] = Object.freeze([]);
const INTEGER = /^-?\d+$/;
const UNSIGNED = /^\d+$/;
const LOWER_HEX = /^[0-9a-f]*$/;
const ANY_HEX = /^[0-9a-fA-F]*$/;
// Padded standard or URL-safe base64. Requiring the padding keeps it disjoint from hex ids.
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}==|[A-Za-z0-9+/_-]{3}=)?$/;
const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);
const MAX_UINT64 = 2n ** 64n - 1n;

const utf8 = new TextDecoder("utf-8", { fatal: true });

// JSON.parse turns an int64 beyond 2^53 written as a bare number into the nearest double. When the walk meets
// one it sets this flag and the body is parsed a second time with a reviver that keeps those numbers' source
// text. Decoding is synchronous, so a module-level flag cannot be seen by another request.
let precisionLost = false;

function exactNumbers(key: string, value: unknown, context?: { source?: string }): unknown {
  if (
    typeof value === "number" &&
    !Number.isSafeInteger(value) &&
    (key === "intValue" || key.endsWith("UnixNano")) &&
    context?.source !== undefined &&
    INTEGER.test(context.source)
  ) {
    return context.source;
  }
  return value;
}

function parse(text: string, exact: boolean): unknown {
  try {
    return exact ? JSON.parse(text, exactNumbers) : JSON.parse(text);
  } catch (err) {
    throw new OtlpDecodeError("json", `not valid JSON (${(err as Error).message})`);
  }
}

/** Parses an OTLP/JSON body and hands the root to `walk`; every failure surfaces as an OtlpDecodeError. */
export function decodeJsonBody<T>(body: Uint8Array | string, walk: (root: unknown) => T): T {
  try {
    let text: string;
    if (typeof body === "string") {
      text = body;
    } else {
      try {
        text = utf8.decode(body);
      } catch {
        throw new OtlpDecodeError("json", "body is not valid UTF-8");
      }
    }
    precisionLost = false;
    const result = walk(parse(text, false));
    if (!precisionLost) return result;
    precisionLost = false;
    return walk(parse(text, true));
  } catch (err) {
    throw asDecodeError(err, "json");
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number":
    case "boolean":
      return `${typeof value} ${String(value)}`;
    default:
      return typeof value;
  }
}

function fail(reason: string, path?: string): never {
  throw new OtlpDecodeError("json", reason, { path });
}

/** The request root: must be an object. */
export function rootObject(value: unknown, messageName: string): JsonObject {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonObject;
  fail(`request body must be a JSON object (${messageName}), got ${describeValue(value)}`);
}

/** A nested message; absent or null reads as undefined. */
export function readObject(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object" && !Array.isArray(v)) return v as JsonObject;
  fail(`expected an object, got ${describeValue(v)}`, key);
}

/** A repeated field; absent or null reads as empty. */
export function readArray(o: JsonObject, key: string): readonly unknown[] {
  const v = o[key];
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return EMPTY;
  fail(`expected an array, got ${describeValue(v)}`, key);
}

/** An element of a repeated message field. */
export function elementObject(v: unknown): JsonObject {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as JsonObject;
  fail(`expected an object, got ${describeValue(v)}`);
}

export function readString(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  fail(`expected a string, got ${describeValue(v)}`, key);
}

/**
 * A trace or span id: hex per the OTLP/JSON spec (any case, returned lowercase), or padded base64 as the stock
 * protobuf JSON mapping writes it (some early exporters did). Absent or empty reads as "".
 */
export function readId(o: JsonObject, key: string, size: number): string {
  const v = o[key];
  if (v === undefined || v === null || v === "") return "";
  if (typeof v !== "string") fail(`expected a hex string, got ${describeValue(v)}`, key);
  if (v.length === size * 2) {
    if (LOWER_HEX.test(v)) return v;
    if (ANY_HEX.test(v)) return v.toLowerCase();
    fail(`expected ${size} bytes as ${size * 2} hex digits, got non-hex characters in ${describeValue(v)}`, key);
  }
  if (v.length === Math.ceil(size / 3) * 4 && PADDED_BASE64.test(v)) {
    const bytes = Buffer.from(v, "base64");
    if (bytes.length === size) return bytes.toString("hex");
  }
  if (ANY_HEX.test(v) && v.length % 2 === 0) fail(`expected ${size} bytes, got ${v.length / 2}`, key);
  fail(`expected ${size} bytes as ${size * 2} hex digits, got ${describeValue(v)}`, key);
}

/** A fixed64 nanosecond time: a decimal string (the spec's form) or a number. Absent reads as 0. */
export function readUnixNano(o: JsonObject, key: string): bigint {
  const v = o[key];
  if (typeof v === "string") {
    if (UNSIGNED.test(v)) {
      const n = BigInt(v);
      if (n <= MAX_UINT64) return n;
    }
    fail(`expected an unsigned 64-bit integer, got ${describeValue(v)}`, key);
  }
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** 64) fail(`expected an unsigned 64-bit integer, got ${describeValue(v)}`, key);
    if (!Number.isSafeInteger(v)) precisionLost = true;
    return BigInt(v);
  }
  if (v === undefined || v === null) return 0n;
  fail(`expected an unsigned 64-bit integer, got ${describeValue(v)}`, key);
}

/** An enum: the integer the spec requires, or its proto name for leniency. Absent reads as 0. */
export function readEnum(o: JsonObject, key: string, names: readonly string[]): number {
  const v = o[key];
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= 0 && v < names.length) return v;
    fail(`expected an integer from 0 to ${names.length - 1}, got ${describeValue(v)}`, key);
  }
  if (v === undefined || v === null) return 0;
  if (typeof v === "string") {
    const index = names.indexOf(v);
    if (index >= 0) return index;
    fail(`unknown enum name ${describeValue(v)}`, key);
  }
  fail(`expected an integer, got ${describeValue(v)}`, key);
}

function int64(v: unknown): number | string {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < -(2 ** 63) || v >= 2 ** 63) fail(`expected a 64-bit integer, got ${describeValue(v)}`);
    if (Number.isSafeInteger(v)) return v;
    precisionLost = true;
    return BigInt(v).toString();
  }
  if (typeof v === "string" && INTEGER.test(v)) {
    if (v.length < 16) return Number(v) || 0;
    const n = BigInt(v);
    if (n >= MIN_INT64 && n <= MAX_INT64) {
      const asNumber = Number(n);
      return Number.isSafeInteger(asNumber) ? asNumber : n.toString();
    }
  }
  fail(`expected a 64-bit integer, got ${describeValue(v)}`);
}

function double(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    // The protobuf JSON mapping spells non-finite doubles as strings and accepts numeric strings.
    if (v === "NaN") return Number.NaN;
    if (v === "Infinity") return Number.POSITIVE_INFINITY;
    if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
    const n = Number(v);
    if (v.trim() !== "" && Number.isFinite(n)) return n;
  }
  fail(`expected a number, got ${describeValue(v)}`);
}

function bytes(v: unknown): string {
  if (typeof v === "string" && PADDED_BASE64.test(v)) return Buffer.from(v, "base64").toString("base64");
  if (typeof v === "string" && /^[A-Za-z0-9+/_-]*$/.test(v) && v.length % 4 !== 1) {
    return Buffer.from(v, "base64").toString("base64");
  }
  fail(`expected base64, got ${describeValue(v)}`);
}

/** An AnyValue object; absent, null or `{}` is null. */
export function anyValue(v: unknown, depth: number): AttrValue {
  if (v === undefined || v === null) return null;
  if (typeof v !== "object" || Array.isArray(v)) fail(`expected an AnyValue object, got ${describeValue(v)}`);
  if (depth > MAX_ANY_VALUE_DEPTH) fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const o = v as JsonObject;
  let x = o.stringValue;
  if (x !== undefined && x !== null) {
    if (typeof x === "string") return x;
    fail(`expected a string, got ${describeValue(x)}`, "stringValue");
  }
  x = o.intValue;
  if (x !== undefined && x !== null) {
    try {
      return int64(x);
    } catch (err) {
      rethrowAt(err, "intValue");
    }
  }
  x = o.doubleValue;
  if (x !== undefined && x !== null) {
    try {
      return double(x);
    } catch (err) {
      rethrowAt(err, "doubleValue");
    }
  }
  x = o.boolValue;
  if (x !== undefined && x !== null) {
    if (typeof x === "boolean") return x;
    fail(`expected a boolean, got ${describeValue(x)}`, "boolValue");
  }
  x = o.arrayValue;
  if (x !== undefined && x !== null) {
    try {
      const values = readArray(elementObject(x), "values");
      const out: AttrValue[] = new Array(values.length);
      for (let i = 0; i < values.length; i++) {
        try {
          out[i] = anyValue(values[i], depth + 1);
        } catch (err) {
          rethrowAt(err, `values[${i}]`);
        }
      }
      return out;
    } catch (err) {
      rethrowAt(err, "arrayValue");
    }
  }
  x = o.kvlistValue;
  if (x !== undefined && x !== null) {
    try {
      const values = readArray(elementObject(x), "values");
      const out: { [key: string]: AttrValue } = {};
      for (let i = 0; i < values.length; i++) {
        try {
          keyValueInto(values[i], out, depth + 1);
        } catch (err) {
          rethrowAt(err, `values[${i}]`);
        }
      }
      return out;
    } catch (err) {
      rethrowAt(err, "kvlistValue");
    }
  }
  x = o.bytesValue;
  if (x !== undefined && x !== null) {
    try {
      return bytes(x);
    } catch (err) {
      rethrowAt(err, "bytesValue");
    }
  }
  return null;
}

/** One KeyValue into `target`; a later duplicate key wins, and `__proto__` stays an own property. */
function keyValueInto(v: unknown, target: Attributes, depth: number): void {
  const kv = elementObject(v);
  const key = readString(kv, "key");
  let value: AttrValue;
  try {
    value = anyValue(kv.value, depth);
  } catch (err) {
    rethrowAt(err, "value");
  }
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A repeated KeyValue field as an attributes object. */
export function readAttributes(o: JsonObject, key: string): Attributes {
  const out: Attributes = {};
  const list = readArray(o, key);
  for (let i = 0; i < list.length; i++) {
    try {
      keyValueInto(list[i], out, 0);
    } catch (err) {
      rethrowAt(err, `${key}[${i}]`);
    }
  }
  return out;
}

/** The Resource message (only its attributes are kept); absent reads as no attributes. */
export function readResource(o: JsonObject, key: string): { attributes: Attributes } {
  const resource = readObject(o, key);
  if (resource === undefined) return { attributes: {} };
  try {
    return { attributes: readAttributes(resource, "attributes") };
  } catch (err) {
    rethrowAt(err, key);
  }
}

/** The InstrumentationScope message's name and version. */
export function readScope(o: JsonObject, key: string): { name: string; version: string } {
  const scope = readObject(o, key);
  if (scope === undefined) return { name: "", version: "" };
  try {
    return { name: readString(scope, "name"), version: readString(scope, "version") };
  } catch (err) {
    rethrowAt(err, key);
  }
}

/** Field names of one signal's OTLP/JSON envelope, e.g. resourceSpans / scopeSpans / spans. */
export interface JsonEnvelope {
  message: string;
  resources: string;
  scopes: string;
  items: string;
}

/**
 * Walks an Export*ServiceRequest: resources → scope groups → items. Traces and logs share this walk
 * and differ only in the item decoder; every error carries the path to what was malformed.
 */
export function decodeJsonEnvelope<T>(
  root: unknown,
  names: JsonEnvelope,
  decodeItem: (o: JsonObject, resource: Resource, scope: Scope) => T,
): T[] {
  const request = rootObject(root, names.message);
  const out: T[] = [];
  const resources = readArray(request, names.resources);
  for (let i = 0; i < resources.length; i++) {
    try {
      const group = elementObject(resources[i]);
      const resource: Resource = readResource(group, "resource");
      const scopes = readArray(group, names.scopes);
      for (let j = 0; j < scopes.length; j++) {
        try {
          const scopeGroup = elementObject(scopes[j]);
          const scope: Scope = readScope(scopeGroup, "scope");
          const items = readArray(scopeGroup, names.items);
          for (let k = 0; k < items.length; k++) {
            try {
              out.push(decodeItem(elementObject(items[k]), resource, scope));
            } catch (err) {
              rethrowAt(err, `${names.items}[${k}]`);
            }
          }
        } catch (err) {
          rethrowAt(err, `${names.scopes}[${j}]`);
        }
      }
    } catch (err) {
      rethrowAt(err, `${names.resources}[${i}]`);
    }
  }
  return out;
}
