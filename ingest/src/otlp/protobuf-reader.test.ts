// The wire primitives on their own: varint edge cases, fixed-width values, and the repeated-string cache.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pb } from "@promptmetrics/testing/otlp-helpers";
import { OtlpDecodeError } from "./errors.ts";
import { ProtobufReader, tag, WIRE_LEN, WIRE_VARINT } from "./protobuf-reader.ts";

const reader = (...parts: ArrayLike<number>[]) => new ProtobufReader(pb.bytes(...parts));

describe("ProtobufReader", () => {
  it("reads int64 varints as numbers while safe and as exact decimal strings beyond", () => {
    const cases: Array<[bigint, number | string]> = [
      [0n, 0],
      [127n, 127],
      [128n, 128],
      [2n ** 32n, 4294967296],
      [2n ** 53n - 1n, 9007199254740991],
      [2n ** 53n, "9007199254740992"],
      [-1n, -1],
      [-(2n ** 31n), -2147483648],
      [-(2n ** 53n) + 1n, -9007199254740991],
      [-(2n ** 53n), "-9007199254740992"],
      [2n ** 63n - 1n, "9223372036854775807"],
      [-(2n ** 63n), "-9223372036854775808"],
    ];
    for (const [value, expected] of cases) {
      const r = reader(pb.varint(value));
      assert.equal(r.int64(r.bytes.length), expected, String(value));
      assert.equal(r.pos, r.bytes.length);
    }
  });

  it("keeps the low 32 bits in uint32 and int32, and treats any set bit as a true bool", () => {
    let r = reader(pb.varint(2n ** 32n + 5n));
    assert.equal(r.uint32(r.bytes.length), 5);
    r = reader(pb.varint(-2n));
    assert.equal(r.int32(r.bytes.length), -2);
    r = reader(pb.varint(2n ** 40n));
    assert.equal(r.bool(r.bytes.length), true);
    r = reader([0x80, 0x00]); // a non-minimal zero
    assert.equal(r.bool(r.bytes.length), false);
  });

  it("reads fixed64 as an unsigned bigint and doubles little-endian", () => {
    let r = reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert.equal(r.fixed64(8), 2n ** 64n - 1n);
    r = reader(pb.double(1, 6.02e23).slice(1));
    assert.equal(r.double(8), 6.02e23);
    assert.throws(() => reader([1, 2, 3]).fixed64(3), OtlpDecodeError);
  });

  it("never reads past the end it is given, even when the buffer goes on", () => {
    const r = reader([0x96, 0x01, 0x05]);
    assert.throws(() => r.uint32(1), { message: "truncated varint at byte 0" });
    const s = reader([0x03, 0x61, 0x62, 0x63]);
    assert.throws(() => s.string(3), { message: "length 3 at byte 0 runs past the end of its message (2 bytes left)" });
  });

  it("decodes strings, replacing invalid UTF-8 rather than failing", () => {
    const r = reader(pb.len(1, [0xc3, 0xa9, 0xff]).slice(1), pb.len(1, [0xc3, 0xa9, 0xff]).slice(1));
    assert.equal(r.string(r.bytes.length), "é\uFFFD");
    assert.equal(r.cachedString(r.bytes.length), "é\uFFFD");
  });

  it("returns the right string from the repeated-string cache through collisions and evictions", () => {
    const keys: string[] = [];
    for (let i = 0; i < 5000; i++) keys.push(`gen_ai.prompt.${i}.content`, `k${i}`, `gen_ai.prompt.${i}.conteny`);
    keys.push("x".repeat(64), "y".repeat(65), "");
    const body = pb.bytes(...keys.map((k) => pb.str(1, k).slice(1)));
    for (let round = 0; round < 2; round++) {
      const r = new ProtobufReader(body);
      for (const key of keys) assert.equal(r.cachedString(body.length), key);
    }
  });

  it("skips unknown fields but refuses a known field number with another wire type", () => {
    const r = reader(pb.str(7, "x"));
    const t = r.uint32(r.bytes.length);
    assert.equal(t, tag(7, WIRE_LEN));
    r.skipField(t, r.bytes.length, 1 << 1);
    assert.equal(r.pos, r.bytes.length);
    const known = reader(pb.str(1, "x"));
    assert.throws(() => known.skipField(known.uint32(3), 3, 1 << 1), { message: "unexpected wire type LEN at byte 1" });
    assert.equal(tag(1, WIRE_VARINT), 8);
  });
});
