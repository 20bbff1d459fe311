// Maps every span the real peer instrumentations emitted (test/fixtures/peers, captured by
// ingest/test/capture-peer-spans.ts) and checks models and token counts against what the mock
// provider answered. What a library does not report at all is listed in HOLES and must map to empty.
// The input hash is held to the hash of the request the SDK really sent, less what the library leaves
// out (HASH_HOLES): where a library carries the whole request, the ingest hashes it exactly as our
// instrumentation would.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { QUALITY_FLAGS, requestEvidence, requestShapeFromBody } from "@promptmetrics/pricing/evidence";
import type { AttrValue, DecodedSpan, SpanKindCode, StatusCodeValue } from "../otlp/types.ts";
import { mapSpan } from "./map-span.ts";
import type { CanonicalUsage } from "./types.ts";

interface PeerSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  scope: { name: string; version: string };
  status: { code: string; message?: string };
  attributes: Record<string, AttrValue>;
  events?: { name: string; attributes?: Record<string, AttrValue> }[];
}

interface PeerFile {
  header: { library: string; scenario: string };
  request: { body: Record<string, unknown> };
  expected: {
    requestModel: string;
    responseModel?: string;
    failure?: string;
    scriptedUsage?: { cacheWrite1hTokens: number };
    canonical?: Omit<CanonicalUsage, "cacheWrite1hTokens">;
  };
  spans: PeerSpan[];
}

type Checked = keyof CanonicalUsage | "responseModel";
const ALL_USAGE: readonly Checked[] = [
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "cacheWrite1hTokens",
  "reasoningTokens",
];

/** Per instrumentation scope and scenario ("*" for all): fields the library never reports. */
const HOLES: Record<string, Record<string, readonly Checked[]>> = {
  // 0.27.0 reads only prompt/completion/total from usage, and nothing at all from streams.
  "@traceloop/instrumentation-openai": {
    "*": ["cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens"],
    "chat-stream": ALL_USAGE,
    "responses-stream": [...ALL_USAGE, "responseModel"],
  },
  // 0.27.0 has no TTL split of cache writes.
  "@traceloop/instrumentation-anthropic": { "*": ["cacheWrite1hTokens"] },
  // 4.2.7 records no usage for streamed chats or embeddings; a streamed chat keeps the request model.
  "@arizeai/openinference-instrumentation-openai": {
    "*": ["cacheWrite1hTokens"],
    "chat-stream": [...ALL_USAGE, "responseModel"],
    embeddings: ALL_USAGE,
  },
  "com.anthropic.sdk.typescript": {},
};

/**
 * Per library (the file's), span scope and scenario ("*" for all): the request body's fields the span does
 * not carry, so the ingest cannot hash them; "no content" when the span carries no content at all.
 */
const HASH_HOLES: Record<string, Record<string, Record<string, readonly string[] | "no content">>> = {
  // Records neither max_completion_tokens nor reasoning_effort, and drops the Responses API's instructions.
  "@traceloop/instrumentation-openai": {
    "@traceloop/instrumentation-openai": {
      chat: ["max_completion_tokens", "reasoning_effort"],
      responses: ["instructions"],
      "responses-stream": ["instructions"],
    },
  },
  "@traceloop/instrumentation-anthropic": {
    "@traceloop/instrumentation-anthropic": {},
    // The SDK's own span beside Traceloop's was captured without content.
    "com.anthropic.sdk.typescript": { "*": "no content" },
  },
  // input.value holds the whole request body.
  "@arizeai/openinference-instrumentation-openai": { "@arizeai/openinference-instrumentation-openai": { embeddings: "no content" } },
  // The SDK's own telemetry records max_tokens but not temperature.
  "@anthropic-ai/sdk": { "com.anthropic.sdk.typescript": { "*": ["temperature"] } },
};

