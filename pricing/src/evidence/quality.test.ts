import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  answerFacts,
  freeformToolNames,
  isRefusalText,
  jsonRequested,
  QUALITY_FLAGS,
  qualityFlagNames,
  qualityFlags,
  statusFlags,
  type QualityFacts,
} from "./quality.ts";

describe("refusal phrases", () => {
  const refusals = [
    "I can't help with that.",
    "I cannot help with this request.",
    "I can’t help you with that.",
    "I'm sorry, but I can't help with that.",
    "I’m sorry, but I cannot assist with creating malware.",
    "Sorry, I can't do that.",
    "Unfortunately, I'm unable to comply with this request.",
    "I am not able to provide that information.",
    "I won't write that.",
    "I'm sorry, but I can't.",
    "  I cannot assist",
    "As an AI, I don't have personal opinions.",
    "As an AI language model, I cannot browse the web.",
    "I must respectfully decline.",
    "I apologize, but I cannot fulfill this request.",
  ];
  for (const text of refusals) {
    test(`refusal: ${JSON.stringify(text)}`, () => assert.equal(isRefusalText(text), true));
  }

  const notRefusals = [
    "I can't wait to help you plan the trip!",
    "I can't help but notice the bug on line 3.",
    "I cannot stress this enough: back up first.",
    "I can help with that. Here is the plan.",
    "Sorry for the delay, here is the answer.",
    "I'm sorry to hear that. Try restarting the router.",
    "Here is the code. I can't help with deployment, though.",
    "As an AI researcher, you will enjoy this paper.",
    "Unfortunately, the API cannot do that in one call.",
    "I won't be surprised if it rains.",
    "",
  ];
  for (const text of notRefusals) {
    test(`not a refusal: ${JSON.stringify(text)}`, () => assert.equal(isRefusalText(text), false));
  }

  test("a refusal phrase must open the answer: 160 characters in, it no longer counts", () => {
    assert.equal(isRefusalText(`${"x".repeat(170)} I can't help with that.`), false);
  });
});

describe("answer facts", () => {
  test("text, tool calls and refusals of OpenAI, Anthropic and GenAI-parts answers", () => {
    assert.deepEqual(answerFacts([{ role: "assistant", content: "Paris." }]), {
      text: "Paris.",
      toolCalls: 0,
      toolArguments: [],
      refused: false,
    });
    assert.deepEqual(answerFacts([{ role: "assistant", content: null, refusal: "I can't help with that." }]), {
      text: "I can't help with that.",
      toolCalls: 0,
      toolArguments: [],
      refused: true,
    });
    assert.deepEqual(
      answerFacts([
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm" },
            { type: "tool_use", name: "f", input: { a: 1 } },
          ],
        },
      ]),
      { text: "", toolCalls: 1, toolArguments: [{ a: 1 }], refused: false },
    );
    assert.deepEqual(answerFacts([{ role: "assistant", parts: [{ type: "tool_call", name: "f", arguments: '{"a":' }] }]), {
      text: "",
      toolCalls: 1,
      toolArguments: ['{"a":'],
      refused: false,
    });
  });

  test("OpenAI custom tools take free text: their input is not held to JSON", () => {
    const tools = [
      { type: "custom", custom: { name: "shell" } },
      { type: "function", function: { name: "f", parameters: {} } },
    ];
    const freeform = freeformToolNames(tools);
    assert.deepEqual([...freeform], ["shell"]);
    const facts = answerFacts(
      [{ role: "assistant", tool_calls: [{ type: "custom", custom: { name: "shell", input: "ls -la" } }] }],
      freeform,
    );
    assert.deepEqual(facts.toolArguments, []);
  });
});

describe("JSON requested", () => {
  const table: Array<[string, Record<string, unknown>, boolean]> = [
    ["chat json_object", { response_format: { type: "json_object" } }, true],
    ["chat json_schema", { response_format: { type: "json_schema", json_schema: { name: "x" } } }, true],
    ["responses text.format", { text: { format: { type: "json_schema" } } }, true],
    ["anthropic output_format", { output_format: { type: "json_schema" } }, true],
    ["plain text", { response_format: { type: "text" } }, false],
    ["nothing asked", { temperature: 0 }, false],
  ];
  for (const [name, params, expected] of table) test(name, () => assert.equal(jsonRequested(params), expected));
});

