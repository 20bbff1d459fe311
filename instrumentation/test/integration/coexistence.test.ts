// Our spans stay one per call when the instrumentation is enabled twice, when a client is also
// instrumented by hand, and beside another OpenAI instrumentation (Traceloop's) on the same SDK.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { OpenAIInstrumentation as TraceloopOpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { instrument, OpenAIInstrumentation } from "../../src/index.ts";
import { loadSdk, startTracing } from "../tracing-harness.ts";

const tracing = startTracing();
const second = new OpenAIInstrumentation();
second.setTracerProvider(tracing.provider);
const traceloop = new TraceloopOpenAIInstrumentation();
traceloop.setTracerProvider(tracing.provider);
traceloop.enable();
const OpenAI = loadSdk("openai");
let mock: MockProvider;
let client: any;

before(async () => {
  mock = await startMockProvider();
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());
afterEach(() => tracing.reset());

function scopes(): string[] {
  return tracing.exporter.getFinishedSpans().map((span) => span.instrumentationScope.name);
}

test("two enabled instances of our instrumentation and Traceloop's: one span of ours per call", async () => {
  await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true });
  for await (const _chunk of stream) {
    // drain
  }
  await tracing.waitForSpans(2);
  const ours = scopes().filter((scope) => scope === "@promptmetrics/instrumentation/openai");
  const theirs = scopes().filter((scope) => scope.startsWith("@traceloop"));
  assert.equal(ours.length, 2);
  assert.equal(theirs.length, 2, "Traceloop's spans are still there: we do not break other instrumentations");
});

test("instrument(client) on an auto-instrumented client adds no second span", async () => {
  instrument(client);
  await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
  await tracing.waitForSpans(1);
  assert.equal(scopes().filter((scope) => scope.startsWith("@promptmetrics")).length, 1);
});