function expectedInputHash(file: PeerFile, scope: string): string {
  const byScenario = HASH_HOLES[file.header.library]?.[scope];
  assert.ok(byScenario !== undefined, `no HASH_HOLES entry for ${file.header.library} / ${scope}: add one after checking what it carries`);
  const holes = byScenario[file.header.scenario] ?? byScenario["*"] ?? [];
  if (holes === "no content") return "";
  const body = Object.fromEntries(Object.entries(file.request.body).filter(([key]) => !holes.includes(key)));
  return requestEvidence(requestShapeFromBody(body)).inputHash;
}

const KINDS: Record<string, SpanKindCode> = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };
const STATUSES: Record<string, StatusCodeValue> = { UNSET: 0, OK: 1, ERROR: 2 };

function toSpan(peer: PeerSpan): DecodedSpan {
  return {
    traceId: peer.traceId,
    spanId: peer.spanId,
    parentSpanId: peer.parentSpanId ?? "",
    name: peer.name,
    kind: KINDS[peer.kind] ?? 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: peer.attributes,
    events: (peer.events ?? []).map((event) => ({ timeUnixNano: 0n, name: event.name, attributes: event.attributes ?? {} })),
    status: { code: STATUSES[peer.status.code] ?? 0, message: peer.status.message ?? "" },
    resource: { attributes: {} },
    scope: { name: peer.scope.name, version: peer.scope.version },
  };
}

function holesFor(scope: string, scenario: string): readonly Checked[] {
  const byScenario = HOLES[scope];
  assert.ok(byScenario !== undefined, `no HOLES entry for scope ${scope}: add one after checking what it reports`);
  return [...(byScenario["*"] ?? []), ...(byScenario[scenario] ?? [])];
}

const dir = new URL("../../test/fixtures/peers/", import.meta.url);
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort()
  : [];

describe("spans captured from the real peer instrumentations", () => {
  for (const fileName of files) {
    const file = JSON.parse(readFileSync(new URL(fileName, dir), "utf8")) as PeerFile;
    for (const peer of file.spans) {
      it(`${fileName}: ${peer.scope.name} span "${peer.name}"`, () => {
        const call = mapSpan(toSpan(peer));
        assert.ok(call !== null, "an LLM call span must map to a call");
        assert.equal(call.requestModel, file.expected.requestModel);
        assert.equal(call.inputHash, expectedInputHash(file, peer.scope.name), "input hash");
        if (file.expected.failure !== undefined) {
          assert.equal(call.qualityFlags, QUALITY_FLAGS.error);
          assert.equal(call.finishReason, "error");
          assert.deepEqual(call.usage, {
            inputTokens: 0,
            outputTokens: 0,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            cacheWrite1hTokens: 0,
            cacheWrite12hTokens: 0,
            reasoningTokens: 0,
          });
          return;
        }
        // Every captured answer is a plain, whole answer: no quality flag.
        assert.equal(call.qualityFlags, 0, "quality flags");
        const canonical = file.expected.canonical;
        assert.ok(canonical !== undefined && file.expected.scriptedUsage !== undefined);
        // With cache figures the prefix's size is exact: the cache read + write.
        if (
          canonical.cacheReadTokens + canonical.cacheWriteTokens > 0 &&
          !holesFor(peer.scope.name, file.header.scenario).includes("cacheReadTokens")
        )
          assert.equal(call.prefixTokens, canonical.cacheReadTokens + canonical.cacheWriteTokens, "prefix tokens");
        const holes = holesFor(peer.scope.name, file.header.scenario);
        const want: Record<Checked, number | string> = {
          ...canonical,
          cacheWrite1hTokens: file.expected.scriptedUsage.cacheWrite1hTokens,
          responseModel: file.expected.responseModel ?? "",
        };
        const got: Record<Checked, number | string> = { ...call.usage, responseModel: call.responseModel };
        for (const field of Object.keys(want) as Checked[]) {
          if (holes.includes(field)) {
            if (field !== "responseModel") assert.equal(got[field], 0, `${field} is not reported by this library`);
          } else {
            assert.equal(got[field], want[field], field);
          }
        }
      });
    }
  }
});
