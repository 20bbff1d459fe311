import assert from "node:assert/strict";
import { test } from "node:test";
import type { GatewaySpan } from "./gateway-span.ts";
import { createRunBuffer } from "./run-buffer.ts";

const span = (id: string) => ({ spanId: id }) as GatewaySpan;
const keyA = { keyId: "k1", projectId: "p1" };
const keyB = { keyId: "k2", projectId: "p2" };

test("runs are written together per project key; flush writes what is held", async () => {
  const written: [string, string[]][] = [];
  const buffer = createRunBuffer(
    async (key, spans) => void written.push([key.projectId, spans.map((s) => s.spanId)]),
    (error) => assert.fail(String(error)),
  );
  buffer.add(keyA, span("a1"));
  buffer.add(keyB, span("b1"));
  buffer.add(keyA, span("a2"));
  assert.deepEqual(written, [], "nothing before the flush");
  await buffer.flush();
  assert.deepEqual(written, [
    ["p1", ["a1", "a2"]],
    ["p2", ["b1"]],
  ]);
  await buffer.flush();
  assert.equal(written.length, 2, "an empty flush writes nothing");
});

test("a refused batch is tried again, then reported; a later batch still goes", async () => {
  let failures = 2;
  const written: string[] = [];
  const errors: unknown[] = [];
  const buffer = createRunBuffer(
    async (_key, spans) => {
      if (failures-- > 0) throw new Error("store unavailable");
      written.push(...spans.map((s) => s.spanId));
    },
    (error) => errors.push(error),
    [1, 1],
  );
  buffer.add(keyA, span("a1"));
  await buffer.flush();
  assert.deepEqual(written, ["a1"], "written on the third attempt");
  assert.equal(errors.length, 0);

  const dropped = createRunBuffer(
    async () => {
      throw new Error("down for good");
    },
    (error) => errors.push(error),
    [1],
  );
  dropped.add(keyA, span("x"));
  await dropped.flush();
  assert.equal(errors.length, 1, "reported once after the last attempt");
});
