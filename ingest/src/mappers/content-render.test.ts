import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderContentValue, renderPart, renderSystemInstructions, withSystemInstructions } from "./content-render.ts";
import { contentFromSpanEvents } from "./genai-events.ts";
import { OPENINFERENCE_INPUT, renderIndexedMessages } from "./indexed-messages.ts";

describe("content rendering", () => {
  it("renders every known part type", () => {
    assert.equal(renderPart("plain"), "plain");
    assert.equal(renderPart(42), "");
    assert.equal(renderPart({ type: "text", content: "a" }), "a");
    assert.equal(renderPart({ text: "untyped" }), "untyped");
    assert.equal(renderPart({ type: "output_text", text: "b" }), "b");
    assert.equal(renderPart({ type: "thinking", thinking: "hmm" }), "hmm");
    assert.equal(renderPart({ type: "tool_use", name: "f", input: { x: 1 } }), '[tool_call f {"x":1}]');
    assert.equal(renderPart({ type: "tool-call", toolName: "g" }), "[tool_call g]");
    assert.equal(renderPart({ type: "tool-result", output: { type: "text", value: "ok" } }), '[tool_result {"type":"text","value":"ok"}]');
    assert.equal(renderPart({ type: "function_call_output", output: "done" }), "[tool_result done]");
    assert.equal(renderPart({ type: "uri", modality: "image", uri: "https://x" }), "[uri]");
  });

  it("renders message lists, objects and plain text", () => {
    assert.equal(renderContentValue("just text"), "just text");
    assert.equal(renderContentValue("[not json"), "[not json");
    assert.equal(renderContentValue('"quoted"'), "quoted");
    assert.equal(renderContentValue(7), "7");
    assert.equal(renderContentValue(undefined), "");
    assert.equal(
      renderContentValue('[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"text","text":"yo"}]}]'),
      "user: hi\nassistant: yo",
    );
    assert.equal(renderContentValue('["a","b"]'), "user: a\nuser: b");
    assert.equal(renderContentValue("[1,2]"), "[1,2]");
    assert.equal(renderContentValue('{"system":"S","prompt":"P"}'), "system: S\nuser: P");
    assert.equal(renderContentValue('{"prompt":[{"role":"user","content":"x"}]}'), "user: x");
    assert.equal(
      renderContentValue('{"choices":[{"message":{"role":"assistant","content":"Paris."}},{"text":"Rome."}]}', "assistant"),
      "assistant: Paris.\nassistant: Rome.",
    );
    assert.equal(renderContentValue('{"role":"assistant","content":{"type":"text","text":"z"}}'), "assistant: z");
    assert.equal(renderContentValue('{"query":"weather"}'), '{"query":"weather"}');
    assert.equal(renderContentValue({ query: "weather" }), '{"query":"weather"}');
    assert.equal(renderContentValue([{ role: "user", parts: [{ type: "text", content: "decoded" }] }]), "user: decoded");
  });

  it("renders system instructions and does not repeat them when the messages already start with them", () => {
    assert.equal(renderSystemInstructions("Be brief."), "system: Be brief.");
    assert.equal(renderSystemInstructions('[{"type":"text","content":"Be brief."}]'), "system: Be brief.");
    assert.equal(renderSystemInstructions('{"role":"system","content":"Obj"}'), "system: Obj");
    assert.equal(renderSystemInstructions(""), "");
    assert.equal(renderSystemInstructions("[]"), "");
    assert.equal(renderSystemInstructions(undefined), "");
    assert.equal(withSystemInstructions("system: S", "system: S\nuser: U"), "system: S\nuser: U");
    assert.equal(withSystemInstructions("system: S", "user: U"), "system: S\nuser: U");
  });

  it("renders OpenInference flattened messages with contents and tool calls", () => {
    const attrs = {
      "llm.input_messages.0.message.role": "user",
      "llm.input_messages.0.message.contents.0.message_content.text": "part one",
      "llm.input_messages.0.message.contents.1.message_content.text": "part two",
      "llm.input_messages.1.message.role": "assistant",
      "llm.input_messages.1.message.tool_calls.0.tool_call.function.name": "get_weather",
      "llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments": '{"city":"Paris"}',
      "llm.input_messages.2.message.role": "tool",
      "llm.input_messages.3.message.content": "no role",
    };
    assert.equal(
      renderIndexedMessages(attrs, OPENINFERENCE_INPUT, "user"),
      'user: part one\npart two\nassistant: [tool_call get_weather {"city":"Paris"}]\nuser: no role',
    );
  });

  it("reads content from span events in their packed and flat forms", () => {
    const at = 0n;
    const content = contentFromSpanEvents([
      { timeUnixNano: at, name: "exception", attributes: { "exception.type": "X" } },
      { timeUnixNano: at, name: "gen_ai.system.message", attributes: { "gen_ai.event.content": '{"content":"S"}' } },
      { timeUnixNano: at, name: "gen_ai.user.message", attributes: { "gen_ai.event.content": "plain" } },
      { timeUnixNano: at, name: "gen_ai.tools.message", attributes: { content: "18C" } },
      { timeUnixNano: at, name: "gen_ai.choice", attributes: { message: '{"role":"assistant","content":"Done"}' } },
      { timeUnixNano: at, name: "gen_ai.choice", attributes: { "gen_ai.event.content": "raw text" } },
      { timeUnixNano: at, name: "gen_ai.other", attributes: {} },
    ]);
    assert.deepEqual(content, { input: "system: S\nuser: plain\ntool: 18C", output: "assistant: Done\nassistant: raw text" });
  });
});
