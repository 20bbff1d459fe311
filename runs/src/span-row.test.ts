import assert from "node:assert/strict";
import { test } from "node:test";
import { emptySpanRow, SPAN_COLUMNS, spanRowSchema } from "./span-row.ts";
import { llmColumns } from "./llm-columns.ts";

const key = {
  project_id: "p1",
  trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
  span_id: "00f067aa0ba902b7",
  start_time: "2026-11-20 10:00:00.000000000",
  end_time: "2026-11-20 10:00:01.000000000",
  ingested_at: "2026-11-20 10:00:02.000",
  version: 1,
};

test("an empty row has every column, is a valid row, and is not an LLM call", () => {
  const row = emptySpanRow(key);
  assert.deepEqual(Object.keys(row).sort(), [...SPAN_COLUMNS].sort());
  assert.equal(SPAN_COLUMNS.length, 61);
  assert.deepEqual(spanRowSchema.parse(row), row);
  assert.deepEqual([row.is_llm, row.cost_usd, row.price_source, row.status_code, row.cost_input_usd], [false, null, "", "unset", "0"]);
});

test("empty rows never share their arrays and maps", () => {
  const a = emptySpanRow(key);
  const b = emptySpanRow(key);
  a.tags.push("x");
  a.span_attributes["k"] = "v";
  assert.deepEqual([b.tags, b.span_attributes], [[], {}]);
});

test("an LLM call's columns: the model is the response model, else the requested one; a reported cost as a 12-digit decimal", () => {
  const call = {
    provider: "openai",
    operation: "chat",
    requestModel: "gpt-4o",
    responseModel: "gpt-4o-2024-08-06",
    serviceTier: "",
    inferenceGeo: "us",
    usage: {
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 2,
      cacheWriteTokens: 1,
      cacheWrite1hTokens: 0,
      cacheWrite12hTokens: 1,
      reasoningTokens: 3,
    },
    usageEstimated: false,
    reportedCostUsd: 0.01,
    ttftMs: 120,
    finishReason: "stop",
    userId: "u1",
    sessionId: "s1",
    promptName: "p",
    promptVersion: "1",
    tags: ["beta"],
    inputText: "user: hi",
    outputText: "assistant: hello",
    inputHash: "a0f2d95cd5d80eb9a256accbaa3c3ea1",
    prefixHash: "dd14b6f0c89d1467247d9775683797e1",
    prefixTokens: 3,
    qualityFlags: 8,
  };
  const row = { ...emptySpanRow(key), ...llmColumns(call) };
  assert.deepEqual(spanRowSchema.parse(row), row);
  assert.deepEqual(
    [row.is_llm, row.model, row.input_tokens, row.cache_read_tokens, row.cache_write_12h_tokens, row.reasoning_tokens, row.inference_geo],
    [true, "gpt-4o-2024-08-06", 10, 2, 1, 3, "us"],
  );
  assert.deepEqual(
    [row.input_hash, row.prefix_hash, row.prefix_tokens, row.quality_flags],
    ["a0f2d95cd5d80eb9a256accbaa3c3ea1", "dd14b6f0c89d1467247d9775683797e1", 3, 8],
  );
  assert.equal(row.reported_cost_usd, "0.010000000000");
  assert.equal(llmColumns({ ...call, responseModel: "", reportedCostUsd: null }).model, "gpt-4o");
  assert.equal(llmColumns({ ...call, reportedCostUsd: null }).reported_cost_usd, null);
});
