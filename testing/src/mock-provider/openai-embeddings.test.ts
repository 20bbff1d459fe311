import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildEmbeddings, countInputs, embeddingVector } from "./openai-embeddings.ts";
import { settleUsage } from "./scenario.ts";

describe("buildEmbeddings", () => {
  it("encodes base64 as little-endian float32 that decodes to the float vector", () => {
    const body = buildEmbeddings({ model: "m", input: "x", encoding_format: "base64" }, "m", settleUsage({ inputTokens: 3 }), 4);
    const [item] = body["data"] as Array<{ embedding: string }>;
    const bytes = Buffer.from(item?.embedding ?? "", "base64");
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    assert.deepEqual(decoded, embeddingVector(0, 4));
    assert.deepEqual(body["usage"], { prompt_tokens: 3, total_tokens: 3 });
  });

  it("honours the requested dimensions and returns one vector per input", () => {
    const body = buildEmbeddings({ model: "m", input: ["a", "b", "c"], dimensions: 3 }, "m", settleUsage({}), 8);
    const data = body["data"] as Array<{ index: number; embedding: number[] }>;
    assert.deepEqual(
      data.map((item) => item.index),
      [0, 1, 2],
    );
    assert.deepEqual(data[2]?.embedding, embeddingVector(2, 3));
  });
});

describe("countInputs", () => {
  it("counts a token array as one input", () => {
    assert.equal(countInputs([1, 2, 3]), 1);
    assert.equal(countInputs([[1], [2]]), 2);
    assert.equal(countInputs("text"), 1);
  });
});
