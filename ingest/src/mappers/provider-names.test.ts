import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAnthropicFamily, normalizeProvider, normalizeVercelProvider } from "./provider-names.ts";

describe("normalizeProvider", () => {
  it("maps instrumentation spellings to OTel gen_ai.provider.name values", () => {
    const cases: [string | undefined, string][] = [
      ["OpenAI", "openai"],
      ["Anthropic", "anthropic"],
      ["azure_openai", "azure.ai.openai"],
      ["az.ai.openai", "azure.ai.openai"],
      ["azure", "azure.ai.openai"],
      ["az.ai.inference", "azure.ai.inference"],
      ["bedrock", "aws.bedrock"],
      ["aws", "aws.bedrock"],
      ["vertex_ai", "gcp.vertex_ai"],
      ["vertexai", "gcp.vertex_ai"],
      ["gemini", "gcp.gemini"],
      ["google", "gcp.gen_ai"],
      ["mistralai", "mistral_ai"],
      ["xai", "x_ai"],
      ["ibm.watson.ai", "ibm.watsonx.ai"],
      [" Groq ", "groq"],
      ["vLLM", "vllm"],
      [undefined, ""],
    ];
    for (const [raw, name] of cases) assert.equal(normalizeProvider(raw), name, String(raw));
  });

  it("drops the API suffix of Vercel AI SDK provider ids", () => {
    const cases: [string | undefined, string][] = [
      ["openai.chat", "openai"],
      ["openai.responses", "openai"],
      ["anthropic.messages", "anthropic"],
      ["azure.chat", "azure.ai.openai"],
      ["azure-openai.chat", "azure.ai.openai"],
      ["amazon-bedrock", "aws.bedrock"],
      ["google.generative-ai", "gcp.gemini"],
      ["google.vertex.chat", "gcp.vertex_ai"],
      ["vertex.anthropic.messages", "gcp.vertex_ai"],
      ["mistral.chat", "mistral_ai"],
      ["xai.chat", "x_ai"],
      ["gateway", "gateway"],
      [undefined, ""],
    ];
    for (const [raw, name] of cases) assert.equal(normalizeVercelProvider(raw), name, String(raw));
  });

  it("recognises Anthropic usage by provider or by a Claude model behind another provider", () => {
    assert.equal(isAnthropicFamily("anthropic", ""), true);
    assert.equal(isAnthropicFamily("aws.bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0"), true);
    assert.equal(isAnthropicFamily("gcp.vertex_ai", "Claude-Opus-4"), true);
    assert.equal(isAnthropicFamily("openai", "gpt-4o"), false);
  });
});
