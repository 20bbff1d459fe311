// Wire-format primitives for the hand-written OTLP protobuf decoders: varints, fixed-width numbers,
// length-delimited payloads and skipping by wire type. Every read is bounded by the end of the enclosing message.
import { Buffer } from "node:buffer";
import { OtlpDecodeError } from "./errors.ts";

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_SGROUP = 3;
export const WIRE_EGROUP = 4;
export const WIRE_I32 = 5;

const WIRE_NAMES = ["VARINT", "I64", "LEN", "SGROUP", "EGROUP", "I32", "6", "7"];

/** Proto2 groups never appear in OTLP, but a forward-compatible skipper must still walk them; this bounds it. */
const MAX_GROUP_DEPTH = 32;

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// Attribute keys, and many short values (model names, roles, finish reasons), repeat across spans and requests.
// Handing back the same string object for the same bytes saves the UTF-8 decode and lets V8 skip
// re-internalising a key on every property store. A direct-mapped table: unique or hostile strings can only
// evict each other, never grow it.
const STRING_CACHE_SLOTS = 2048;
const STRING_CACHE_MAX_BYTES = 64;
const stringCachePool = new Uint8Array(STRING_CACHE_SLOTS * STRING_CACHE_MAX_BYTES);
const stringCacheLengths = new Int32Array(STRING_CACHE_SLOTS).fill(-1);
const stringCacheStrings: string[] = new Array(STRING_CACHE_SLOTS).fill("");

function fail(reason: string): never {
  throw new OtlpDecodeError("protobuf", reason);
}

/** Builds the tag byte(s) value for a field number and wire type, for readable `switch` cases. */
export function tag(fieldNumber: number, wireType: number): number {
  return ((fieldNumber << 3) | wireType) >>> 0;
}

/**
 * A cursor over one request body. Decoders pass the end offset of the message they are in, so a length
 * prefix can never reach past its parent, let alone past the buffer.
 */
export class ProtobufReader {
  readonly bytes: Uint8Array;
  pos = 0;
  private readonly text: Buffer;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    // Buffer#toString beats TextDecoder on the short strings that dominate OTLP.
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * A varint of which only the low 32 bits matter (tags, lengths, enums, bool, uint32), as an unsigned number.
   * Up to 10 bytes are accepted because negative int32 enums are sign-extended to 64 bits on the wire.
   */
  uint32(end: number): number {
    const b = this.bytes;
    let pos = this.pos;
    // Reading past the array yields undefined, whose `& 0x80` is 0: the loop stops and the bound check below fails.
    let byte = b[pos++]!;
    let value = byte & 0x7f;
    if (byte & 0x80) {
      byte = b[pos++]!;
      value |= (byte & 0x7f) << 7;
      if (byte & 0x80) {
        byte = b[pos++]!;
        value |= (byte & 0x7f) << 14;
        if (byte & 0x80) {
          byte = b[pos++]!;
          value |= (byte & 0x7f) << 21;
          if (byte & 0x80) {
            byte = b[pos++]!;
            value |= (byte & 0x0f) << 28;
            let count = 5;
            while (byte & 0x80) {
              if (count === 10) fail(`malformed varint at byte ${this.pos}: longer than 10 bytes`);
              byte = b[pos++]!;
              count++;
            }
          }
        }
      }
    }
    if (pos > end) fail(`truncated varint at byte ${this.pos}`);
    this.pos = pos;
    return value >>> 0;
  }

  /** A signed int32 varint (enums). */
  int32(end: number): number {
    return this.uint32(end) | 0;
  }

  bool(end: number): boolean {
    const start = this.pos;
    const b = this.bytes;
    // A bool is a varint: any non-zero bit anywhere means true.
    let any = 0;
    let byte: number;
    let pos = start;
    do {
      if (pos - start === 10) fail(`malformed varint at byte ${start}: longer than 10 bytes`);
      byte = b[pos++]!;
      any |= byte & 0x7f;
    } while (byte & 0x80);
    if (pos > end) fail(`truncated varint at byte ${start}`);
    this.pos = pos;
    return any !== 0;
  }

