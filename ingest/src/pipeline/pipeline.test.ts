import assert from "node:assert/strict";
import { test } from "node:test";
import { createPricer } from "@promptmetrics/pricing";
import type { LlmCall } from "../mappers/types.ts";
import type { DecodedSpan } from "../otlp/types.ts";
import { stringifyAttribute, toStringMap, truncateText } from "./attributes.ts";
import { buildSpanRow } from "./build-span-row.ts";
import { acceptedWindow, validateSpan } from "./validate-span.ts";

const START = 1_763_632_800_123_456_789n; // 2025-11-20 10:00:00.123456789 UTC

function span(overrides: Partial<DecodedSpan> = {}): DecodedSpan {
  return {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    parentSpanId: "",
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: START,
    endTimeUnixNano: START + 1_500_000_000n,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.usage.input_tokens": 1000,
      "llm.is_streaming": false,
      "gen_ai.response.finish_reasons": ["stop"],
    },
    events: [{ timeUnixNano: START + 5n, name: "first token", attributes: { n: 1 } }],
    status: { code: 2, message: "boom" },
    resource: { attributes: { "service.name": "checkout" } },
    scope: { name: "my-lib", version: "1.2.3" },
    ...overrides,
  };
}

const call: LlmCall = {
  dialect: "genai",
  provider: "openai",
  operation: "chat",
  requestModel: "gpt-4o",
  responseModel: "gpt-4o-2024-08-06",
  usage: {
    inputTokens: 1000,
    outputTokens: 500,
    cacheReadTokens: 200,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheWrite12hTokens: 0,
    reasoningTokens: 0,
  },
  usageEstimated: false,
  reportedCostUsd: 0.01,
  ttftMs: 120,
  finishReason: "stop",
  serviceTier: "",
  inferenceGeo: "",
  userId: "u1",
  sessionId: "s1",
  promptName: "checkout-help",
  promptVersion: "4",
  tags: ["beta"],
  inputText: "user: hi",
  outputText: "assistant: hello",
  inputHash: "4f84d443d0ed36b3e2e04444fba1d650",
  prefixHash: "",
  prefixTokens: 0,
  qualityFlags: 0,
};

const ctx = {
  projectId: "p1",
  ingestKeyId: "k1",
  pricer: createPricer(),
  ingestedAt: "2025-11-20 10:00:03.000",
  version: 7,
  maxAttributeBytes: 1024,
};

test("an LLM span becomes a priced row: gpt-4o, 800 uncached + 200 cached input, 500 output (prices as of 2026-11-25)", () => {
  const { row, unknownModel, truncatedValues } = buildSpanRow(span(), call, ctx);
  // 800 × $2.50/M = $0.002; 200 × $1.25/M = $0.00025; 500 × $10/M = $0.005 → $0.00725
  assert.equal(row.cost_usd, "0.007250000000");
  assert.equal(row.cost_input_usd, "0.002000000000");
  assert.equal(row.cost_cache_read_usd, "0.000250000000");
  assert.equal(row.cost_output_usd, "0.005000000000");
  assert.equal(row.priced_model, "gpt-4o");
  assert.equal(row.price_source, "catalogue");
  assert.equal(row.reported_cost_usd, "0.010000000000");
  assert.equal(unknownModel, false);
  assert.equal(truncatedValues, 0);
  assert.deepEqual(
    {
      model: row.model,
      request: row.request_model,
      kind: row.kind,
      status: row.status_code,
      service: row.service_name,
      duration: row.duration_ns,
      start: row.start_time,
    },
    {
      model: "gpt-4o-2024-08-06",
      request: "gpt-4o",
      kind: "client",
      status: "error",
      service: "checkout",
      duration: 1_500_000_000,
      start: "2025-11-20 10:00:00.123456789",
    },
  );
  assert.deepEqual(row.span_attributes, {
    "gen_ai.operation.name": "chat",
    "gen_ai.usage.input_tokens": "1000",
    "llm.is_streaming": "false",
    "gen_ai.response.finish_reasons": '["stop"]',
  });
  assert.deepEqual(
    [row.event_names, row.event_times, row.event_attributes],
    [["first token"], ["2025-11-20 10:00:00.123456794"], [{ n: "1" }]],
  );
  assert.deepEqual(
    [row.user_id, row.session_id, row.prompt_name, row.prompt_version, row.tags, row.ttft_ms],
    ["u1", "s1", "checkout-help", "4", ["beta"], 120],
  );
});

test("an unknown model is stored with a NULL cost, never $0, and reported", () => {
  const { row, unknownModel } = buildSpanRow(span(), { ...call, requestModel: "acme-llm", responseModel: "acme-llm-2" }, ctx);
  assert.equal(row.cost_usd, null);
  assert.equal(row.price_source, "unknown");
  assert.equal(unknownModel, true);
});

test("the requested model prices the call when the response model is not in the catalogue", () => {
  const { row } = buildSpanRow(span(), { ...call, responseModel: "my-azure-deployment" }, ctx);
  assert.equal(row.priced_model, "gpt-4o");
  assert.equal(row.model, "my-azure-deployment");
});

test("a non-LLM span keeps its raw fields and no LLM columns", () => {
  const { row } = buildSpanRow(span({ name: "GET /cart" }), null, ctx);
  assert.equal(row.is_llm, false);
  assert.equal(row.cost_usd, null);
  assert.equal(row.price_source, "");
  assert.equal(row.name, "GET /cart");
});

test("impossible spans are refused with a reason", () => {
  const window = acceptedWindow(Date.parse("2025-11-20T12:00:00Z"));
  assert.equal(validateSpan(span(), window), undefined);
  assert.equal(validateSpan(span({ traceId: "0".repeat(32) }), window), "invalid_id");
  assert.equal(validateSpan(span({ spanId: "xyz" }), window), "invalid_id");
  assert.equal(validateSpan(span({ parentSpanId: "123" }), window), "invalid_id");
  assert.equal(validateSpan(span({ endTimeUnixNano: START - 1n }), window), "invalid_time");
  assert.equal(validateSpan(span({ startTimeUnixNano: 0n, endTimeUnixNano: 0n }), window), "invalid_time");
  const future = START + 3n * 3_600_000_000_000n;
  assert.equal(validateSpan(span({ startTimeUnixNano: future, endTimeUnixNano: future }), window), "time_out_of_range");
  const old = START - 400n * 86_400_000_000_000n;
  assert.equal(validateSpan(span({ startTimeUnixNano: old, endTimeUnixNano: old }), window), "time_out_of_range");
  assert.equal(validateSpan(span({ attributes: { "gen_ai.usage.output_tokens": -5 } }), window), "negative_tokens");
  assert.equal(validateSpan(span({ attributes: { "ai.usage.promptTokens": "-1" } }), window), "negative_tokens");
});

test("attribute values are stringified, and long ones truncated with a marker on a character boundary", () => {
  assert.equal(stringifyAttribute(null), "");
  assert.equal(stringifyAttribute({ a: [1, true] }), '{"a":[1,true]}');
  const long = "é".repeat(600); // 1200 bytes
  const { text, truncated } = truncateText(long, 1001);
  assert.equal(truncated, true);
  assert.equal(text, `${"é".repeat(500)}…[truncated 200 bytes]`);
  const map = toStringMap({ a: "x".repeat(2000), b: "short" }, 1024);
  assert.equal(map.truncated, 1);
  assert.match(map.map.a!, /…\[truncated 976 bytes\]$/);
  assert.equal(map.map.b, "short");
});
