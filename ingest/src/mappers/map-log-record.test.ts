import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttrValue, DecodedLogRecord } from "../otlp/types.ts";
import { mapLogRecord } from "./map-log-record.ts";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const SPAN = "b7ad6b7169203331";

function record(
  eventName: string,
  body: AttrValue,
  attributes: Record<string, AttrValue> = {},
  ids = { traceId: TRACE, spanId: SPAN },
): DecodedLogRecord {
  return {
    timeUnixNano: 1_764_072_000_000_000_000n,
    observedTimeUnixNano: 1_764_072_000_000_000_000n,
    severityNumber: 9,
    severityText: "INFO",
    eventName,
    body,
    attributes,
    ...ids,
    resource: { attributes: {} },
    scope: { name: "@opentelemetry/instrumentation-openai", version: "0.10.0" },
  };
}

describe("mapLogRecord: gen_ai.client.inference.operation.details", () => {
  it("reads JSON-string messages and system instructions from the attributes", () => {
    const content = mapLogRecord(
      record("gen_ai.client.inference.operation.details", null, {
        "gen_ai.operation.name": "chat",
        "gen_ai.system_instructions": '[{"type":"text","content":"Be brief."}]',
        "gen_ai.input.messages": '[{"role":"user","parts":[{"type":"text","content":"Capital of France?"}]}]',
        "gen_ai.output.messages": '[{"role":"assistant","parts":[{"type":"text","content":"Paris."}],"finish_reason":"stop"}]',
      }),
    );
    assert.deepEqual(content, {
      traceId: TRACE,
      spanId: SPAN,
      inputText: "system: Be brief.\nuser: Capital of France?",
      outputText: "assistant: Paris.",
    });
  });

  it("reads already-decoded AnyValue arrays from the body", () => {
    const content = mapLogRecord(
      record("gen_ai.client.inference.operation.details", {
        "gen_ai.input.messages": [{ role: "user", parts: [{ type: "text", content: "Hi" }] }],
        "gen_ai.output.messages": [
          {
            role: "assistant",
            parts: [
              { type: "reasoning", content: "Greeting back." },
              { type: "text", content: "Hello!" },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(content, { traceId: TRACE, spanId: SPAN, inputText: "user: Hi", outputText: "assistant: Greeting back.\nHello!" });
  });

  it("returns null when content capture was off (no messages)", () => {
    assert.equal(mapLogRecord(record("gen_ai.client.inference.operation.details", null, { "gen_ai.operation.name": "chat" })), null);
  });
});

describe("mapLogRecord: per-message events (OTel contrib OpenAI)", () => {
  it("renders system, user, assistant and tool messages as input", () => {
    const cases: [string, AttrValue, string][] = [
      ["gen_ai.system.message", { role: "system", content: "Be brief." }, "system: Be brief."],
      ["gen_ai.user.message", { role: "user", content: "Weather in Paris?" }, "user: Weather in Paris?"],
      [
        "gen_ai.user.message",
        {
          content: [
            { type: "text", text: "Describe" },
            { type: "image_url", image_url: { url: "https://x/y.png" } },
          ],
        },
        "user: Describe\n[image_url]",
      ],
      [
        "gen_ai.assistant.message",
        {
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
        },
        'assistant: [tool_call get_weather {"city":"Paris"}]',
      ],
      ["gen_ai.tool.message", { content: "18C", id: "call_1" }, "tool: 18C"],
    ];
    for (const [name, body, inputText] of cases) {
      assert.deepEqual(mapLogRecord(record(name, body)), { traceId: TRACE, spanId: SPAN, inputText, outputText: "" }, name);
    }
  });

  it("renders gen_ai.choice as output", () => {
    const content = mapLogRecord(record("gen_ai.choice", { finish_reason: "stop", index: 0, message: { content: "It is 18C." } }));
    assert.deepEqual(content, { traceId: TRACE, spanId: SPAN, inputText: "", outputText: "assistant: It is 18C." });
  });

  it("takes the event name from the event.name attribute of older SDKs", () => {
    const content = mapLogRecord(record("", { content: "Hi" }, { "event.name": "gen_ai.user.message", "gen_ai.system": "openai" }));
    assert.equal(content?.inputText, "user: Hi");
  });

  it("returns null for a choice without captured content, a record tied to no span, and other logs", () => {
    assert.equal(mapLogRecord(record("gen_ai.choice", { finish_reason: "stop", index: 0, message: {} })), null);
    assert.equal(mapLogRecord(record("gen_ai.user.message", { content: "Hi" }, {}, { traceId: "", spanId: "" })), null);
    assert.equal(mapLogRecord(record("", "GET /healthz 200")), null);
  });

  it("caps content at 64 Ki characters", () => {
    // "user: " + 70,000 characters = 70,006; the first 65,536 are kept.
    const content = mapLogRecord(record("gen_ai.user.message", { content: "x".repeat(70_000) }));
    assert.equal(content?.inputText, `user: ${"x".repeat(65_530)}…[truncated 4470 chars]`);
  });
});
