// A minimal protobuf field walker, enough for the benchmark to find fields in OTLP bytes without a schema.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

/**
 * Called per field of a message. For varints `a` is the value; for length-delimited and fixed-size fields
 * [a, b) are the payload's bounds.
 */
export type FieldVisitor = (field: number, wire: number, a: number, b: number) => void;

export function forEachField(body: Uint8Array, from: number, to: number, visit: FieldVisitor): void {
  let pos = from;
  while (pos < to) {
    const [tag, afterTag] = readVarint(body, pos);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    switch (wire) {
      case WIRE_VARINT: {
        const [value, after] = readVarint(body, afterTag);
        visit(field, wire, value, after);
        pos = after;
        break;
      }
      case WIRE_FIXED64:
        visit(field, wire, afterTag, afterTag + 8);
        pos = afterTag + 8;
        break;
      case WIRE_LENGTH: {
        const [length, start] = readVarint(body, afterTag);
        visit(field, wire, start, start + length);
        pos = start + length;
        break;
      }
      case WIRE_FIXED32:
        visit(field, wire, afterTag, afterTag + 4);
        pos = afterTag + 4;
        break;
      default:
        throw new Error(`Unexpected protobuf wire type ${wire} at byte ${pos}`);
    }
  }
  if (pos !== to) throw new Error(`A protobuf message overran its bounds (${pos} > ${to})`);
}

/** A varint as a JS number (exact up to 2^53, plenty for lengths, tags and counts). */
function readVarint(body: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = body[pos++];
    if (byte === undefined) throw new Error("Truncated protobuf varint");
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
}
