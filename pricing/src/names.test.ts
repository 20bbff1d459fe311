import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { azureOpenAIName, canonicalClaudeName, normalizeName } from "./names.ts";

describe("canonicalClaudeName", () => {
  // [as it arrives (already lower-cased and without provider path or @date), Anthropic's spelling]
  const cases: Array<[string, string]> = [
    ["claude-4.5-sonnet", "claude-sonnet-4-5"],
    ["claude-4-5-haiku", "claude-haiku-4-5"],
    ["claude-4-opus", "claude-opus-4"],
    ["claude-5-fable", "claude-fable-5"],
    ["claude-5.1-fable", "claude-fable-5-1"],
    ["claude-4.5-sonnet-20250929", "claude-sonnet-4-5-20250929"],
    ["claude-sonnet-4.5", "claude-sonnet-4-5"],
    ["claude-3.5-sonnet", "claude-3-5-sonnet"], // Claude 3.x ids keep the version first
    ["claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219"],
    ["claude-opus-4-6[1m]", "claude-opus-4-6"],
    ["claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"],
    ["claude-3-haiku-20240307-v1:0:200k", "claude-3-haiku-20240307"],
    ["claude-opus-4-1-v1", "claude-opus-4-1"],
    ["claude-3-5-sonnet-v2", "claude-3-5-sonnet"],
    ["claude-opus-5", "claude-opus-5"],
    ["gpt-4.1", "gpt-4.1"], // not Claude: unchanged
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(canonicalClaudeName(name), expected));
  }
});

describe("azureOpenAIName", () => {
  const cases: Array<[string, string]> = [
    ["gpt-35-turbo", "gpt-3.5-turbo"],
    ["gpt-35-turbo-0125", "gpt-3.5-turbo-0125"],
    ["gpt-35-turbo-16k", "gpt-3.5-turbo-16k"],
    ["gpt-4o", "gpt-4o"],
    ["gpt-350", "gpt-350"],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(azureOpenAIName(name), expected));
  }
});

describe("normalizeName", () => {
  it("ignores case and surrounding whitespace", () => assert.equal(normalizeName("  GPT-4o\n"), "gpt-4o"));
});
