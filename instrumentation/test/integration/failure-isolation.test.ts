// A failure inside the instrumentation never reaches the caller: the original method runs and
// the problem goes to the OTel diag logger.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { diag, DiagLogLevel, type TracerProvider } from "@opentelemetry/api";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { OpenAIInstrumentation } from "../../src/index.ts";
import { loadSdk } from "../tracing-harness.ts";

const logged: string[] = [];
diag.setLogger(
  {
    error: (message: string) => logged.push(message),
    warn: (message: string) => logged.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  },
  DiagLogLevel.WARN,
);
const brokenTracer = {
  startSpan(): never {
    throw new Error("a bug in the tracer");
  },
  startActiveSpan(): never {
    throw new Error("a bug in the tracer");
  },
};
const brokenProvider = { getTracer: () => brokenTracer } as unknown as TracerProvider;
const instrumentation = new OpenAIInstrumentation();
instrumentation.setTracerProvider(brokenProvider);
const OpenAI = loadSdk("openai");
let mock: MockProvider;

before(async () => {
  mock = await startMockProvider();
});
after(() => mock.close());

test("a call whose span cannot start still returns the SDK's result, and the problem is logged", async () => {
  const client = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
  assert.equal(completion.choices[0].message.content, "Hello from the mock provider.");
  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  assert.equal(text, "Hello from the mock provider.");
  assert.ok(
    logged.some((message) => message.includes("could not start a span")),
    logged.join("\n"),
  );
});

test("the SDK's own errors still reach the caller unchanged", async () => {
  mock.enqueue({ kind: "rate-limit" });
  const client = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
  const error = await client.chat.completions
    .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
    .catch((caught: unknown) => caught);
  assert.ok(error instanceof OpenAI.RateLimitError);
});