  /** An int64 varint: a number when it is a safe integer, otherwise its exact decimal string. */
  int64(end: number): number | string {
    const b = this.bytes;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let hi = 0;
    let byte = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      byte = b[pos++]!;
      lo |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    if (byte & 0x80) {
      // Fifth byte: 4 bits end the low word, 3 start the high word.
      byte = b[pos++]!;
      lo |= (byte & 0x0f) << 28;
      hi = (byte & 0x7f) >>> 4;
      for (shift = 3; byte & 0x80; shift += 7) {
        if (shift > 31) fail(`malformed varint at byte ${start}: longer than 10 bytes`);
        byte = b[pos++]!;
        hi |= (byte & 0x7f) << shift;
      }
    }
    if (pos > end) fail(`truncated varint at byte ${start}`);
    this.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    if (hi < 0x200000) return hi * 0x100000000 + lo;
    if (hi & 0x80000000) {
      // Negative: take the two's complement magnitude.
      const nlo = (~lo + 1) >>> 0;
      const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      if (nhi < 0x200000) return -(nhi * 0x100000000 + nlo);
    }
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** A fixed64 (timestamps in nanoseconds). */
  fixed64(end: number): bigint {
    const pos = this.pos;
    if (pos + 8 > end) fail(`truncated fixed64 at byte ${pos}`);
    this.pos = pos + 8;
    return this.view.getBigUint64(pos, true);
  }

  double(end: number): number {
    const pos = this.pos;
    if (pos + 8 > end) fail(`truncated double at byte ${pos}`);
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** Reads a length prefix and returns where the payload ends; `pos` is left at its first byte. */
  delimitedEnd(end: number): number {
    const at = this.pos;
    const length = this.uint32(end);
    const payloadEnd = this.pos + length;
    if (payloadEnd > end) {
      fail(`length ${length} at byte ${at} runs past the end of its message (${end - this.pos} bytes left)`);
    }
    return payloadEnd;
  }

  /** A length-delimited UTF-8 string; invalid sequences become U+FFFD rather than failing the batch. */
  string(end: number): string {
    const payloadEnd = this.delimitedEnd(end);
    const start = this.pos;
    this.pos = payloadEnd;
    // An undefined encoding means UTF-8 and skips Buffer's encoding lookup, a measurable cost per string.
    return start === payloadEnd ? "" : this.text.toString(undefined, start, payloadEnd);
  }

  /**
   * A string likely to repeat (attribute keys, short values such as model names): served from the cache when
   * the same bytes were seen before, which also hands V8 an already internalised property key.
   */
  cachedString(end: number): string {
    const payloadEnd = this.delimitedEnd(end);
    const start = this.pos;
    const length = payloadEnd - start;
    this.pos = payloadEnd;
    if (length === 0) return "";
    if (length > STRING_CACHE_MAX_BYTES) return this.text.toString(undefined, start, payloadEnd);
    const b = this.bytes;
    let hash = length;
    for (let i = start; i < payloadEnd; i++) hash = Math.imul(hash ^ b[i]!, 16777619);
    const slot = (hash >>> 0) & (STRING_CACHE_SLOTS - 1);
    const base = slot * STRING_CACHE_MAX_BYTES;
    if (stringCacheLengths[slot] === length) {
      let i = 0;
      while (i < length && stringCachePool[base + i] === b[start + i]) i++;
      if (i === length) return stringCacheStrings[slot]!;
    }
    const text = this.text.toString(undefined, start, payloadEnd);
    stringCachePool.set(b.subarray(start, payloadEnd), base);
    stringCacheLengths[slot] = length;
    stringCacheStrings[slot] = text;
    return text;
  }

  /** Length-delimited bytes as standard padded base64 (AnyValue.bytes_value). */
  base64(end: number): string {
    const payloadEnd = this.delimitedEnd(end);
    const start = this.pos;
    this.pos = payloadEnd;
    return this.text.toString("base64", start, payloadEnd);
  }

  /** A length-delimited id of exactly `size` bytes as lowercase hex; an empty field reads as "". */
  hexId(end: number, size: number): string {
    const payloadEnd = this.delimitedEnd(end);
    const start = this.pos;
    const length = payloadEnd - start;
    if (length === 0) return "";
    if (length !== size) fail(`expected ${size} bytes, got ${length}`);
    this.pos = payloadEnd;
    const b = this.bytes;
    let hex = "";
    for (let i = start; i < payloadEnd; i++) hex += HEX_BYTE[b[i]!];
    return hex;
  }

  /**
   * Skips a field this decoder does not read. `known` has bit N set for each field number N the message
   * decodes itself: meeting one here means it came with the wrong wire type, which is malformed, not new.
   */
  skipField(tagValue: number, end: number, known: number): void {
    const fieldNumber = tagValue >>> 3;
    const wireType = tagValue & 7;
    if (fieldNumber === 0) fail(`invalid field number 0 at byte ${this.pos}`);
    if (fieldNumber < 32 && (known >>> fieldNumber) & 1) {
      fail(`unexpected wire type ${WIRE_NAMES[wireType]} at byte ${this.pos}`);
    }
    this.skip(wireType, fieldNumber, end);
  }

  private skip(wireType: number, fieldNumber: number, end: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.bool(end);
        return;
      case WIRE_I64:
        this.advance(8, end);
        return;
      case WIRE_LEN:
        this.pos = this.delimitedEnd(end);
        return;
      case WIRE_I32:
        this.advance(4, end);
        return;
      case WIRE_SGROUP:
        this.skipGroup(fieldNumber, end);
        return;
      case WIRE_EGROUP:
        return fail(`unmatched end-group for field ${fieldNumber} at byte ${this.pos}`);
      default:
        fail(`invalid wire type ${wireType} for field ${fieldNumber} at byte ${this.pos}`);
    }
  }

  /** Walks a group iteratively (no recursion on attacker-controlled nesting) up to its matching end tag. */
  private skipGroup(fieldNumber: number, end: number): void {
    const open: number[] = [fieldNumber];
    while (open.length > 0) {
      if (this.pos >= end) fail(`unterminated group for field ${open[open.length - 1]}`);
      const t = this.uint32(end);
      const n = t >>> 3;
      const w = t & 7;
      if (n === 0) fail(`invalid field number 0 at byte ${this.pos}`);
      if (w === WIRE_SGROUP) {
        if (open.length >= MAX_GROUP_DEPTH) fail(`groups nested deeper than ${MAX_GROUP_DEPTH} levels`);
        open.push(n);
      } else if (w === WIRE_EGROUP) {
        if (open.pop() !== n) fail(`mismatched end-group for field ${n} at byte ${this.pos}`);
      } else {
        this.skip(w, n, end);
      }
    }
  }

  private advance(count: number, end: number): void {
    if (this.pos + count > end) fail(`truncated field at byte ${this.pos}: needs ${count} bytes, ${end - this.pos} left`);
    this.pos += count;
  }
}
