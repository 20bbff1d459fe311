import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScenarioError, settleReply, settleUsage, splitIntoChunks, validateScenario } from "./scenario.ts";

describe("settleReply", () => {
  it("defaults to a fixed text split per word and fixed usage", () => {
    const reply = settleReply({});
    assert.equal(reply.text, "Hello from the mock provider.");
    assert.deepEqual(reply.chunks, ["Hello ", "from ", "the ", "mock ", "provider."]);
    assert.deepEqual(reply.usage, {
      inputTokens: 12,
      outputTokens: 8,
      cachedTokens: 0,
      reasoningTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
    });
  });

  it("takes the text from explicit chunks", () => {
    assert.equal(settleReply({ chunks: ["a", "b", "c"] }).text, "abc");
  });

  it("has no text when only tool calls are scripted", () => {
    const reply = settleReply({ toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] });
    assert.equal(reply.text, null);
    assert.deepEqual(reply.chunks, []);
  });

  it("rejects chunks that do not spell the text", () => {
    assert.throws(() => settleReply({ text: "abc", chunks: ["a", "b"] }), ScenarioError);
  });
});

describe("settleUsage", () => {
  it("keeps scripted numbers verbatim", () => {
    assert.deepEqual(settleUsage({ inputTokens: 1000, cachedTokens: 400, cacheWriteTokens: 50, cacheWrite1hTokens: 20 }), {
      inputTokens: 1000,
      outputTokens: 8,
      cachedTokens: 400,
      reasoningTokens: 0,
      cacheWriteTokens: 50,
      cacheWrite1hTokens: 20,
    });
  });

  it("rejects negative and fractional counts", () => {
    assert.throws(() => settleUsage({ inputTokens: -1 }), { name: "ScenarioError", message: /usage.inputTokens/ });
    assert.throws(() => settleUsage({ outputTokens: 1.5 }), { name: "ScenarioError", message: /usage.outputTokens/ });
  });

  it("rejects a 1h cache write larger than the whole cache write", () => {
    assert.throws(() => settleUsage({ cacheWriteTokens: 10, cacheWrite1hTokens: 11 }), { name: "ScenarioError" });
  });
});

describe("validateScenario", () => {
  it("rejects a negative event count", () => {
    assert.throws(() => validateScenario({ kind: "disconnect", afterEvents: -1 }), { name: "ScenarioError" });
  });

  it("accepts failures without reply fields", () => {
    validateScenario({ kind: "rate-limit", retryAfterSeconds: 3 });
    validateScenario({ kind: "server-error", status: 529 });
  });
});

describe("splitIntoChunks", () => {
  it("keeps the trailing whitespace with each word", () => {
    assert.deepEqual(splitIntoChunks("one  two\nthree"), ["one  ", "two\n", "three"]);
  });
});
