// Protobuf decoding of the messages every OTLP signal shares (common.proto, resource.proto): AnyValue,
// KeyValue attribute lists, Resource and InstrumentationScope.
import { asDecodeError, OtlpDecodeError, rethrowAt } from "./errors.ts";
import { MAX_ANY_VALUE_DEPTH } from "./limits.ts";
import { ProtobufReader, tag, WIRE_I64, WIRE_LEN, WIRE_VARINT } from "./protobuf-reader.ts";
import type { Attributes, AttrValue, Resource, Scope } from "./types.ts";

// AnyValue (oneof value)
const ANY_STRING = tag(1, WIRE_LEN);
const ANY_BOOL = tag(2, WIRE_VARINT);
const ANY_INT = tag(3, WIRE_VARINT);
const ANY_DOUBLE = tag(4, WIRE_I64);
const ANY_ARRAY = tag(5, WIRE_LEN);
const ANY_KVLIST = tag(6, WIRE_LEN);
const ANY_BYTES = tag(7, WIRE_LEN);
const ANY_KNOWN = 0b11111110;
const ANY_NAMES = ["", "stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"];

// KeyValue, and the `values` field shared by ArrayValue and KeyValueList
const KV_KEY = tag(1, WIRE_LEN);
const KV_VALUE = tag(2, WIRE_LEN);
const KV_KNOWN = 0b110;
const VALUES = tag(1, WIRE_LEN);
const VALUES_KNOWN = 0b10;

// Resource
const RESOURCE_ATTRIBUTES = tag(1, WIRE_LEN);
const RESOURCE_KNOWN = 0b10;

// InstrumentationScope (its attributes are not part of the decoded Scope and are skipped)
const SCOPE_NAME = tag(1, WIRE_LEN);
const SCOPE_VERSION = tag(2, WIRE_LEN);
const SCOPE_KNOWN = 0b110;

function fieldSegment(names: readonly string[], fieldNumber: number): string {
  return names[fieldNumber] || `field#${fieldNumber}`;
}

/** Decodes an AnyValue occupying [pos, end); an AnyValue with no value set is null. */
export function decodeAnyValue(r: ProtobufReader, end: number, depth: number): AttrValue {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new OtlpDecodeError("protobuf", `AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
  let value: AttrValue = null;
  let fieldNumber = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      switch (t) {
        case ANY_STRING:
          value = r.cachedString(end);
          break;
        case ANY_BOOL:
          value = r.bool(end);
          break;
        case ANY_INT:
          value = r.int64(end);
          break;
        case ANY_DOUBLE:
          value = r.double(end);
          break;
        case ANY_ARRAY:
          value = decodeValues(r, r.delimitedEnd(end), depth);
          break;
        case ANY_KVLIST:
          value = decodeKvlist(r, r.delimitedEnd(end), depth);
          break;
        case ANY_BYTES:
          value = r.base64(end);
          break;
        default:
          r.skipField(t, end, ANY_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldSegment(ANY_NAMES, fieldNumber));
  }
  return value;
}

/** ArrayValue: repeated AnyValue values = 1. */
function decodeValues(r: ProtobufReader, end: number, depth: number): AttrValue[] {
  const out: AttrValue[] = [];
  let fieldNumber = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === VALUES) {
        out.push(decodeAnyValue(r, r.delimitedEnd(end), depth + 1));
      } else {
        r.skipField(t, end, VALUES_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 1 ? `values[${out.length}]` : `field#${fieldNumber}`);
  }
  return out;
}

/** KeyValueList: repeated KeyValue values = 1, as a plain object. */
function decodeKvlist(r: ProtobufReader, end: number, depth: number): { [key: string]: AttrValue } {
  const out: { [key: string]: AttrValue } = {};
  let fieldNumber = 0;
  let index = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === VALUES) {
        decodeKeyValueInto(r, r.delimitedEnd(end), out, depth + 1);
        index++;
      } else {
        r.skipField(t, end, VALUES_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 1 ? `values[${index}]` : `field#${fieldNumber}`);
  }
  return out;
}

/**
 * Decodes one KeyValue and stores it in `target` (a later duplicate key wins). `__proto__` is defined as an own
 * property so a hostile key cannot swap the object's prototype.
 */
export function decodeKeyValueInto(r: ProtobufReader, end: number, target: Attributes, depth: number): void {
  let key = "";
  let value: AttrValue = null;
  let fieldNumber = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === KV_KEY) key = r.cachedString(end);
      else if (t === KV_VALUE) value = decodeAnyValue(r, r.delimitedEnd(end), depth);
      else r.skipField(t, end, KV_KNOWN);
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 1 ? "key" : fieldNumber === 2 ? "value" : `field#${fieldNumber}`);
  }
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Resource: fills `resource.attributes` (the object is created before its field arrives, see decode-traces). */
export function decodeResourceInto(r: ProtobufReader, end: number, resource: Resource): void {
  let fieldNumber = 0;
  let index = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === RESOURCE_ATTRIBUTES) {
        decodeKeyValueInto(r, r.delimitedEnd(end), resource.attributes, 0);
        index++;
      } else {
        r.skipField(t, end, RESOURCE_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 1 ? `attributes[${index}]` : `field#${fieldNumber}`);
  }
}

