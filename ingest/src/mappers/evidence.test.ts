import assert from "node:assert/strict";
import { test } from "node:test";
import type { DecodedSpan } from "../otlp/types.ts";
import { readEvidence, type CallFacts } from "./evidence.ts";

function span(attributes: DecodedSpan["attributes"], failed = false): DecodedSpan {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    parentSpanId: "",
    name: "chat m",
    kind: 3,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes,
    events: [],
    status: { code: failed ? 2 : 0, message: "" },
    resource: { attributes: {} },
    scope: { name: "x", version: "" },
  };
}

const USAGE = {
  inputTokens: 30,
  outputTokens: 5,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  cacheWrite12hTokens: 0,
  reasoningTokens: 0,
};
const FACTS: CallFacts = { operation: "chat", finishReason: "stop", usage: USAGE, usageEstimated: false };
const OURS = {
  "promptmetrics.request.input_hash": "a0f2d95cd5d80eb9a256accbaa3c3ea1",
  "promptmetrics.request.prefix_hash": "dd14b6f0c89d1467247d9775683797e1",
  "promptmetrics.request.prefix_tokens": 3,
  "promptmetrics.quality.flags": 2,
};
const unread = () => {
  throw new Error("the content must not be read");
};

test("our instrumentation's attributes win, and the content is then not read", () => {
  assert.deepEqual(readEvidence(span(OURS), FACTS, unread), {
    inputHash: "a0f2d95cd5d80eb9a256accbaa3c3ea1",
    prefixHash: "dd14b6f0c89d1467247d9775683797e1",
    prefixTokens: 3,
    qualityFlags: 2,
  });
});

test("the cache figures replace the prefix estimate; the status and finish reason always add their bits", () => {
  const cached = { ...FACTS, finishReason: "length", usage: { ...USAGE, cacheReadTokens: 1024, cacheWriteTokens: 200 } };
  assert.deepEqual(readEvidence(span(OURS, true), cached, unread), {
    inputHash: "a0f2d95cd5d80eb9a256accbaa3c3ea1",
    prefixHash: "dd14b6f0c89d1467247d9775683797e1",
    prefixTokens: 1224,
    qualityFlags: 2 | 8 | 16,
  });
});

test("a malformed hash is ignored and the content is hashed instead; unknown bits are masked off", () => {
  const evidence = readEvidence(
    span({ "promptmetrics.request.input_hash": "not-a-hash!", "promptmetrics.quality.flags": 255 }),
    FACTS,
    () => ({ request: { messages: "Hi" } }),
  );
  assert.match(evidence.inputHash, /^[0-9a-f]{32}$/);
  assert.equal(evidence.qualityFlags, 31);
});

test("without attributes or content: empty hashes, flags from the status and the output tokens", () => {
  assert.deepEqual(
    readEvidence(span({}), FACTS, () => ({})),
    { inputHash: "", prefixHash: "", prefixTokens: 0, qualityFlags: 0 },
  );
  assert.equal(readEvidence(span({}, true), FACTS, () => ({})).qualityFlags, 16);
  assert.equal(readEvidence(span({}), { ...FACTS, usage: { ...USAGE, outputTokens: 0 } }, () => ({})).qualityFlags, 1);
  // No usage at all is not an empty answer: it is not known.
  assert.equal(readEvidence(span({}), { ...FACTS, usage: { ...USAGE, inputTokens: 0, outputTokens: 0 } }, () => ({})).qualityFlags, 0);
  // Embeddings have no answer to judge.
  assert.equal(
    readEvidence(span({}), { ...FACTS, operation: "embeddings", usage: { ...USAGE, outputTokens: 0 } }, () => ({})).qualityFlags,
    0,
  );
});

test("from content: the answer's heuristics, JSON asked by the parameters, and a cancelled stream not judged", () => {
  const content = () => ({
    request: { messages: "Give JSON", params: { response_format: { type: "json_object" } } },
    answer: [{ role: "assistant", content: '{"a":' }],
  });
  assert.equal(readEvidence(span({}), FACTS, content).qualityFlags, 4);
  assert.equal(readEvidence(span({ "promptmetrics.stream.cancelled": true }), FACTS, content).qualityFlags, 0);
});
