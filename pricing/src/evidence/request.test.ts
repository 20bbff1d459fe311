import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { canonicalJson } from "./canonical-json.ts";
import {
  canonicalPrefix,
  canonicalRequest,
  embeddingsInputHash,
  prefixTokens,
  requestEvidence,
  requestShapeFromBody,
  type RequestShape,
} from "./request.ts";

const CHAT = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Capital of France?" },
  ],
  temperature: 0.2,
  max_tokens: 50,
};

function hashOfBody(body: Record<string, unknown>): string {
  return requestEvidence(requestShapeFromBody(body)).inputHash;
}

describe("the canonical form", () => {
  test("is the sorted JSON of system, messages and parameters, and the hash its SHA-256's first 32 hex digits", () => {
    const canonical = canonicalJson(canonicalRequest(requestShapeFromBody(CHAT)));
    assert.equal(
      canonical,
      '{"messages":[{"parts":[{"text":"Capital of France?","type":"text"}],"role":"user"}],' +
        '"params":{"max_tokens":50,"temperature":0.2},"system":["Be brief."],"v":1}',
    );
    const sha256 = createHash("sha256").update(canonical, "utf8").digest("hex");
    assert.equal(hashOfBody(CHAT), sha256.slice(0, 32));
    // Pinned: a change of the canonical form must bump CANONICAL_FORM_VERSION, never silently move hashes.
    assert.equal(hashOfBody(CHAT), "a0f2d95cd5d80eb9a256accbaa3c3ea1");
  });

  test("numbers are written one way (1.0 is 1), keys in code-unit order, undefined members left out", () => {
    assert.equal(canonicalJson({ b: 1.0, a: [true, null], é: "x", A: undefined, z: -0 }), '{"a":[true,null],"b":1,"z":0,"é":"x"}');
  });
});

