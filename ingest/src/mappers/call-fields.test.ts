import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DecodedSpan } from "../otlp/types.ts";
import {
  firstFinishReason,
  llmOperation,
  msSinceStart,
  normalizeInferenceGeo,
  normalizeServiceTier,
  operationFromSpanName,
  positiveMs,
  readInferenceGeo,
  readServiceTier,
  secondsToMs,
} from "./call-fields.ts";

describe("call fields", () => {
  it("keeps LLM operations and their aliases, drops the rest", () => {
    assert.equal(llmOperation("Chat"), "chat");
    assert.equal(llmOperation("completion"), "text_completion");
    assert.equal(llmOperation("embedding"), "embeddings");
    assert.equal(llmOperation("image"), "image_generation");
    for (const op of [
      "execute_tool",
      "invoke_agent",
      "create_agent",
      "invoke_workflow",
      "retrieval",
      "vectordb",
      "framework",
      "guardrail.run",
      undefined,
    ]) {
      assert.equal(llmOperation(op), null, String(op));
    }
    assert.equal(operationFromSpanName("embeddings text-embedding-3-small"), "embeddings");
    assert.equal(operationFromSpanName("chat"), "chat");
    assert.equal(operationFromSpanName("openai.chat"), null);
  });

  it("reads the first finish reason from arrays, JSON arrays and strings", () => {
    assert.equal(firstFinishReason(["length", "stop"]), "length");
    assert.equal(firstFinishReason('["tool_calls"]'), "tool_calls");
    assert.equal(firstFinishReason("stop"), "stop");
    assert.equal(firstFinishReason(undefined), "");
  });

  it("normalises service tiers, response first", () => {
    const cases: [string | undefined, string][] = [
      ["default", "standard"],
      ["on_demand", "standard"],
      ["standard_only", "standard"],
      ["FLEX", "flex"],
      ["scale", "priority"],
      ["priority", "priority"],
      ["batch", "batch"],
      ["fast", "fast"],
      ["Ultrafast", "ultrafast"],
      ["auto", ""],
      [undefined, ""],
    ];
    for (const [raw, tier] of cases) assert.equal(normalizeServiceTier(raw), tier, String(raw));
    assert.equal(readServiceTier({ "openai.request.service_tier": "flex", "openai.response.service_tier": "default" }), "standard");
    assert.equal(readServiceTier({ "openai.response.service_tier": "auto", "gen_ai.openai.request.service_tier": "flex" }), "flex");
    assert.equal(readServiceTier({}), "");
  });

  it("Anthropic's fast mode is the fast tier, whatever usage.service_tier says", () => {
    assert.equal(readServiceTier({ "anthropic.usage.speed": "fast", "anthropic.response.service_tier": "priority" }), "fast");
    assert.equal(readServiceTier({ "anthropic.usage.speed": "standard", "anthropic.response.service_tier": "priority" }), "priority");
    assert.equal(readServiceTier({ "anthropic.usage.speed": "FAST" }), "fast");
  });

  it("the inference geo: Anthropic's report first, then the caller's, lower-case", () => {
    assert.equal(readInferenceGeo({ "anthropic.usage.inference_geo": "us", "promptmetrics.inference_geo": "eu" }), "us");
    assert.equal(readInferenceGeo({ "promptmetrics.inference_geo": " EU " }), "eu");
    assert.equal(readInferenceGeo({ "anthropic.usage.inference_geo": "" }), "");
    assert.equal(readInferenceGeo({}), "");
    assert.equal(normalizeInferenceGeo(7), "");
    assert.equal(normalizeInferenceGeo("x".repeat(100)).length, 64);
  });

  it("converts durations to milliseconds", () => {
    assert.equal(secondsToMs(0.4125), 412.5);
    assert.equal(secondsToMs(0.1234), 123.4);
    assert.equal(secondsToMs(0), null);
    assert.equal(secondsToMs(undefined), null);
    assert.equal(positiveMs(2612.1), 2612.1);
    assert.equal(positiveMs(-1), null);
    const span = { startTimeUnixNano: 1_000_000_000n } as DecodedSpan;
    assert.equal(msSinceStart(span, 1_250_500_000n), 250.5);
    assert.equal(msSinceStart(span, 999_000_000n), null);
  });
});