describe("quality flags", () => {
  const ok = (text: string) => answerFacts([{ role: "assistant", content: text }]);
  const table: Array<[string, QualityFacts, string[]]> = [
    ["a plain answer", { failed: false, finishReasons: ["stop"], outputTokens: 3, answer: ok("Paris.") }, []],
    ["failed call", { failed: true, finishReasons: [], answer: undefined }, ["error"]],
    ["finish reason error (a failed Responses call)", { failed: false, finishReasons: ["error"] }, ["error"]],
    ["cut at max_tokens (Anthropic)", { failed: false, finishReasons: ["max_tokens"], outputTokens: 50, answer: ok("The") }, ["truncated"]],
    ["cut at length (OpenAI)", { failed: false, finishReasons: ["length"], answer: ok("The") }, ["truncated"]],
    ["cut at max_output_tokens (Responses)", { failed: false, finishReasons: ["max_output_tokens"] }, ["truncated"]],
    ["no text and no tool call", { failed: false, finishReasons: ["stop"], outputTokens: 0, answer: ok("   ") }, ["empty_output"]],
    ["0 output tokens, answer not seen", { failed: false, finishReasons: ["stop"], outputTokens: 0 }, ["empty_output"]],
    ["output tokens not reported, answer not seen", { failed: false, finishReasons: ["stop"] }, []],
    [
      "a tool call is an answer",
      {
        failed: false,
        finishReasons: ["tool_calls"],
        answer: answerFacts([{ tool_calls: [{ function: { name: "f", arguments: "{}" } }] }]),
      },
      [],
    ],
    ["a failed call is not also empty", { failed: true, finishReasons: [], outputTokens: 0, answer: ok("") }, ["error"]],
    ["refusal phrase", { failed: false, finishReasons: ["stop"], answer: ok("I'm sorry, but I can't help with that.") }, ["refusal"]],
    ["Anthropic stop reason refusal, no text", { failed: false, finishReasons: ["refusal"], answer: ok("") }, ["empty_output", "refusal"]],
    ["content filter", { failed: false, finishReasons: ["content_filter"], answer: ok("") }, ["empty_output", "refusal"]],
    ["refusal field", { failed: false, finishReasons: ["stop"], answer: answerFacts([{ content: null, refusal: "No." }]) }, ["refusal"]],
    ["JSON asked, JSON given", { failed: false, finishReasons: ["stop"], answer: ok('{"a": 1}'), jsonRequested: true }, []],
    ["JSON asked, broken JSON", { failed: false, finishReasons: ["stop"], answer: ok('{"a": 1'), jsonRequested: true }, ["invalid_json"]],
    [
      "JSON asked, a refusal instead",
      { failed: false, finishReasons: ["stop"], answer: ok("I can't help with that."), jsonRequested: true },
      ["refusal"],
    ],
    ["JSON not asked, prose given", { failed: false, finishReasons: ["stop"], answer: ok("Paris is {big"), jsonRequested: false }, []],
    [
      "broken tool-call arguments",
      {
        failed: false,
        finishReasons: ["tool_calls"],
        answer: answerFacts([{ tool_calls: [{ function: { name: "f", arguments: '{"city": "Par' } }] }]),
      },
      ["invalid_json"],
    ],
    [
      "JSON cut at the limit: truncated and invalid",
      { failed: false, finishReasons: ["length"], answer: ok('{"items": ["a", "b'), jsonRequested: true },
      ["invalid_json", "truncated"],
    ],
    [
      "a cancelled stream is not judged empty or invalid",
      { failed: false, finishReasons: [], answer: ok('{"a'), jsonRequested: true, cancelled: true },
      [],
    ],
    ["embeddings are judged by status only", { operation: "embeddings", failed: false, finishReasons: [], outputTokens: 0 }, []],
  ];
  for (const [name, facts, expected] of table) {
    test(name, () => assert.deepEqual(qualityFlagNames(qualityFlags(facts)), expected));
  }

  test("status alone gives error and truncated", () => {
    assert.deepEqual(qualityFlagNames(statusFlags(false, ["MAX_TOKENS"])), ["truncated"]);
    assert.deepEqual(qualityFlagNames(statusFlags(true, ["length"])), ["truncated", "error"]);
    assert.equal(statusFlags(false, ["stop"]), 0);
  });

  test("the bits are stable: empty_output 1, refusal 2, invalid_json 4, truncated 8, error 16", () => {
    assert.deepEqual(QUALITY_FLAGS, { empty_output: 1, refusal: 2, invalid_json: 4, truncated: 8, error: 16 });
    assert.deepEqual(qualityFlagNames(8 | 4), ["invalid_json", "truncated"]);
  });
});
