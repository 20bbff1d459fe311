// OpenAI `POST /v1/embeddings`: deterministic vectors as float arrays, or base64 little-endian float32 (the SDK's default request).

import type { Usage } from "./types.ts";

/** Values are multiples of 1/16, exact in float32, so a decoded base64 vector equals the float one. */
export function embeddingVector(inputIndex: number, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, i) => (((i + inputIndex) % 9) - 4) / 16);
}

export function encodeFloat32Base64(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer.toString("base64");
}

export function countInputs(input: unknown): number {
  if (Array.isArray(input)) {
    // An array of token ids is one input; an array of strings or of token arrays is several.
    return input.length > 0 && typeof input[0] === "number" ? 1 : input.length;
  }
  return 1;
}

export function buildEmbeddings(
  request: Record<string, unknown>,
  model: string,
  usage: Usage,
  defaultDimensions: number,
): Record<string, unknown> {
  const dimensions = typeof request["dimensions"] === "number" ? request["dimensions"] : defaultDimensions;
  const base64 = request["encoding_format"] === "base64";
  const data = Array.from({ length: countInputs(request["input"]) }, (_, index) => {
    const vector = embeddingVector(index, dimensions);
    return { object: "embedding", index, embedding: base64 ? encodeFloat32Base64(vector) : vector };
  });
  return {
    object: "list",
    data,
    model,
    usage: { prompt_tokens: usage.inputTokens, total_tokens: usage.inputTokens },
  };
}