/** InstrumentationScope: name and version. */
export function decodeScopeInto(r: ProtobufReader, end: number, scope: Scope): void {
  let fieldNumber = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === SCOPE_NAME) scope.name = r.string(end);
      else if (t === SCOPE_VERSION) scope.version = r.string(end);
      else r.skipField(t, end, SCOPE_KNOWN);
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 1 ? "name" : fieldNumber === 2 ? "version" : `field#${fieldNumber}`);
  }
}

/** Names used in error paths for one signal's envelope, e.g. resourceSpans / scopeSpans / spans. */
export interface EnvelopeNames {
  resources: string;
  scopes: string;
  items: string;
}

const REQUEST_RESOURCES = tag(1, WIRE_LEN);
const REQUEST_KNOWN = 1 << 1;

/**
 * Decodes an Export*ServiceRequest (`resource_* = 1`, repeated) into items; any failure becomes an
 * OtlpDecodeError whose path says where in the request it happened.
 */
export function decodeProtobufRequest<T>(
  body: Uint8Array,
  names: EnvelopeNames,
  decodeItem: (r: ProtobufReader, end: number, resource: Resource, scope: Scope) => T,
): T[] {
  const out: T[] = [];
  try {
    const r = new ProtobufReader(body);
    const end = body.length;
    let fieldNumber = 0;
    let index = 0;
    try {
      while (r.pos < end) {
        fieldNumber = 0;
        const t = r.uint32(end);
        fieldNumber = t >>> 3;
        if (t === REQUEST_RESOURCES) {
          decodeResourceEnvelope(r, r.delimitedEnd(end), out, names, decodeItem);
          index++;
        } else {
          r.skipField(t, end, REQUEST_KNOWN);
        }
      }
    } catch (err) {
      if (fieldNumber === 0) throw err;
      rethrowAt(err, fieldNumber === 1 ? `${names.resources}[${index}]` : `field#${fieldNumber}`);
    }
  } catch (err) {
    throw asDecodeError(err, "protobuf");
  }
  return out;
}

const ENVELOPE_RESOURCE = tag(1, WIRE_LEN);
const ENVELOPE_SCOPES = tag(2, WIRE_LEN);
const ENVELOPE_KNOWN = (1 << 1) | (1 << 2);

/**
 * Decodes one ResourceSpans / ResourceLogs message: both are `resource = 1, scope_* = 2`, each scope
 * group `scope = 1, items = 2`, so traces and logs share this walk and differ only in the item decoder.
 */
function decodeResourceEnvelope<T>(
  r: ProtobufReader,
  end: number,
  out: T[],
  names: EnvelopeNames,
  decodeItem: (r: ProtobufReader, end: number, resource: Resource, scope: Scope) => T,
): void {
  // Created before the fields are read: protobuf does not order fields, so `resource` may follow the items.
  const resource: Resource = { attributes: {} };
  let fieldNumber = 0;
  let scopeIndex = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === ENVELOPE_SCOPES) {
        decodeScopeGroup(r, r.delimitedEnd(end), resource, out, names, decodeItem);
        scopeIndex++;
      } else if (t === ENVELOPE_RESOURCE) {
        decodeResourceInto(r, r.delimitedEnd(end), resource);
      } else {
        r.skipField(t, end, ENVELOPE_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 2 ? `${names.scopes}[${scopeIndex}]` : fieldNumber === 1 ? "resource" : `field#${fieldNumber}`);
  }
}

function decodeScopeGroup<T>(
  r: ProtobufReader,
  end: number,
  resource: Resource,
  out: T[],
  names: EnvelopeNames,
  decodeItem: (r: ProtobufReader, end: number, resource: Resource, scope: Scope) => T,
): void {
  const scope: Scope = { name: "", version: "" };
  let fieldNumber = 0;
  let itemIndex = 0;
  try {
    while (r.pos < end) {
      fieldNumber = 0;
      const t = r.uint32(end);
      fieldNumber = t >>> 3;
      if (t === ENVELOPE_SCOPES) {
        out.push(decodeItem(r, r.delimitedEnd(end), resource, scope));
        itemIndex++;
      } else if (t === ENVELOPE_RESOURCE) {
        decodeScopeInto(r, r.delimitedEnd(end), scope);
      } else {
        r.skipField(t, end, ENVELOPE_KNOWN);
      }
    }
  } catch (err) {
    if (fieldNumber === 0) throw err;
    rethrowAt(err, fieldNumber === 2 ? `${names.items}[${itemIndex}]` : fieldNumber === 1 ? "scope" : `field#${fieldNumber}`);
  }
}
