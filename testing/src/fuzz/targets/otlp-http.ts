// The same hostile bodies through the real OTLP/HTTP listener (ingest harness: real store, real key),
// with hostile headers besides: the answer is never a 5xx, nor a 503 while the store is up, every 4xx
// says what is wrong (a google.rpc.Status message, JSON or protobuf), and the server keeps answering.
import assert from "node:assert/strict";
import fc from "fast-check";
import { startIngestHarness, type IngestHarness } from "../../ingest-harness.ts";
import type { FuzzTarget } from "../driver.ts";
import { nastyString } from "../hostile.ts";
import { otlpCorpus, otlpBodyInput, wireBody, type OtlpBodyInput } from "./otlp-decode.ts";

export interface OtlpHttpInput {
  body: OtlpBodyInput;
  path: string;
  /** undefined: the type matching the body's encoding. */
  contentType: string | undefined;
  /** undefined: the encoding the body was compressed with. */
  contentEncoding: string | undefined;
  auth: "valid" | "missing" | "hostile";
  hostileAuth: string;
}

const input: fc.Arbitrary<OtlpHttpInput> = fc.record({
  body: otlpBodyInput,
  path: fc.oneof(
    { weight: 12, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("/v1/metrics", "/v1/traces?x=1", "/v1//traces", "/v1/traces/../logs", "/%00") },
  ),
  contentType: fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "application/json; charset=utf-16",
        "APPLICATION/X-PROTOBUF",
        "text/plain",
        "application/json;;",
        "multipart/form-data; boundary=x",
      ),
    },
  ),
  contentEncoding: fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom("br", "gzip, gzip", "GZIP", "x-gzip", "deflate", "identity", "compress", "gzip;q=1") },
  ),
  auth: fc.constantFrom<"valid" | "missing" | "hostile">("valid", "valid", "valid", "valid", "valid", "valid", "missing", "hostile"),
  hostileAuth: fc.oneof(
    nastyString.map((s) => `Bearer ${s}`),
    fc.constantFrom("Bearer", "bearer pm_ingest_x", "Basic Zm9vOmJhcg==", "Bearer pm_ingest_" + "a".repeat(5000)),
  ),
});

/** The human-readable message of an OTLP error body (google.rpc.Status: code = 1, message = 2). */
function statusMessage(contentType: string, body: Buffer): string {
  if (contentType.startsWith("application/json")) return String((JSON.parse(body.toString("utf8")) as { message?: unknown }).message ?? "");
  let i = 0;
  while (i < body.length) {
    const tag = body[i++]!;
    if (tag === 0x08) {
      while (body[i++]! & 0x80);
    } else if (tag === 0x12) {
      let len = 0;
      let shift = 0;
      for (;;) {
        const b = body[i++]!;
        len |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      return body.subarray(i, i + len).toString("utf8");
    } else return "";
  }
  return "";
}

async function checkRequest(harness: IngestHarness, x: OtlpHttpInput): Promise<void> {
  const signalPath = x.path || `/v1/${x.body.signal}`;
  const headers: Record<string, string> = {
    "content-type": x.contentType ?? (x.body.encoding === "json" ? "application/json" : "application/x-protobuf"),
  };
  const encoding = x.contentEncoding ?? (x.body.compression === "identity" ? undefined : x.body.compression);
  if (encoding !== undefined) headers["content-encoding"] = encoding;
  if (x.auth === "valid") headers.authorization = `Bearer ${harness.ingestKey}`;
  else if (x.auth === "hostile") headers.authorization = x.hostileAuth.replace(/[^\t\x20-\x7e]/g, "?");
  const res = await fetch(harness.url + signalPath, { method: "POST", headers, body: Buffer.from(wireBody(x.body)) });
  const body = Buffer.from(await res.arrayBuffer());
  const what = `${res.status} for ${signalPath} ${JSON.stringify(headers["content-type"])} ${encoding ?? "identity"}`;
  assert.ok(res.status < 500 || res.status === 503, `${what}: ${body.toString("utf8").slice(0, 300)}`);
  // 503 means "the store is down, retry"; with the store up it is a request that can never succeed (and
  // fails every other request written in the same batch).
  if (res.status === 503) {
    const storeUp = await harness.store.ping().then(
      () => true,
      () => false,
    );
    assert.ok(!storeUp, `${what} while the store is up: ${body.toString("utf8").slice(0, 300)}`);
  }
  if (res.status >= 400) assert.ok(statusMessage(res.headers.get("content-type") ?? "", body).length > 0, `${what} without a message`);
}

export const otlpHttpTarget: FuzzTarget<IngestHarness, OtlpHttpInput> = {
  name: "otlp-http",
  defaultRuns: 25_000,
  testRuns: 150,
  usesStore: true,
  timeoutMs: 30000,
  open: () => startIngestHarness(),
  close: async (harness) => {
    // Still answering after everything it was sent.
    const health = await fetch(`${harness.url}/healthz`);
    assert.equal(health.status, 200, "the ingest answers /healthz after the fuzzing");
    await harness.close();
  },
  arbitrary: () => input,
  check: checkRequest,
  corpus: () => [
    // Found by this target: an end or event time past 2262 (DateTime64(9)'s end) failed the whole write batch with a 503.
    { body: farFutureSpan("end"), path: "", contentType: undefined, contentEncoding: undefined, auth: "valid", hostileAuth: "" },
    { body: farFutureSpan("event"), path: "", contentType: undefined, contentEncoding: undefined, auth: "valid", hostileAuth: "" },
    ...otlpCorpus().map((body) => ({
      body,
      path: "",
      contentType: undefined,
      contentEncoding: undefined,
      auth: "valid" as const,
      hostileAuth: "",
    })),
  ],
};

function farFutureSpan(which: "end" | "event"): OtlpBodyInput {
  const start = BigInt(Date.now()) * 1_000_000n;
  const far = 2n ** 64n - 1n;
  const span = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e0001",
    spanId: which === "end" ? "00f067aa0ba90001" : "00f067aa0ba90002",
    parentSpanId: "",
    name: "chat gpt-4o",
    kind: 3,
    start,
    end: which === "end" ? far : start + 1_000_000n,
    attributes: [],
    events: which === "event" ? [{ time: far, name: "gen_ai.content.prompt", attributes: [] }] : [],
    status: { code: 0, message: "" },
  };
  const request = {
    signal: "traces" as const,
    model: { resources: [{ attributes: [], scopes: [{ name: "", version: "", items: [span] }] }] },
  };
  return { signal: "traces", encoding: "protobuf", compression: "identity", streamMutations: [], source: { kind: "valid", request } };
}
