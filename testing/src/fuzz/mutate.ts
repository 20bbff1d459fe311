// Structure-aware mutations of valid inputs: a JSON document with some of its nodes replaced, removed or
// wrapped, and a byte string with bytes flipped, cut, repeated or inserted. Each mutation is data that
// fast-check generates and shrinks; applying it is deterministic.
import fc from "fast-check";
import { hostileJson } from "./hostile.ts";

export type JsonMutation =
  | { op: "replace"; at: number; value: unknown }
  | { op: "delete"; at: number }
  | { op: "wrap"; at: number }
  | { op: "nest"; at: number; depth: number };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: hostileJson }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("wrap" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("nest" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      depth: fc.integer({ min: 1, max: 400 }),
    }),
  },
);

type Container = Record<string, unknown> | unknown[];

/** Applies the mutations to a deep copy of `doc`; `at` picks a node (a fraction of the nodes in document order). */
export function mutateJson(doc: unknown, mutations: readonly JsonMutation[]): unknown {
  const root: { value: unknown } = { value: structuredClone(doc) };
  for (const mutation of mutations) {
    const slots: [Container, string | number][] = [];
    const collect = (parent: Container, key: string | number) => {
      slots.push([parent, key]);
      const v = (parent as Record<string | number, unknown>)[key];
      if (Array.isArray(v)) v.forEach((_, i) => collect(v, i));
      else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) collect(v as Record<string, unknown>, k);
    };
    collect(root as unknown as Container, "value");
    const [parent, key] = slots[Math.min(slots.length - 1, Math.floor(mutation.at * slots.length))]!;
    const target = parent as Record<string | number, unknown>;
    if (mutation.op === "replace") target[key] = mutation.value;
    else if (mutation.op === "wrap") target[key] = [target[key]];
    else if (mutation.op === "nest") {
      // A deep AnyValue or plain array (the decoders bound nesting); deeper text nesting is in the corpus.
      let v: unknown = target[key];
      for (let i = 0; i < mutation.depth; i++) v = i % 2 === 0 ? { arrayValue: { values: [v] } } : [v];
      target[key] = v;
    } else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else if (parent !== (root as unknown)) delete target[key];
  }
  return root.value;
}

export type ByteMutation =
  | { op: "set"; at: number; byte: number }
  | { op: "truncate"; at: number }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "repeat"; at: number; length: number; times: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("set" as const),
      at: position,
      byte: fc.oneof(fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x22), fc.integer({ min: 0, max: 255 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: position }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("insert" as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 11 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("repeat" as const),
      at: position,
      length: fc.integer({ min: 1, max: 64 }),
      times: fc.integer({ min: 1, max: 50 }),
    }),
  },
);

export function mutateBytes(input: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let bytes = Buffer.from(input);
  for (const m of mutations) {
    const at = Math.min(bytes.length, Math.floor(m.at * (bytes.length + 1)));
    if (m.op === "set") {
      if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = m.byte;
    } else if (m.op === "truncate") bytes = bytes.subarray(0, at);
    else if (m.op === "insert") bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    else {
      const slice = bytes.subarray(at, at + m.length);
      bytes = Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: m.times }, () => slice), bytes.subarray(at)]);
    }
  }
  return new Uint8Array(bytes);
}
