// instrument(): a client instance or an SDK module object, for apps where auto-patching cannot
// reach the SDK (bundlers). Nothing is auto-instrumented in this file.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { instrument } from "../../src/index.ts";

const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
let mock: MockProvider;

before(async () => {
  mock = await startMockProvider();
});
after(() => mock.close());
afterEach(() => exporter.reset());

async function spanCountAfter(call: () => Promise<unknown>): Promise<number> {
  exporter.reset();
  await call();
  await new Promise((resolve) => setImmediate(resolve));
  return exporter.getFinishedSpans().length;
}

test("instrument(client) records that client's calls only", async () => {
  // The ESM build of openai, as a bundled or ESM app would load it.
  const { default: OpenAI } = await import("openai");
  const instrumented = instrument(new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 }));
  const plain = new OpenAI({ apiKey: "sk-test", baseURL: `${mock.url}/v1`, maxRetries: 0 });
  const ask = (client: InstanceType<typeof OpenAI>) =>
    client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
  assert.equal(await spanCountAfter(() => ask(instrumented)), 1);
  assert.equal(await spanCountAfter(() => ask(plain)), 0);
  assert.equal(await spanCountAfter(() => instrumented.embeddings.create({ model: "text-embedding-3-small", input: "hi" })), 1);
  instrument(instrumented);
  assert.equal(await spanCountAfter(() => ask(instrumented)), 1, "instrumenting twice records once");
});

test("instrument(module) records every client of that module", async () => {
  const sdk = await import("@anthropic-ai/sdk");
  instrument(sdk);
  const client = new sdk.default({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
  const count = await spanCountAfter(() =>
    client.messages.create({ model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user", content: "hi" }] }),
  );
  assert.equal(count, 1);
  const [span] = exporter.getFinishedSpans();
  assert.equal(span!.attributes["gen_ai.usage.output_tokens"], 8);
  assert.ok(
    exporter.getFinishedSpans().every((s) => s.instrumentationScope.name === "@promptmetrics/instrumentation/anthropic"),
    "the SDK's own span is replaced",
  );
});

test("instrument() refuses what it cannot instrument", () => {
  assert.throws(() => instrument({ something: true }), TypeError);
});