describe("input_hash", () => {
  test("the same request with its keys in another order hashes the same", () => {
    const reordered = {
      max_tokens: 50,
      temperature: 0.2,
      messages: [
        { content: "Be brief.", role: "system" },
        { content: "Capital of France?", role: "user" },
      ],
      model: "gpt-4o-mini",
    };
    assert.equal(hashOfBody(reordered), hashOfBody(CHAT));
  });

  test("another model is the same request: the model is not hashed", () => {
    assert.equal(hashOfBody({ ...CHAT, model: "gpt-4.1" }), hashOfBody(CHAT));
  });

  test("a parameter that changes the answer changes the hash; delivery options do not", () => {
    const base = hashOfBody(CHAT);
    assert.notEqual(hashOfBody({ ...CHAT, temperature: 0.3 }), base);
    assert.notEqual(hashOfBody({ ...CHAT, max_tokens: 51 }), base);
    assert.notEqual(hashOfBody({ ...CHAT, response_format: { type: "json_object" } }), base);
    assert.notEqual(hashOfBody({ ...CHAT, tool_choice: "required" }), base);
    assert.equal(hashOfBody({ ...CHAT, stream: true, stream_options: { include_usage: true } }), base);
    assert.equal(hashOfBody({ ...CHAT, user: "u-1", metadata: { a: "b" }, store: true, service_tier: "flex" }), base);
    // max_completion_tokens is OpenAI's newer name of max_tokens; a plain-text format is the default.
    const { max_tokens: _maxTokens, ...withoutMax } = CHAT;
    assert.equal(hashOfBody({ ...withoutMax, max_completion_tokens: 50 }), base);
    assert.equal(hashOfBody({ ...CHAT, response_format: { type: "text" } }), base);
  });

  test("a message change changes the hash", () => {
    const changed = { ...CHAT, messages: [CHAT.messages[0], { role: "user", content: "Capital of Spain?" }] };
    assert.notEqual(hashOfBody(changed), hashOfBody(CHAT));
  });

  test("the OTel GenAI parts, Anthropic blocks and OpenAI chat shapes of one request hash alike", () => {
    const genAi: RequestShape = {
      system: [{ type: "text", content: "Be brief." }],
      messages: [{ role: "user", parts: [{ type: "text", content: "Capital of France?" }] }],
      params: { temperature: "0.2", max_tokens: 50 },
    };
    const anthropic = {
      model: "claude-haiku-4-5",
      system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: [{ type: "text", text: "Capital of France?" }] }],
      max_tokens: 50,
      temperature: 0.2,
    };
    assert.equal(requestEvidence(genAi).inputHash, hashOfBody(CHAT));
    assert.equal(hashOfBody(anthropic), hashOfBody(CHAT));
  });

  test("tool calls hash by name and arguments, whether the arguments are a JSON string or an object, ids left out", () => {
    const openai = {
      messages: [
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"unit":"c","city":"Paris"}' } }],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp": 21}' },
      ],
      tools: [{ type: "function", function: { name: "weather", parameters: { type: "object" }, strict: true } }],
    };
    const genAi: RequestShape = {
      messages: [
        { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
        { role: "assistant", parts: [{ type: "tool_call", id: "call_9", name: "weather", arguments: { city: "Paris", unit: "c" } }] },
        { role: "tool", parts: [{ type: "tool_call_response", id: "call_9", response: { temp: 21 } }] },
      ],
      tools: JSON.stringify([{ type: "function", name: "weather", parameters: { type: "object" } }]),
    };
    assert.equal(requestEvidence(genAi).inputHash, hashOfBody(openai));
  });

  test("a request without content has no hash", () => {
    assert.deepEqual(requestEvidence({ params: { temperature: 1 } }), { inputHash: "", prefixHash: "", prefixTokensEstimate: 0 });
  });

  test("embeddings hash their inputs, dimensions and encoding format, not the model", () => {
    const body = { model: "text-embedding-3-small", input: ["a", "b"], dimensions: 256 };
    assert.equal(embeddingsInputHash(body), embeddingsInputHash({ ...body, model: "text-embedding-3-large" }));
    assert.notEqual(embeddingsInputHash(body), embeddingsInputHash({ ...body, dimensions: 512 }));
    assert.equal(embeddingsInputHash({ input: "a" }), embeddingsInputHash({ input: ["a"] }));
    assert.equal(embeddingsInputHash({ input: "" }), "");
  });
});

