// Issue 4's "done when": an unmodified ESM app and an unmodified CommonJS app (test/fixtures/), calling
// both SDKs plain and streamed, started with only the register flag and PROMPTMETRICS_API_KEY /
// PROMPTMETRICS_ENDPOINT, show up in a real PromptMetrics ingest (embedded store) as runs with the
// right model, provider, tokens and cost.
// Needs the built dist/ (the package's exports point at it): `node instrumentation/scripts/build.ts`.
//
// Prices (USD per 1M tokens, pricing/catalogue.json as of 2026-11-25):
//   gpt-4o-mini        input 0.15, output 0.60
//   claude-haiku-4-5   input 1, cache read 0.10, cache write (5 min) 1.25, output 5
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startIngestHarness, waitFor, type IngestHarness } from "@promptmetrics/testing/ingest-harness";
import { DEFAULT_TEXT, startMockProvider, type MockProvider, type Scenario } from "@promptmetrics/testing/mock-provider";
import { get_encoding } from "tiktoken";
import { IMPORT_HOOK, killRunningApps, providerEnv, REQUIRE_HOOK, runApp } from "../run-app.ts";

const RUN_COLUMNS = [
  "service_name",
  "provider",
  "model",
  "request_model",
  "operation",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "usage_estimated",
  "cost_usd",
  "cost_cache_read_usd",
  "cost_cache_write_usd",
  "status",
] as const;

type RunRow = Record<(typeof RUN_COLUMNS)[number] | "streamed", unknown>;

let harness: IngestHarness;
let mock: MockProvider;

before(async () => {
  [harness, mock] = await Promise.all([startIngestHarness(), startMockProvider()]);
});

after(async () => {
  killRunningApps();
  await Promise.all([mock?.close(), harness?.close()]);
});

/** The project's runs, oldest first, with whether the call was streamed (from the span's attributes). */
async function readRuns(projectId: string): Promise<RunRow[]> {
  const rows = await harness.store.query<Record<string, unknown> & { attributes: Record<string, string> }>(
    `SELECT ${RUN_COLUMNS.join(", ")}, attributes FROM llm_runs WHERE project_id = {p:String} ORDER BY start_time`,
    { p: projectId },
  );
  return rows.map(({ attributes, ...row }) => ({ ...row, streamed: attributes["gen_ai.request.stream"] === "true" }) as RunRow);
}

/** USD as ClickHouse prints a Decimal: from a sum in units of 10⁻⁸ USD (0.01 USD per 1M tokens). */
function usd(hundredMillionths: number): string {
  return (hundredMillionths / 1e8).toFixed(8).replace(/\.?0+$/, "");
}

function o200kTokens(text: string): number {
  const encoding = get_encoding("o200k_base");
  try {
    return encoding.encode_ordinary(text).length;
  } finally {
    encoding.free();
  }
}

// The apps make four calls in this order; the third answers with prompt-cache usage.
const REPLIES: Scenario[] = [
  { kind: "reply" },
  { kind: "reply" },
  { kind: "reply", usage: { inputTokens: 20, cachedTokens: 2000, cacheWriteTokens: 500, outputTokens: 40 } },
  { kind: "reply" },
];

const APPS = [
  { app: "app.mjs", kind: "ESM", flags: IMPORT_HOOK },
  { app: "app.cjs", kind: "CommonJS", flags: REQUIRE_HOOK },
] as const;

for (const { app, kind, flags } of APPS) {
  test(`${kind} app started with ${flags.join(" ")} and two variables: its 4 calls are stored with model, tokens and cost`, async () => {
    const project = await harness.addProject(`${kind} app`);
    mock.reset();
    mock.enqueue(...REPLIES);
    const run = await runApp(app, {
      flags,
      env: { ...providerEnv(mock.url), PROMPTMETRICS_API_KEY: project.ingestKey, PROMPTMETRICS_ENDPOINT: harness.url },
    });
    assert.equal(run.code, 0, `exit code 0; stderr: ${run.stderr}`);
    assert.equal(mock.requests.length, 4);

    const runs = await waitFor(
      () => readRuns(project.projectId),
      (rows) => rows.length >= 4,
    );
    assert.equal(runs.length, 4);
    const common = { service_name: "app", operation: "chat", status: "ok" };
    const [openaiPlain, openaiStreamed, anthropicCached, anthropicStreamed] = runs;

    // 12 in × 0.15 + 8 out × 0.60 = 1.8 + 4.8 = 6.6 × 10⁻⁶ USD
    assert.deepEqual(openaiPlain, {
      ...common,
      provider: "openai",
      model: "gpt-4o-mini-2024-07-18",
      request_model: "gpt-4o-mini",
      input_tokens: 12,
      output_tokens: 8,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      usage_estimated: false,
      cost_usd: "0.0000066",
      cost_cache_read_usd: "0",
      cost_cache_write_usd: "0",
      streamed: false,
    });

    // The app's stream has no stream_options.include_usage, so OpenAI sends no usage: the tokens are
    // counted locally (o200k_base for gpt-4o-mini) and the run says so. The output count is exactly
    // the streamed text's; the prompt count includes the chat format's per-message tokens.
    const input = openaiStreamed?.["input_tokens"];
    assert.ok(typeof input === "number" && input > 0, `estimated input tokens: ${input}`);
    const output = o200kTokens(DEFAULT_TEXT);
    assert.deepEqual(openaiStreamed, {
      ...common,
      provider: "openai",
      model: "gpt-4o-mini-2024-07-18",
      request_model: "gpt-4o-mini",
      input_tokens: input,
      output_tokens: output,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      usage_estimated: true,
      cost_usd: usd(input * 15 + output * 60),
      cost_cache_read_usd: "0",
      cost_cache_write_usd: "0",
      streamed: true,
    });

    // Anthropic's input_tokens (20) excludes the cache; the run's input is 20 + 2000 + 500 = 2520.
    //   uncached input   20 × 1    = 0.00002
    //   cache read     2000 × 0.10 = 0.0002
    //   cache write     500 × 1.25 = 0.000625
    //   output           40 × 5    = 0.0002
    //   total                      = 0.001045
    assert.deepEqual(anthropicCached, {
      ...common,
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      request_model: "claude-haiku-4-5",
      input_tokens: 2520,
      output_tokens: 40,
      cache_read_tokens: 2000,
      cache_write_tokens: 500,
      usage_estimated: false,
      cost_usd: "0.001045",
      cost_cache_read_usd: "0.0002",
      cost_cache_write_usd: "0.000625",
      streamed: false,
    });

    // Usage from message_start and message_delta: 12 in × 1 + 8 out × 5 = 52 × 10⁻⁶ USD
    assert.deepEqual(anthropicStreamed, {
      ...common,
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      request_model: "claude-haiku-4-5",
      input_tokens: 12,
      output_tokens: 8,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      usage_estimated: false,
      cost_usd: "0.000052",
      cost_cache_read_usd: "0",
      cost_cache_write_usd: "0",
      streamed: true,
    });
  });
}
