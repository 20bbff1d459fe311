// Helpers for the OTLP codec tests: a tiny protobuf writer for hand-made (often deliberately broken)
// bodies, and an id generator that makes real SDK spans reproducible.

/** Protobuf fields as plain byte arrays, concatenated by `message`. Values are written exactly as given. */
export const pb = {
  varint(value: number | bigint): number[] {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return out;
  },
  tag(fieldNumber: number, wireType: number): number[] {
    return pb.varint((fieldNumber << 3) | wireType);
  },
  /** A varint field (wire type 0). */
  int(fieldNumber: number, value: number | bigint): number[] {
    return [...pb.tag(fieldNumber, 0), ...pb.varint(value)];
  },
  /** A length-delimited field (wire type 2) around already-encoded parts. */
  len(fieldNumber: number, ...parts: ArrayLike<number>[]): number[] {
    const payload = pb.message(...parts);
    return [...pb.tag(fieldNumber, 2), ...pb.varint(payload.length), ...payload];
  },
  str(fieldNumber: number, text: string): number[] {
    return pb.len(fieldNumber, new TextEncoder().encode(text));
  },
  hex(fieldNumber: number, hex: string): number[] {
    return pb.len(fieldNumber, Buffer.from(hex, "hex"));
  },
  fixed64(fieldNumber: number, value: bigint): number[] {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(value);
    return [...pb.tag(fieldNumber, 1), ...b];
  },
  fixed32(fieldNumber: number, value: number): number[] {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    return [...pb.tag(fieldNumber, 5), ...b];
  },
  double(fieldNumber: number, value: number): number[] {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return [...pb.tag(fieldNumber, 1), ...b];
  },
  message(...parts: ArrayLike<number>[]): number[] {
    const out: number[] = [];
    for (const part of parts) for (let i = 0; i < part.length; i++) out.push(part[i]!);
    return out;
  },
  bytes(...parts: ArrayLike<number>[]): Uint8Array {
    return Uint8Array.from(pb.message(...parts));
  },
};

/** An SDK IdGenerator handing out counters, so span ids in expectations can be written literally. */
export class CountingIdGenerator {
  private traces = 0;
  private spans = 0;
  generateTraceId(): string {
    this.traces++;
    return `4bf92f3577b34da6a3ce929d0e0e${this.traces.toString(16).padStart(4, "0")}`;
  }
  generateSpanId(): string {
    this.spans++;
    return `00f067aa0ba9${this.spans.toString(16).padStart(4, "0")}`;
  }
}
