import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readMessage, readMessages, type Message } from "./messages.ts";

describe("reading messages of every shape", () => {
  const table: Array<[string, unknown, Message | null]> = [
    ["plain text", "Hi", { role: "user", parts: [{ type: "text", text: "Hi" }], breakpoint: -1 }],
    ["OpenAI chat", { role: "user", content: "Hi" }, { role: "user", parts: [{ type: "text", text: "Hi" }], breakpoint: -1 }],
    [
      "developer is system",
      { role: "developer", content: "Rules" },
      { role: "system", parts: [{ type: "text", text: "Rules" }], breakpoint: -1 },
    ],
    [
      "OpenAI tool result",
      { role: "tool", tool_call_id: "call_1", content: "21C" },
      { role: "tool", parts: [{ type: "tool_result", content: "21C" }], breakpoint: -1 },
    ],
    [
      "Anthropic blocks with a breakpoint",
      {
        role: "user",
        content: [
          { type: "image", source: { type: "url", url: "https://x/cat.png" } },
          { type: "text", text: "What is it?", cache_control: { type: "ephemeral" } },
        ],
      },
      {
        role: "user",
        parts: [
          { type: "media", modality: "image", ref: "https://x/cat.png" },
          { type: "text", text: "What is it?" },
        ],
        breakpoint: 1,
      },
    ],
    [
      "GenAI parts",
      { role: "assistant", parts: [{ type: "tool_call", id: "c", name: "f", arguments: { a: 1 } }] },
      { role: "assistant", parts: [{ type: "tool_call", name: "f", arguments: { a: 1 } }], breakpoint: -1 },
    ],
    [
      "Responses function_call item",
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
      { role: "assistant", parts: [{ type: "tool_call", name: "f", arguments: "{}" }], breakpoint: -1 },
    ],
    [
      "Responses function_call_output item",
      { type: "function_call_output", call_id: "c", output: "ok" },
      { role: "tool", parts: [{ type: "tool_result", content: "ok" }], breakpoint: -1 },
    ],
    [
      "Vercel AI SDK tool result with a breakpoint in its provider options",
      {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: "c", toolName: "f", output: { type: "json", value: { ok: true } } }],
        providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
      },
      { role: "tool", parts: [{ type: "tool_result", content: { ok: true } }], breakpoint: 0 },
    ],
    [
      "a choice wraps its message",
      { index: 0, finish_reason: "stop", message: { role: "assistant", content: "Paris." } },
      { role: "assistant", parts: [{ type: "text", text: "Paris." }], breakpoint: -1 },
    ],
    ["an empty message is none", { role: "assistant", content: "" }, null],
  ];
  for (const [name, raw, expected] of table) test(name, () => assert.deepEqual(readMessage(raw, "user"), expected));

  test("a list leaves out messages without content", () => {
    assert.equal(readMessages([{ role: "user", content: "a" }, { role: "assistant", content: null }, 3], "user").length, 1);
  });
});
