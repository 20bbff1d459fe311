import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeCursor, encodeCursor } from "./cursor.ts";

const keyset = { key: "2026-11-25 10:00:00.123456789", traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" };

test("a cursor round-trips and is URL-safe", () => {
  const cursor = encodeCursor("startTime", "desc", keyset);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(cursor, "startTime", "desc"), keyset);
});

test("every sort's key form is accepted", () => {
  for (const [sort, key] of [
    ["cost", "-1.000000000000"],
    ["cost", "0.012500000000"],
    ["latency", "1500000000"],
    ["tokens", "42"],
  ] as const) {
    assert.equal(decodeCursor(encodeCursor(sort, "asc", { ...keyset, key }), sort, "asc").key, key);
  }
});

test("a cursor of another sort or order is a 400 naming cursor", () => {
  const cursor = encodeCursor("cost", "desc", { ...keyset, key: "0.5" });
  for (const [sort, order] of [
    ["startTime", "desc"],
    ["cost", "asc"],
  ] as const) {
    assert.throws(
      () => decodeCursor(cursor, sort, order),
      (error: any) => error.status === 400 && error.field === "cursor" && /another sort/.test(error.message),
    );
  }
});

test("junk is a 400 naming cursor, never a query", () => {
  const forged = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
  for (const bad of [
    "",
    "not a cursor!",
    Buffer.from("{").toString("base64url"),
    forged(null),
    forged({ s: "startTime:desc", k: "' OR 1=1 --", t: keyset.traceId, i: keyset.spanId }),
    forged({ s: "startTime:desc", k: keyset.key, t: "x' --", i: keyset.spanId }),
    forged({ s: "startTime:desc", k: keyset.key, t: keyset.traceId }),
  ]) {
    assert.throws(
      () => decodeCursor(bad, "startTime", "desc"),
      (error: any) => error.status === 400 && error.field === "cursor",
      bad,
    );
  }
  const fractionalLatency = forged({ s: "latency:desc", k: "1.5", t: keyset.traceId, i: keyset.spanId });
  assert.throws(
    () => decodeCursor(fractionalLatency, "latency", "desc"),
    (error: any) => error.field === "cursor",
  );
});
