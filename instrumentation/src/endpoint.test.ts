import assert from "node:assert/strict";
import { test } from "node:test";
import { describeEndpoint } from "./endpoint.ts";

test("OpenAI's own API, Azure and known compatible services are told apart by host", () => {
  assert.deepEqual(describeEndpoint("https://api.openai.com/v1", "openai"), {
    provider: "openai",
    kind: "official",
    address: "api.openai.com",
    port: 443,
  });
  assert.deepEqual(describeEndpoint("https://my-res.openai.azure.com/openai", "openai"), {
    provider: "azure.ai.openai",
    kind: "azure",
    address: "my-res.openai.azure.com",
    port: 443,
  });
  assert.equal(describeEndpoint("https://x.cognitiveservices.azure.com/openai", "openai").provider, "azure.ai.openai");
  assert.equal(describeEndpoint("https://api.groq.com/openai/v1", "openai").provider, "groq");
  assert.equal(describeEndpoint("https://openrouter.ai/api/v1", "openai").provider, "openrouter");
  assert.equal(describeEndpoint("https://api.deepseek.com", "openai").provider, "deepseek");
});

test("an unknown server speaking OpenAI's API is openai, marked compatible, with its address and port", () => {
  assert.deepEqual(describeEndpoint("http://localhost:11434/v1", "openai"), {
    provider: "openai",
    kind: "compatible",
    address: "localhost",
    port: 11434,
  });
  assert.deepEqual(describeEndpoint("http://[::1]:8080/v1", "openai"), {
    provider: "openai",
    kind: "compatible",
    address: "::1",
    port: 8080,
  });
  assert.equal(describeEndpoint("http://gateway.internal/v1", "openai").port, 80);
});

test("Anthropic direct, on Bedrock and on Vertex", () => {
  assert.equal(describeEndpoint("https://api.anthropic.com", "anthropic").kind, "official");
  assert.equal(describeEndpoint("https://bedrock-runtime.us-east-1.amazonaws.com", "anthropic").provider, "aws.bedrock");
  assert.equal(describeEndpoint("https://us-east5-aiplatform.googleapis.com/v1", "anthropic").provider, "gcp.vertex_ai");
});

test("a missing or broken base URL still gives a provider", () => {
  assert.deepEqual(describeEndpoint(undefined, "openai"), { provider: "openai", kind: "compatible", address: undefined, port: undefined });
  assert.equal(describeEndpoint("not a url", "anthropic").provider, "anthropic");
});

test("a PromptMetrics gateway is told apart by its path, whatever its host", () => {
  assert.equal(describeEndpoint("http://localhost:3000/api/integrations/openai/v1", "openai").kind, "gateway");
  assert.equal(describeEndpoint("https://metrics.example.com/api/integrations/anthropic", "anthropic").kind, "gateway");
  assert.equal(describeEndpoint("https://metrics.example.com/api/integrations/anthropic/", "anthropic").provider, "anthropic");
  assert.equal(describeEndpoint("https://proxy.example.com/api/v1", "openai").kind, "compatible");
});
