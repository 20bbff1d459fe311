// The zero-code start: unmodified ESM and CommonJS apps (test/fixtures/app.{mjs,cjs}) run in child
// processes with only `--import` / `--require @promptmetrics/instrumentation/register` and environment
// variables, against the mock provider, exporting to a stand-in OTLP receiver. The apps print what
// they got from the SDKs and exit on their own, without any flush code.
// Needs the built dist/ (the package's exports point at it): `node instrumentation/scripts/build.ts`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_TEXT, startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { closedPort, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../otlp-receiver.ts";
import { IMPORT_HOOK, killRunningApps, providerEnv, REQUIRE_HOOK, runApp, type AppRun } from "../run-app.ts";

const API_KEY = "pm_ingest_test_key";
const OPENAI_SCOPE = "@promptmetrics/instrumentation/openai";
const ANTHROPIC_SCOPE = "@promptmetrics/instrumentation/anthropic";

/** What both apps print: the SDKs' answers, whether or not anything traces them. */
const APP_OUTPUT = [
  `openai: ${DEFAULT_TEXT} (20 tokens)`,
  `openai, streamed: ${DEFAULT_TEXT}`,
  `anthropic: ${DEFAULT_TEXT} (20 tokens)`,
  `anthropic, streamed: ${DEFAULT_TEXT}`,
  "",
].join("\n");

/** The four LLM calls of an app, in a stable order (a stream's span may end after the next call's). */
const APP_SPANS = [
  `${ANTHROPIC_SCOPE} | chat claude-haiku-4-5 | plain | 12 in, 8 out`,
  `${ANTHROPIC_SCOPE} | chat claude-haiku-4-5 | streamed | 12 in, 8 out`,
  `${OPENAI_SCOPE} | chat gpt-4o-mini | plain | 12 in, 8 out`,
  // The mock is not api.openai.com, so the stream is sent as the app wrote it, without include_usage.
  `${OPENAI_SCOPE} | chat gpt-4o-mini | streamed | estimated`,
];

const APPS = [
  { app: "app.mjs", kind: "ESM", flags: IMPORT_HOOK },
  { app: "app.cjs", kind: "CommonJS", flags: REQUIRE_HOOK },
] as const;

let mock: MockProvider;
let receiver: OtlpReceiver;
const uninstrumented = new Map<string, AppRun>();

before(async () => {
  [mock, receiver] = await Promise.all([startMockProvider(), startOtlpReceiver()]);
  for (const { app } of APPS) uninstrumented.set(app, await runApp(app, { env: providerEnv(mock.url) }));
});

after(async () => {
  killRunningApps();
  await Promise.all([mock?.close(), receiver?.close()]);
});

function describeSpan(span: ReceivedSpan): string {
  const a = span.attributes;
  const usage =
    a["promptmetrics.usage.estimated"] === true
      ? "estimated"
      : `${a["gen_ai.usage.input_tokens"]} in, ${a["gen_ai.usage.output_tokens"]} out`;
  return [span.scope, span.name, a["gen_ai.request.stream"] === true ? "streamed" : "plain", usage].join(" | ");
}

function receivedCalls(): string[] {
  return receiver.spans().map(describeSpan).sort();
}

/** Runs an instrumented app against a clean receiver; it must print what it prints uninstrumented and exit 0. */
async function runInstrumented(app: string, flags: readonly string[], env: Record<string, string>): Promise<AppRun> {
  receiver.reset();
  const run = await runApp(app, { flags, env: { ...providerEnv(mock.url), ...env } });
  assert.equal(run.code, 0, `exit code 0; stderr: ${run.stderr}`);
  assert.equal(run.stdout, uninstrumented.get(app)?.stdout);
  return run;
}

test("without instrumentation both apps print the SDKs' answers and exit 0 (the baseline)", () => {
  for (const { app } of APPS) {
    assert.deepEqual({ ...uninstrumented.get(app) }, { code: 0, signal: null, stdout: APP_OUTPUT, stderr: "" }, app);
  }
});

for (const { app, kind, flags } of APPS) {
  test(`${kind} app with ${flags.join(" ")}: same output, and its 4 LLM spans reach PROMPTMETRICS_ENDPOINT with the key and resource before it exits`, async () => {
    await runInstrumented(app, flags, {
      PROMPTMETRICS_API_KEY: API_KEY,
      PROMPTMETRICS_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: "checkout-api",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=staging,team=payments",
    });
    // The process has exited: whatever was not sent before is lost.
    assert.deepEqual(receivedCalls(), APP_SPANS);
    for (const sent of receiver.exports) {
      assert.deepEqual(
        { path: sent.path, authorization: sent.authorization, contentType: sent.contentType },
        { path: "/v1/traces", authorization: `Bearer ${API_KEY}`, contentType: "application/x-protobuf" },
      );
    }
    for (const span of receiver.spans()) {
      const { resource } = span;
      assert.deepEqual(
        { service: resource["service.name"], environment: resource["deployment.environment.name"], team: resource["team"] },
        { service: "checkout-api", environment: "staging", team: "payments" },
      );
    }
  });
}

test("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as given when PROMPTMETRICS_ENDPOINT is unset; service.name defaults to the script's name", async () => {
  await runInstrumented("app.mjs", IMPORT_HOOK, {
    PROMPTMETRICS_API_KEY: API_KEY,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/collector/traces`,
  });
  assert.deepEqual(receivedCalls(), APP_SPANS);
  assert.deepEqual(
    new Set(receiver.exports.map((sent) => `${sent.path} ${sent.authorization}`)),
    new Set([`/collector/traces Bearer ${API_KEY}`]),
  );
  assert.deepEqual(new Set(receiver.spans().map((span) => span.resource["service.name"])), new Set(["app"]));
});

for (const { app, kind, flags } of APPS) {
  test(`${kind} app, endpoint down (nothing listens): the app prints the same output and exits with code 0`, async () => {
    const port = await closedPort();
    await runInstrumented(app, flags, { PROMPTMETRICS_API_KEY: API_KEY, PROMPTMETRICS_ENDPOINT: `http://127.0.0.1:${port}` });
    assert.equal(receiver.exports.length, 0);
  });
}

for (const { app, kind } of APPS) {
  test(`${kind} app with both --require and --import: each call is exported once`, async () => {
    await runInstrumented(app, [...REQUIRE_HOOK, ...IMPORT_HOOK], { PROMPTMETRICS_API_KEY: API_KEY, PROMPTMETRICS_ENDPOINT: receiver.url });
    assert.deepEqual(receivedCalls(), APP_SPANS);
  });
}

test("OTEL_SDK_DISABLED=true: the hook stays off, nothing is exported, the app runs as without it", async () => {
  const run = await runInstrumented("app.mjs", IMPORT_HOOK, {
    PROMPTMETRICS_API_KEY: API_KEY,
    PROMPTMETRICS_ENDPOINT: receiver.url,
    OTEL_SDK_DISABLED: "true",
  });
  assert.equal(run.stderr, "");
  assert.equal(receiver.exports.length, 0);
});

test("CommonJS app with --require: its stderr is unchanged", async () => {
  const run = await runInstrumented("app.cjs", REQUIRE_HOOK, { PROMPTMETRICS_API_KEY: API_KEY, PROMPTMETRICS_ENDPOINT: receiver.url });
  assert.equal(run.stderr, "");
});

test("ESM app with --import: its stderr is unchanged", async () => {
  const run = await runInstrumented("app.mjs", IMPORT_HOOK, { PROMPTMETRICS_API_KEY: API_KEY, PROMPTMETRICS_ENDPOINT: receiver.url });
  assert.equal(run.stderr, "");
});
