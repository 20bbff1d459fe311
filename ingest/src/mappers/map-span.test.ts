import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttrValue, DecodedSpan } from "../otlp/types.ts";
import { detectDialect, mapSpan } from "./map-span.ts";

function span(scope: string, attributes: Record<string, AttrValue>, name = "span"): DecodedSpan {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    parentSpanId: "",
    name,
    kind: 3,
    startTimeUnixNano: 1_764_072_000_000_000_000n,
    endTimeUnixNano: 1_764_072_001_000_000_000n,
    attributes,
    events: [],
    status: { code: 0, message: "" },
    resource: { attributes: {} },
    scope: { name: scope, version: "1.0.0" },
  };
}

const CHAT = { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 10 };

describe("detectDialect", () => {
  it("names the library from the instrumentation scope first", () => {
    const cases: [string, string][] = [
      ["@traceloop/instrumentation-openai", "openllmetry"],
      ["traceloop.sdk", "openllmetry"],
      ["@arizeai/openinference-instrumentation-openai", "openinference"],
      ["openinference.instrumentation.langchain", "openinference"],
      ["openlit.otel.tracing", "openlit"],
      ["openlit", "openlit"],
      ["langfuse-sdk", "langfuse"],
    ];
    // Every one of these carries plain gen_ai.* attributes too: the scope decides.
    for (const [scope, dialect] of cases) assert.equal(detectDialect(span(scope, CHAT)), dialect, scope);
  });

  it('takes the Vercel AI SDK scope "ai" only with its own ai.* operation, so AI SDK 7\'s gen_ai-only spans read as genai', () => {
    assert.equal(detectDialect(span("ai", { "ai.operationId": "ai.generateText.doGenerate" })), "vercel-ai");
    assert.equal(detectDialect(span("ai", {}, "ai.streamText")), "vercel-ai");
    assert.equal(detectDialect(span("ai", CHAT, "chat claude-opus-4-5")), "genai");
  });

  it("falls back to distinguishing attributes, in a fixed order", () => {
    const cases: [Record<string, AttrValue>, string][] = [
      [{ "langfuse.observation.type": "generation", "openinference.span.kind": "LLM", ...CHAT }, "langfuse"],
      [{ "openinference.span.kind": "LLM", "ai.operationId": "ai.generateText.doGenerate" }, "openinference"],
      [{ "ai.operationId": "ai.generateText.doGenerate", "telemetry.sdk.name": "openlit" }, "vercel-ai"],
      [{ "telemetry.sdk.name": "openlit", "llm.request.type": "chat", ...CHAT }, "openlit"],
      [{ "gen_ai.application_name": "bot", ...CHAT }, "openlit"],
      [{ "gen_ai.endpoint": "openai.chat.completions", ...CHAT }, "openlit"],
      [{ "llm.request.type": "chat", ...CHAT }, "openllmetry"],
      [{ "llm.usage.total_tokens": 12, "gen_ai.system": "openai" }, "openllmetry"],
      [{ "traceloop.span.kind": "workflow" }, "openllmetry"],
      [{ "gen_ai.prompt.0.content": "hi" }, "openllmetry"],
      [{ "gen_ai.completion.0.content": "hi" }, "openllmetry"],
      [CHAT, "genai"],
      [{ "gen_ai.system": "openai" }, "genai"],
      [{ "gen_ai.provider.name": "anthropic" }, "genai"],
      [{ "gen_ai.usage.prompt_tokens": 3 }, "genai"],
    ];
    for (const [attrs, dialect] of cases) {
      // Scopes that name no library: the official OTel contrib, the Anthropic SDK's own, Python traceloop-sdk.
      for (const scope of [
        "@opentelemetry/instrumentation-openai",
        "com.anthropic.sdk.typescript",
        "opentelemetry.instrumentation.openai.v1",
      ]) {
        assert.equal(detectDialect(span(scope, attrs)), dialect, `${scope} ${JSON.stringify(attrs)}`);
      }
    }
  });

  it("finds no dialect on spans without LLM instrumentation", () => {
    assert.equal(
      detectDialect(
        span("@opentelemetry/instrumentation-http", {
          "http.request.method": "POST",
          "url.full": "https://api.openai.com/v1/chat/completions",
          "http.response.status_code": 200,
        }),
      ),
      null,
    );
    assert.equal(
      detectDialect(span("@opentelemetry/instrumentation-pg", { "db.system.name": "postgresql", "db.query.text": "SELECT 1" })),
      null,
    );
  });
});

describe("mapSpan", () => {
  it("returns null for HTTP and database spans", () => {
    assert.equal(
      mapSpan(
        span("@opentelemetry/instrumentation-undici", { "http.request.method": "POST", "server.address": "api.anthropic.com" }, "POST"),
      ),
      null,
    );
    assert.equal(mapSpan(span("@opentelemetry/instrumentation-pg", { "db.system.name": "postgresql" }, "pg.query")), null);
  });

  it("maps through the detected dialect's mapper", () => {
    const call = mapSpan(span("@traceloop/instrumentation-openai", { ...CHAT, "gen_ai.provider.name": "openai" }, "chat gpt-4o"));
    assert.equal(call?.dialect, "openllmetry");
    assert.equal(call?.usage.inputTokens, 10);
    assert.equal(mapSpan(span("openlit", { ...CHAT, "gen_ai.operation.name": "execute_tool" })), null);
  });

  it("leaves our instrumentation's span of a call through the gateway as a plain span: the gateway's run counts", () => {
    const attrs = { ...CHAT, "gen_ai.provider.name": "openai", "promptmetrics.endpoint.kind": "gateway" };
    assert.equal(mapSpan(span("@promptmetrics/instrumentation", attrs, "chat gpt-4o")), null);
    assert.notEqual(
      mapSpan(span("@promptmetrics/instrumentation", { ...attrs, "promptmetrics.endpoint.kind": "compatible" }, "chat gpt-4o")),
      null,
    );
  });

  it("keeps the Vercel parent out and the provider-call child in", () => {
    const usage = { "ai.usage.inputTokens": 100, "ai.usage.outputTokens": 20 };
    assert.equal(mapSpan(span("ai", { "ai.operationId": "ai.streamText", ...usage }, "ai.streamText")), null);
    assert.equal(
      mapSpan(span("ai", { "ai.operationId": "ai.streamText.doStream", ...usage }, "ai.streamText.doStream"))?.usage.inputTokens,
      100,
    );
  });
});
