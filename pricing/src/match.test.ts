import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { catalogue } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import { createCatalogueMatcher, createMatcher } from "./match.ts";

const matcher = createCatalogueMatcher(catalogue);

// [name as it arrives in a span, catalogue id it must resolve to]
const resolves: Array<[string, string]> = [
  // plain ids, case and whitespace
  ["gpt-4o", "gpt-4o"],
  ["GPT-4o", "gpt-4o"],
  ["  gpt-4o\n", "gpt-4o"],
  // provider prefixes
  ["openai/gpt-4o", "gpt-4o"],
  ["azure/gpt-4o", "gpt-4o"],
  ["anthropic/claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
  ["openai/text-embedding-ada-002", "text-embedding-ada-002"],
  // OpenAI dated snapshots, and the one snapshot with its own price
  ["gpt-4o-2024-08-06", "gpt-4o"],
  ["gpt-4o-2024-11-20", "gpt-4o"],
  ["gpt-4o-2024-05-13", "gpt-4o-2024-05-13"],
  ["openai/gpt-4o-2024-05-13", "gpt-4o-2024-05-13"],
  // longest name wins
  ["gpt-4o-mini", "gpt-4o-mini"],
  ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
  ["o3", "o3"],
  ["o3-2025-04-16", "o3"],
  ["o3-mini", "o3-mini"],
  ["o3-mini-2025-01-31", "o3-mini"],
  ["o4-mini-2025-04-16", "o4-mini"],
  ["gpt-4.1-2025-04-14", "gpt-4.1"],
  ["gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"],
  ["gpt-4.1-nano", "gpt-4.1-nano"],
  ["gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"],
  ["gpt-5-2025-08-07", "gpt-5"],
  ["gpt-5-mini", "gpt-5-mini"],
  ["gpt-5-mini-2025-08-07", "gpt-5-mini"],
  ["gpt-5-nano-2025-08-07", "gpt-5-nano"],
  ["gpt-5-chat-latest", "gpt-5"],
  ["gpt-5.1-2025-11-13", "gpt-5.1"],
  ["text-embedding-3-small", "text-embedding-3-small"],
  ["text-embedding-3-large", "text-embedding-3-large"],
  // legacy OpenAI spellings
  ["gpt-35-turbo", "gpt-3.5-turbo"],
  ["gpt-3.5-turbo-0125", "gpt-3.5-turbo"],
  ["gpt-4-0613", "gpt-4"],
  ["gpt-4-turbo-2024-04-09", "gpt-4-turbo"],
  ["gpt-4-1106-preview", "gpt-4-turbo"],
  ["o1-2024-12-17", "o1"],
  // Anthropic dated ids and aliases
  ["claude-sonnet-4-5", "claude-sonnet-4-5"],
  ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
  ["claude-3-5-sonnet-20241022", "claude-3-5-sonnet"],
  ["claude-3-5-sonnet-20240620", "claude-3-5-sonnet"],
  ["claude-3-5-sonnet-latest", "claude-3-5-sonnet"],
  ["claude-3-7-sonnet-latest", "claude-3-7-sonnet"],
  ["claude-3-5-haiku-latest", "claude-3-5-haiku"],
  ["claude-opus-4-1-20250805", "claude-opus-4-1"],
  ["claude-opus-4-20250514", "claude-opus-4"],
  ["claude-opus-4-0", "claude-opus-4"],
  ["claude-sonnet-4-20250514", "claude-sonnet-4"],
  ["claude-haiku-4-5-20251001", "claude-haiku-4-5"],
  ["claude-opus-4-5-20251101", "claude-opus-4-5"],
  ["claude-3-opus-latest", "claude-3-opus"],
  // Bedrock, with and without cross-region prefixes
  ["anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"],
  ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku"],
  ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"],
  ["eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet"],
  ["apac.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"],
  ["us-gov.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"],
  ["bedrock/us.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"],
  ["anthropic.claude-3-haiku-20240307-v1:0:200k", "claude-3-haiku"],
  ["anthropic.claude-opus-4-6-v1", "claude-opus-4-6"],
  ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4"],
  // Vertex
  ["claude-sonnet-4-5@20250929", "claude-sonnet-4-5"],
  ["vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet"],
  ["claude-opus-4-1@20250805", "claude-opus-4-1"],
  ["projects/acme/locations/us-east5/publishers/anthropic/models/claude-3-haiku@20240307", "claude-3-haiku"],
  // routers that write Claude versions with dots
  ["openrouter/anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"],
  ["claude-sonnet-4.5", "claude-sonnet-4-5"],
  // fine-tunes resolve to the fine-tune price of their base model
  ["ft:gpt-4o-mini-2024-07-18:acme::abc123", "ft:gpt-4o-mini"],
  ["FT:GPT-4O-MINI-2024-07-18:acme:support-bot:abc123", "ft:gpt-4o-mini"],
  ["ft:gpt-4o-2024-08-06:acme::xyz", "ft:gpt-4o"],
  ["ft:gpt-4.1-2025-04-14:acme::1", "ft:gpt-4.1"],
  ["ft:gpt-4.1-mini-2025-04-14:acme::2", "ft:gpt-4.1-mini"],
  ["ft:gpt-4.1-nano-2025-04-14:acme::3", "ft:gpt-4.1-nano"],
  ["ft:gpt-3.5-turbo-0613:acme::4", "ft:gpt-3.5-turbo"],
  ["ft:gpt-3.5-turbo-0125:acme::5", "ft:gpt-3.5-turbo"],
  ["openai/ft:gpt-4o-mini-2024-07-18:acme::abc123", "ft:gpt-4o-mini"],
  // siblings that must not borrow a neighbour's price
  ["o3-pro", "o3-pro"],
  ["o3-pro-2025-06-10", "o3-pro"],
  ["gpt-5-pro-2025-10-06", "gpt-5-pro"],
  ["chatgpt-4o-latest", "chatgpt-4o-latest"],
  ["gpt-5.5-pro-2026-04-23", "gpt-5.5-pro"],
  ["gpt-5.5-2026-04-23", "gpt-5.5"],
  ["gpt-5.4-mini-2026-03-17", "gpt-5.4-mini"],
  ["gpt-5.6", "gpt-5.6-sol"],
  ["openai/gpt-6.2-sol", "gpt-6.2-sol"],
  ["gpt-5.1-codex", "gpt-5.1"],
];

// Name forms real traffic uses that resolved as unknown before the 2026-12-04 audit.
const nameForms: Array<[string, string]> = [
  // Azure spells GPT-3.5 without the dot, also in dated snapshots
  ["gpt-35-turbo-0125", "gpt-3.5-turbo"],
  ["azure/gpt-35-turbo-0125", "gpt-3.5-turbo"],
  // Helicone's canonical form puts the version first
  ["claude-4.5-sonnet", "claude-sonnet-4-5"],
  ["claude-4.5-haiku", "claude-haiku-4-5"],
  ["claude-4.1-opus", "claude-opus-4-1"],
  ["claude-4.6-opus", "claude-opus-4-6"],
  ["claude-5-fable", "claude-fable-5"],
  ["claude-5.1-fable", "claude-fable-5-1"],
  ["claude-4.5-sonnet-20250929", "claude-sonnet-4-5"],
  // Vertex, version first and with @date
  ["claude-4-5-haiku@20251001", "claude-haiku-4-5"],
  ["vertex_ai/claude-4-5-sonnet@20250929", "claude-sonnet-4-5"],
  // Vertex -V1@date
  ["claude-opus-4-1-V1@20250805", "claude-opus-4-1"],
  ["claude-3-5-sonnet-V2@20241022", "claude-3-5-sonnet"],
  ["claude-sonnet-4-5-v1@20250929", "claude-sonnet-4-5"],
  // Bedrock ids without the vendor prefix
  ["claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"],
  ["claude-3-haiku-20240307-v1:0:200k", "claude-3-haiku"],
  ["bedrock/claude-opus-4-6-v1", "claude-opus-4-6"],
  // Claude Code's context-window suffix
  ["claude-opus-4-6[1m]", "claude-opus-4-6"],
  ["claude-sonnet-4-5-20250929[1m]", "claude-sonnet-4-5"],
  ["claude-opus-5-5[1m]", "claude-opus-5-5"],
  ["anthropic/claude-sonnet-5-5[1M]", "claude-sonnet-5-5"],
  // new models in every form
  ["claude-opus-4-7-20260416", "claude-opus-4-7"],
  ["us.anthropic.claude-opus-5-v1:0", "claude-opus-5"],
  ["anthropic.claude-sonnet-5", "claude-sonnet-5"],
  ["claude-haiku-5-5@20261007", "claude-haiku-5-5"],
];

// Names that must stay unknown rather than borrow a neighbour's price.
const unknown: string[] = [
  "gpt-99",
  "",
  "   ",
  "o3-deep-research-2025-06-26", // deliberately unknown: no source verified
  "gpt-5.1-codex-max", // deliberately unknown, and not gpt-5.1
  "gpt-5.3-chat-latest",
  "gpt-4-32k", // $60/$120, not gpt-4
  "gpt-4o-realtime-preview",
  "gpt-4o-mini-tts",
  "gpt-3.5-turbo-0613", // older snapshot with another price
  "text-embedding-3-medium",
  "claude-5-haiku", // no such model; version-first rewriting must not invent claude-haiku-5
  "claude-3-5-opus", // 3.x names keep the version first and there is no 3.5 Opus
  "gpt-35-turbo-0613", // Azure spelling of an older snapshot with another price
  "claude-mythos-5-1", // Mythos 5.1 is not priced (not in the audit's list)
  "anthropic.claude-99-v1:0",
  "mistral.mistral-large-2407-v1:0",
  "ft:o4-mini-2025-04-16:acme::x", // base known, no fine-tune price: unknown, never the base price
  "ft:gpt-4o-2024-05-13:acme::x",
  "ft:made-up:acme::x",
  "ft:",
];

describe("model matching", () => {
  for (const [name, id] of resolves) {
    it(`${JSON.stringify(name)} → ${id}`, () => {
      assert.equal(matcher.match(name)?.id, id);
    });
  }

  for (const [name, id] of nameForms) {
    it(`name form ${JSON.stringify(name)} → ${id}`, () => {
      assert.equal(matcher.match(name)?.id, id);
    });
  }

  for (const name of unknown) {
    it(`${JSON.stringify(name)} is unknown`, () => {
      assert.equal(matcher.match(name), undefined);
    });
  }

  it("keeps siblings apart in both directions", () => {
    assert.notEqual(matcher.match("gpt-4o-mini")?.id, "gpt-4o");
    assert.notEqual(matcher.match("gpt-4o")?.id, "gpt-4o-mini");
    assert.notEqual(matcher.match("text-embedding-3-small")?.id, "text-embedding-3-large");
    assert.notEqual(matcher.match("o3-mini")?.id, "o3");
    assert.notEqual(matcher.match("gpt-5-mini")?.id, "gpt-5");
    assert.notEqual(matcher.match("gpt-4.1-nano")?.id, "gpt-4.1");
    assert.notEqual(matcher.match("claude-opus-4-1")?.id, "claude-opus-4");
    assert.notEqual(matcher.match("o3-pro")?.id, "o3");
    assert.notEqual(matcher.match("gpt-5.4-nano")?.id, "gpt-5.4");
    assert.notEqual(matcher.match("claude-opus-5-5")?.id, "claude-opus-5");
    assert.notEqual(matcher.match("claude-fable-5-1")?.id, "claude-fable-5");
    assert.notEqual(matcher.match("gpt-6.2-sol")?.id, "gpt-6-sol");
  });

  it("answers repeats from its cache and stays correct once the cache is full", () => {
    const small = createCatalogueMatcher(catalogue, { cacheSize: 2 });
    const names = ["gpt-4o", "o3-mini-2025-01-31", "claude-3-haiku@20240307", "gpt-99", "gpt-4o", "gpt-99"];
    const ids = names.map((n) => small.match(n)?.id);
    assert.deepEqual(ids, ["gpt-4o", "o3-mini", "claude-3-haiku", undefined, "gpt-4o", undefined]);
    assert.equal(small.match("gpt-4o"), small.match("GPT-4O"));
  });
});

describe("Azure deployment names", () => {
  const azure = createCatalogueMatcher(catalogue, {
    azureDeployments: { "prod-chat": "gpt-4o-mini", Embedder: "text-embedding-3-large", "gpt-4o": "gpt-4o-2024-05-13" },
  });

  it("maps a deployment name to its model before any other rule", () => {
    assert.equal(azure.match("prod-chat", "azure")?.id, "gpt-4o-mini");
    assert.equal(azure.match("azure/prod-chat")?.id, "gpt-4o-mini");
    assert.equal(azure.match("PROD-CHAT")?.id, "gpt-4o-mini");
    assert.equal(azure.match("embedder", "azure")?.id, "text-embedding-3-large");
    // A deployment named after a model wins over the model name itself.
    assert.equal(azure.match("gpt-4o", "azure")?.id, "gpt-4o-2024-05-13");
  });

  it("still matches names that are not deployments", () => {
    assert.equal(azure.match("gpt-4.1-mini", "azure")?.id, "gpt-4.1-mini");
    assert.equal(azure.match("staging-chat", "azure"), undefined);
  });

  it("rejects a deployment that points at an unknown model, naming it", () => {
    assert.throws(
      () => createCatalogueMatcher(catalogue, { azureDeployments: { "prod-chat": "gpt-99" } }),
      (err: unknown) => err instanceof PricingError && err.code === "invalid_config" && err.field === "azureDeployments.prod-chat",
    );
  });

  it("rejects deployments listed twice with different models and empty names", () => {
    assert.throws(
      () => createCatalogueMatcher(catalogue, { azureDeployments: { Chat: "gpt-4o", chat: "gpt-4o-mini" } }),
      (err: unknown) => err instanceof PricingError && err.code === "invalid_config" && err.field === "azureDeployments.chat",
    );
    assert.throws(
      () => createCatalogueMatcher(catalogue, { azureDeployments: { " ": "gpt-4o" } }),
      (err: unknown) => err instanceof PricingError && err.code === "invalid_config",
    );
  });
});

describe("createMatcher over arbitrary names", () => {
  it("works for any record with an id, e.g. custom models", () => {
    const custom = createMatcher([["acme/llm-v2", { id: "acme/llm-v2" }]]);
    assert.equal(custom.match("ACME/llm-v2")?.id, "acme/llm-v2");
    assert.equal(custom.match("llm-v2"), undefined);
  });
});
