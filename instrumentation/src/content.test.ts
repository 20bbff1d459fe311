import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveConfig } from "./config.ts";
import { inputContentAttributes, outputContentAttributes, truncate } from "./content.ts";

test("truncate shares one budget across texts and says how much it cut", () => {
  const budget = { left: 10 };
  assert.equal(truncate("hello", budget), "hello");
  assert.equal(truncate("wonderful world", budget), "wonde…[truncated 10 chars]");
  assert.equal(truncate("more", budget), "…[truncated 4 chars]");
});

test("system instructions, tool calls and tool results keep their shape", () => {
  const config = resolveConfig({ captureContent: true }, {});
  const attributes = inputContentAttributes(
    [{ type: "text", content: "Be brief." }],
    [
      { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "add", arguments: { a: 1 } }] },
      { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: 2 }] },
    ],
    config,
  );
  assert.deepEqual(JSON.parse(attributes["gen_ai.system_instructions"] as string), [{ type: "text", content: "Be brief." }]);
  assert.deepEqual(JSON.parse(attributes["gen_ai.input.messages"] as string), [
    { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "add", arguments: '{"a":1}' }] },
    { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: "2" }] },
  ]);
  assert.deepEqual(outputContentAttributes([], config), {});
});

test("the redaction hook sees each text with its direction and role", () => {
  const seen: string[] = [];
  const config = resolveConfig({ redactContent: (text, info) => (seen.push(`${info.direction}/${info.role}`), text.toUpperCase()) }, {});
  const attributes = outputContentAttributes([{ role: "assistant", parts: [{ type: "text", content: "hi" }] }], config);
  assert.deepEqual(JSON.parse(attributes["gen_ai.output.messages"] as string), [
    { role: "assistant", parts: [{ type: "text", content: "HI" }] },
  ]);
  assert.deepEqual(seen, ["output/assistant"]);
});
