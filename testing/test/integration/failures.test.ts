// Scripted failures seen through the real SDKs: each must surface as the SDK's own error, as the real API's would.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { type MockProvider, startMockProvider } from "../../src/mock-provider/index.ts";
import { waitFor } from "./wait-for.ts";

let mock: MockProvider;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  mock = await startMockProvider();
  openai = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
});
beforeEach(() => mock.reset());
after(() => mock.close());

const chat = { model: "gpt-4o", messages: [{ role: "user" as const, content: "hi" }] };
const message = { model: "claude-haiku-4-5", max_tokens: 128, messages: [{ role: "user" as const, content: "hi" }] };

describe("OpenAI failures", () => {
  it("429 becomes RateLimitError with retry-after and the API's error body", async () => {
    mock.enqueue({ kind: "rate-limit", retryAfterSeconds: 7 });
    await assert.rejects(openai.chat.completions.create(chat), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.equal(error.status, 429);
      assert.equal(error.headers?.get("retry-after"), "7");
      assert.equal(error.code, "rate_limit_exceeded");
      assert.equal(error.type, "tokens");
      return true;
    });
  });

  it("a client with retries honours retry-after and gets the next scripted answer", async () => {
    const retrying = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 1 });
    mock.enqueue({ kind: "rate-limit", retryAfterSeconds: 0 }, { kind: "reply", text: "after retry" });
    const completion = await retrying.chat.completions.create(chat);
    assert.equal(completion.choices[0]?.message.content, "after retry");
    assert.deepEqual(
      mock.requests.map((request) => [request.scenario, request.headers["x-stainless-retry-count"]]),
      [
        ["rate-limit", "0"],
        ["reply", "1"],
      ],
    );
  });

  it("500 becomes InternalServerError, 400 BadRequestError with its param", async () => {
    mock.enqueue({ kind: "server-error" }, { kind: "invalid-request", message: "Invalid 'messages': empty array.", param: "messages" });
    await assert.rejects(openai.chat.completions.create(chat), OpenAI.InternalServerError);
    await assert.rejects(openai.chat.completions.create(chat), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.param, "messages");
      assert.equal(error.message, "400 Invalid 'messages': empty array.");
      return true;
    });
  });

  it("a connection dropped before the response becomes APIConnectionError", async () => {
    mock.enqueue({ kind: "disconnect" });
    await assert.rejects(openai.embeddings.create({ model: "text-embedding-3-small", input: "x" }), OpenAI.APIConnectionError);
    assert.equal(mock.requests[0]?.outcome, "dropped");
  });

  it("a stream cut after K events delivers K chunks, then fetch's own error, which the SDK does not wrap", async () => {
    mock.enqueue({ kind: "disconnect", afterEvents: 3 });
    const stream = await openai.chat.completions.create({ ...chat, stream: true });
    const received: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
      })(),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(!(error instanceof OpenAI.APIError));
        assert.equal(error.message, "terminated");
        return true;
      },
    );
    assert.deepEqual(received, ["", "Hello ", "from "]);
  });

  it("an in-band stream error becomes APIError", async () => {
    mock.enqueue({ kind: "stream-error", afterEvents: 2, message: "upstream failed" });
    const stream = await openai.chat.completions.create({ ...chat, stream: true });
    await assert.rejects(
      (async () => {
        for await (const _chunk of stream);
      })(),
      (error: unknown) => error instanceof OpenAI.APIError && error.message === "upstream failed",
    );
  });

  it("a slow stream can be left early: the SDK aborts and the mock sees the client go", async () => {
    mock.enqueue({ kind: "reply", chunkDelayMs: 60_000 });
    const stream = await openai.chat.completions.create({ ...chat, stream: true });
    const received: string[] = [];
    for await (const chunk of stream) {
      received.push(chunk.choices[0]?.delta.role ?? "");
      break;
    }
    assert.deepEqual(received, ["assistant"]);
    await waitFor(() => mock.requests[0]?.outcome === "client-closed", "the mock to see the client leave");
  });

  it("aborting a stalled request rejects with APIUserAbortError", async () => {
    mock.enqueue({ kind: "stall" });
    const controller = new AbortController();
    const pending = openai.chat.completions.create(chat, { signal: controller.signal });
    await mock.waitForRequests(1);
    controller.abort();
    await assert.rejects(pending, OpenAI.APIUserAbortError);
  });
});

describe("Anthropic failures", () => {
  it("429 becomes RateLimitError carrying the typed error body and request id", async () => {
    mock.enqueue({ kind: "rate-limit", retryAfterSeconds: 30 });
    await assert.rejects(anthropic.messages.create(message), (error: unknown) => {
      assert.ok(error instanceof Anthropic.RateLimitError);
      assert.equal(error.headers?.get("retry-after"), "30");
      const body = error.error as { type: string; error: { type: string }; request_id: string };
      assert.equal(body.type, "error");
      assert.equal(body.error.type, "rate_limit_error");
      assert.equal(body.request_id, error.requestID);
      return true;
    });
  });

  it("529 becomes OverloadedError and 500 InternalServerError", async () => {
    mock.enqueue({ kind: "server-error", status: 529 }, { kind: "server-error" });
    await assert.rejects(anthropic.messages.create(message), Anthropic.OverloadedError);
    await assert.rejects(anthropic.messages.create(message), (error: unknown) => {
      assert.ok(error instanceof Anthropic.InternalServerError);
      assert.equal((error.error as { error: { type: string } }).error.type, "api_error");
      return true;
    });
  });

  it("a stream cut mid-way rejects finalMessage() with AnthropicError", async () => {
    mock.enqueue({ kind: "disconnect", afterEvents: 4 });
    const stream = anthropic.messages.stream(message);
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    await assert.rejects(stream.finalMessage(), (error: unknown) => {
      assert.ok(error instanceof Anthropic.AnthropicError);
      assert.ok(!(error instanceof Anthropic.APIError));
      assert.equal(error.message, "terminated");
      return true;
    });
    assert.deepEqual(texts, ["Hello "]);
  });

  it("an in-band error event becomes OverloadedError", async () => {
    mock.enqueue({ kind: "stream-error", afterEvents: 3 });
    const stream = anthropic.messages.stream(message);
    await assert.rejects(stream.finalMessage(), (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError);
      assert.equal((error.error as { error: { type: string } }).error.type, "overloaded_error");
      return true;
    });
  });

  it("aborting a stalled stream rejects with APIUserAbortError", async () => {
    mock.enqueue({ kind: "stall", afterEvents: 4 });
    const stream = anthropic.messages.stream(message);
    const texts: string[] = [];
    stream.on("text", (text) => {
      texts.push(text);
      stream.abort();
    });
    await assert.rejects(stream.finalMessage(), Anthropic.APIUserAbortError);
    assert.deepEqual(texts, ["Hello "]);
    await waitFor(() => mock.requests[0]?.outcome === "client-closed", "the mock to see the client leave");
  });
});