describe("the stable prefix", () => {
  const conversation = [
    { role: "user", content: "My name is Ada." },
    { role: "assistant", content: "Hello Ada." },
    { role: "user", content: "What is my name?" },
  ];

  test("without cache breakpoints: system, tools and the messages before the last user turn", () => {
    const prefix = canonicalPrefix({
      system: "Be brief.",
      messages: conversation,
      tools: [{ name: "t", input_schema: { type: "object" } }],
    });
    assert.deepEqual(prefix, {
      v: 1,
      system: ["Be brief."],
      tools: [{ name: "t", parameters: { type: "object" } }],
      messages: [
        { role: "user", parts: [{ type: "text", text: "My name is Ada." }] },
        { role: "assistant", parts: [{ type: "text", text: "Hello Ada." }] },
      ],
    });
  });

  test("with a breakpoint on a message block: everything up to and including that block", () => {
    const messages = [
      {
        role: "user",
        content: [
          { type: "text", text: "Here is a long document." },
          { type: "text", text: "Summarise it.", cache_control: { type: "ephemeral" } },
          { type: "text", text: "In French." },
        ],
      },
      { role: "assistant", content: "Résumé." },
      { role: "user", content: "Shorter." },
    ];
    assert.deepEqual(canonicalPrefix({ system: "S", messages }), {
      v: 1,
      system: ["S"],
      messages: [
        {
          role: "user",
          parts: [
            { type: "text", text: "Here is a long document." },
            { type: "text", text: "Summarise it." },
          ],
        },
      ],
    });
  });

  test("with the last breakpoint on the system: tools and the system up to it, no messages", () => {
    const shape = {
      system: [
        { type: "text", text: "You are a support agent.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Today is Monday." },
      ],
      tools: [{ name: "lookup", input_schema: { type: "object" } }],
      messages: conversation,
    };
    assert.deepEqual(canonicalPrefix(shape), {
      v: 1,
      system: ["You are a support agent."],
      tools: [{ name: "lookup", parameters: { type: "object" } }],
    });
  });

  test("with the only breakpoint on a tool: the tools up to it", () => {
    const tools = [
      { name: "a", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } },
      { name: "b", input_schema: { type: "object" } },
    ];
    assert.deepEqual(canonicalPrefix({ tools, system: "S", messages: conversation }), {
      v: 1,
      tools: [{ name: "a", parameters: { type: "object" } }],
    });
  });

  test("a lone user message has no stable prefix", () => {
    const evidence = requestEvidence({ messages: [{ role: "user", content: "Hi" }] });
    assert.equal(evidence.prefixHash, "");
    assert.equal(evidence.prefixTokensEstimate, 0);
    assert.notEqual(evidence.inputHash, "");
  });

  test("two requests that differ only in the last user turn share the prefix, not the input", () => {
    const a = requestEvidence({ system: "Be brief.", messages: conversation });
    const b = requestEvidence({ system: "Be brief.", messages: [...conversation.slice(0, 2), { role: "user", content: "Spell it." }] });
    assert.equal(a.prefixHash, b.prefixHash);
    assert.notEqual(a.inputHash, b.inputHash);
  });

  test("prefix tokens: UTF-8 bytes / 4 rounded up as an estimate, the provider's cache figures when it reported any", () => {
    // "Be brief." 9 bytes + "My name is Ada." 15 + "Hello Ada." 10 = 34 bytes → 8.5 → 9 tokens.
    const { prefixTokensEstimate } = requestEvidence({ system: "Be brief.", messages: conversation });
    assert.equal(prefixTokensEstimate, 9);
    assert.equal(prefixTokens(prefixTokensEstimate, { cacheReadTokens: 0, cacheWriteTokens: 0 }), 9);
    assert.equal(prefixTokens(prefixTokensEstimate, undefined), 9);
    // Anthropic: 2,048 read + 512 written is the cached prefix, exactly.
    assert.equal(prefixTokens(prefixTokensEstimate, { cacheReadTokens: 2048, cacheWriteTokens: 512 }), 2560);
  });
});

