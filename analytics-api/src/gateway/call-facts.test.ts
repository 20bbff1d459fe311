// The facts read from real provider wire formats (the mock provider's, which the SDK tests hold to the
// real APIs), fed in small pieces as a socket delivers them.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startMockProvider, type MockProvider, type Scenario } from "@promptmetrics/testing/mock-provider";
import { CallReader, operationOf, type Operation } from "./call-facts.ts";

let mock: MockProvider;
before(async () => (mock = await startMockProvider()));
after(() => mock.close());

async function read(
  operation: Operation,
  path: string,
  body: Record<string, unknown>,
  scenario: Scenario,
  headers: Record<string, string> = {},
) {
  mock.enqueue(scenario);
  const response = await fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const reader = new CallReader(operation, /event-stream/.test(response.headers.get("content-type") ?? ""));
  for (let i = 0; i < bytes.length; i += 7) reader.push(bytes.subarray(i, i + 7));
  return reader.finish();
}

const usage = { inputTokens: 1000, outputTokens: 200, cachedTokens: 300, reasoningTokens: 50 };
const anthropic = { "anthropic-version": "2023-06-01" };

test("paths map to the operations recorded as runs; others pass through unrecorded", () => {
  assert.equal(operationOf("openai", "/chat/completions"), "chat");
  assert.equal(operationOf("openai", "/responses"), "responses");
  assert.equal(operationOf("openai", "/embeddings"), "embeddings");
  assert.equal(operationOf("openai", "/models"), undefined);
  assert.equal(operationOf("anthropic", "/messages"), "messages");
  assert.equal(operationOf("anthropic", "/messages/count_tokens"), undefined);
});

test("OpenAI chat completions, plain and streamed with usage, give model, tokens and the end", async () => {
  const messages = [{ role: "user", content: "hi" }];
  for (const stream of [false, true]) {
    const body = { model: "gpt-4o-mini", messages, stream, ...(stream ? { stream_options: { include_usage: true } } : {}) };
    const facts = await read("chat", "/v1/chat/completions", body, { kind: "reply", usage });
    assert.deepEqual(
      facts.usage,
      { input: 1000, output: 200, cacheRead: 300, cacheWrite: 0, cacheWrite1h: 0, reasoning: 50 },
      `stream ${stream}`,
    );
    assert.match(facts.responseModel, /^gpt-4o-mini/);
    assert.deepEqual(facts.finishReasons, ["stop"]);
    assert.equal(facts.complete, true);
    assert.equal(facts.error, "");
  }
});

test("the Responses API and embeddings", async () => {
  for (const stream of [false, true]) {
    const facts = await read("responses", "/v1/responses", { model: "gpt-4o-mini", input: "hi", stream }, { kind: "reply", usage });
    assert.deepEqual(
      facts.usage,
      { input: 1000, output: 200, cacheRead: 300, cacheWrite: 0, cacheWrite1h: 0, reasoning: 50 },
      `stream ${stream}`,
    );
    assert.equal(facts.complete, true);
    assert.deepEqual(facts.finishReasons, ["completed"]);
  }
  const facts = await read(
    "embeddings",
    "/v1/embeddings",
    { model: "text-embedding-3-small", input: "hi" },
    { kind: "reply", usage: { inputTokens: 9 } },
  );
  assert.equal(facts.usage?.input, 9);
  assert.equal(facts.complete, true);
});

test("Anthropic messages count cache reads and writes into input, streamed or not", async () => {
  const cached = { inputTokens: 100, outputTokens: 40, cachedTokens: 400, cacheWriteTokens: 60, cacheWrite1hTokens: 20 };
  for (const stream of [false, true]) {
    const body = { model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user", content: "hi" }], stream };
    const facts = await read("messages", "/v1/messages", body, { kind: "reply", usage: cached }, anthropic);
    assert.deepEqual(
      facts.usage,
      { input: 560, output: 40, cacheRead: 400, cacheWrite: 60, cacheWrite1h: 20, reasoning: 0 },
      `stream ${stream}`,
    );
    assert.deepEqual(facts.finishReasons, ["end_turn"]);
    assert.equal(facts.complete, true);
  }
});

test("a stream cut before its terminal event is incomplete; an in-band error is named", async () => {
  const chat = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true };
  const cut = await read("chat", "/v1/chat/completions", chat, { kind: "disconnect", afterEvents: 2 }).catch(() => undefined);
  // fetch itself may reject on the cut; when it hands over the bytes, they are incomplete.
  if (cut) assert.equal(cut.complete, false);
  const failed = await read("chat", "/v1/chat/completions", chat, { kind: "stream-error", afterEvents: 2, message: "boom" });
  assert.equal(failed.error, "boom");
  const messages = { model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: "hi" }], stream: true };
  const overloaded = await read("messages", "/v1/messages", messages, { kind: "stream-error", afterEvents: 2 }, anthropic);
  assert.equal(overloaded.error, "Overloaded");
  assert.equal(overloaded.complete, false);
});

test("a non-streamed error body gives its message and no usage", async () => {
  const facts = await read(
    "chat",
    "/v1/chat/completions",
    { model: "gpt-4o-mini", messages: [] },
    { kind: "invalid-request", message: "bad messages" },
  );
  assert.equal(facts.error, "bad messages");
  assert.equal(facts.usage, null);
});