describe("requestEvidence writes the canonical forms' text itself", () => {
  /** The prefix's text as the model reads it, from the canonical prefix object (the estimate's definition). */
  function prefixTextOf(prefix: Record<string, unknown>): string {
    let text = "";
    for (const system of (prefix["system"] as string[] | undefined) ?? []) text += system;
    for (const tool of (prefix["tools"] as unknown[] | undefined) ?? []) text += canonicalJson(tool);
    for (const message of (prefix["messages"] as { parts: Record<string, unknown>[] }[] | undefined) ?? []) {
      for (const part of message.parts) {
        if (part["type"] === "text" || part["type"] === "thinking") text += part["text"] as string;
        else if (part["type"] === "tool_call") text += (part["name"] as string) + canonicalJson(part["arguments"]);
        else if (part["type"] === "tool_result")
          text += typeof part["content"] === "string" ? part["content"] : canonicalJson(part["content"]);
      }
    }
    return text;
  }

  const sha = (value: unknown) => createHash("sha256").update(canonicalJson(value), "utf8").digest("hex").slice(0, 32);
  const ephemeral = { type: "ephemeral" };
  const shapes: Record<string, RequestShape> = {
    chat: requestShapeFromBody(CHAT),
    "chat with tools, tool calls and results": requestShapeFromBody({
      messages: [
        { role: "developer", content: 'Use tools.\n"Quote" \\ and \u0001.' },
        {
          role: "user",
          content: [
            { type: "text", text: "Weather?" },
            { type: "image_url", image_url: { url: "https://x/y.png" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "w", arguments: '{"b":1,"a":[2,{"d":null,"c":1.5}]}' } }],
        },
        { role: "tool", tool_call_id: "c1", content: '{"temp":20}' },
        { role: "assistant", tool_calls: [{ type: "function", function: { name: "w", arguments: "" } }], refusal: "No." },
        { role: "user", content: "Thanks — 🙂" },
      ],
      tools: [
        { type: "function", function: { name: "w", description: "Weather", parameters: { type: "object", properties: { z: {}, a: {} } } } },
      ],
      temperature: "0.5",
      stop: ["\n", 3],
      n: 1,
      response_format: { type: "json_schema", json_schema: { name: "x", schema: { b: 1, a: 2 } } },
      text: { verbosity: "low" },
      reasoning: { effort: "high" },
    }),
    "anthropic with breakpoints on a message": {
      system: [
        { type: "text", text: "S1" },
        { type: "text", text: "S2", cache_control: ephemeral },
      ],
      tools: [
        { name: "t", input_schema: { type: "object" }, cache_control: ephemeral },
        { type: "web_search_20250305", name: "ws" },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "doc" },
            { type: "document", source: { data: "abc" } },
            { type: "text", text: "q", cache_control: ephemeral },
            { type: "text", text: "more" },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hm" },
            { type: "tool_use", id: "x", name: "t", input: { q: 1 } },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "x",
              content: [
                { type: "text", text: "r1" },
                { type: "text", text: "r2" },
              ],
            },
          ],
        },
      ],
      params: { max_tokens: 100, thinking: { type: "enabled", budget_tokens: 50 }, top_k: 3 },
    },
    "breakpoint on the system": {
      system: [
        { type: "text", text: "A", cache_control: ephemeral },
        { type: "text", text: "B" },
      ],
      messages: "hi",
      tools: [{ name: "t" }],
    },
    "breakpoint on a tool": {
      tools: [{ name: "a", cache_control: ephemeral }, { name: "b" }],
      system: "S",
      messages: [{ role: "user", content: "x" }],
    },
    "tool result with media": {
      messages: [
        { role: "user", content: "x" },
        { role: "tool", content: [{ type: "tool-result", toolName: "t", output: { type: "json", value: { k: [1] } } }] },
        { role: "user", content: [{ type: "tool_result", content: [{ type: "image", source: { url: "u" } }] }] },
        { role: "assistant", content: "y" },
      ],
    },
    "responses input items": requestShapeFromBody({
      instructions: "Be nice.",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "a" },
            { type: "input_file", file_id: "f" },
          ],
        },
        { type: "function_call", name: "f", arguments: "{}", call_id: "1" },
        { type: "function_call_output", call_id: "1", output: "ok" },
        { type: "reasoning", summary: [{ type: "summary_text", text: "s" }] },
        { type: "custom_tool_call", name: "c", input: "free text" },
      ],
      text: { format: { type: "json_object" } },
      previous_response_id: "resp_1",
    }),
    "only tools": { tools: ['{"name":"j","parameters":{"type":"object"}}'] },
    "only a user turn": { messages: [{ role: "user", content: "Hi" }] },
    "no user turn": {
      messages: [
        { role: "assistant", content: "A" },
        { role: "system", content: "late system" },
      ],
    },
    empty: { messages: [], params: { temperature: 1 } },
  };

  for (const [name, shape] of Object.entries(shapes)) {
    test(`${name}: the hashes of canonicalRequest and canonicalPrefix, the prefix's estimate`, () => {
      const evidence = requestEvidence(shape);
      const input = canonicalRequest(shape);
      const prefix = canonicalPrefix(shape);
      const hasContent = (form: Record<string, unknown>) => ["system", "tools", "messages"].some((key) => form[key] !== undefined);
      assert.equal(evidence.inputHash, hasContent(input) ? sha(input) : "");
      assert.equal(evidence.prefixHash, hasContent(input) && hasContent(prefix) ? sha(prefix) : "");
      const estimate = Math.ceil(Buffer.byteLength(prefixTextOf(prefix), "utf8") / 4);
      assert.equal(evidence.prefixTokensEstimate, evidence.prefixHash === "" ? 0 : estimate);
    });
  }
});
