// End to end with real third-party instrumentations: each scenario runs an instrumented OpenAI or
// Anthropic SDK in its own process against the mock provider, ships its spans with a real OTLP exporter
// to a real ingest on the embedded store, and the call's llm_runs row must carry its tokens and price.
//
// Prices (USD per 1M tokens, pricing/catalogue.json as of 2026-11-25):
//   gpt-4o-mini        input 0.15, cached input 0.075, output 0.60
//   o4-mini            input 1.10, cached input 0.275, output 4.40 (reasoning billed as output)
//   claude-haiku-4-5   input 1, cache read 0.10, cache write 5m 1.25, cache write 1h 2, output 5
//   text-embedding-3-small input 0.02
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startMockProvider, type MockProvider, type Scenario } from "@promptmetrics/testing/mock-provider";
import { startIngestHarness, waitFor, type IngestHarness } from "@promptmetrics/testing/ingest-harness";
import { PEER_SERVICE_NAME, type PeerReport, type PeerScenario, type ReportedSpan } from "../peers/peer-report.ts";
import { runPeer } from "../peers/run-peer.ts";

const RUN_COLUMNS = [
  "span_id",
  "service_name",
  "provider",
  "model",
  "request_model",
  "operation",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "cost_input_usd",
  "cost_cache_read_usd",
  "cost_cache_write_usd",
  "cost_output_usd",
  "cost_reasoning_usd",
  "priced_model",
  "status",
  "finish_reason",
  "input_text",
  "output_text",
] as const;

type RunRow = Record<(typeof RUN_COLUMNS)[number], unknown>;

interface SpanRowSummary {
  span_id: string;
  scope_name: string;
  is_llm: boolean;
}

let harness: IngestHarness;
let mock: MockProvider;

before(async () => {
  [harness, mock] = await Promise.all([startIngestHarness(), startMockProvider()]);
});

after(async () => {
  await Promise.all([mock?.close(), harness?.close()]);
});

function readRuns(projectId: string): Promise<RunRow[]> {
  return harness.store.query<RunRow>(
    `SELECT ${RUN_COLUMNS.join(", ")} FROM llm_runs WHERE project_id = {p:String} ORDER BY start_time, span_id`,
    { p: projectId },
  );
}

function readSpans(projectId: string): Promise<SpanRowSummary[]> {
  return harness.store.query<SpanRowSummary>(
    "SELECT span_id, scope_name, is_llm FROM spans FINAL WHERE project_id = {p:String} ORDER BY scope_name",
    { p: projectId },
  );
}

/**
 * Scripts the mock's answer, runs the scenario's process against a project of its own (so "exactly one
 * run" means one run for this call), and returns what the process reported and the project's runs.
 */
async function runScenario(scenario: PeerScenario, reply: Scenario): Promise<{ report: PeerReport; runs: RunRow[]; projectId: string }> {
  const project = await harness.addProject(scenario);
  mock.reset();
  mock.enqueue(reply);
  const report = await runPeer(scenario, { mockUrl: mock.url, ingestUrl: harness.url, ingestKey: project.ingestKey });
  assert.equal(mock.requests.length, 1, "the SDK made exactly one request to the mock");
  assert.ok(report.exports.length > 0, "the exporter sent the spans");
  for (const sent of report.exports) assert.equal(sent.error, null, "the ingest acknowledged every export");
  // An acknowledged export is already written; the wait only guards against a read racing the insert.
  const runs = await waitFor(
    () => readRuns(project.projectId),
    (rows) => rows.length > 0,
  );
  return { report, runs, projectId: project.projectId };
}

/** What the dashboards read for the project: every rollup's runs and cost, which must agree with llm_runs. */
async function rollupTotals(projectId: string): Promise<string[]> {
  const tables = ["rollup_model_hourly", "rollup_user_hourly", "rollup_member_hourly"];
  const rows = await Promise.all(
    tables.map((table) =>
      harness.store.query<{ runs: number; cost: string }>(
        `SELECT sum(requests) AS runs, toString(sum(cost_usd)) AS cost FROM ${table} WHERE project_id = {p:String}`,
        { p: projectId },
      ),
    ),
  );
  return rows.map(([row], i) => `${tables[i]}: ${row!.runs} run(s), $${row!.cost}`);
}

function spanOf(report: PeerReport, scope: string): ReportedSpan {
  const found = report.spans.filter((span) => span.scope === scope);
  assert.equal(found.length, 1, `one span from ${scope} in ${JSON.stringify(report.spans)}`);
  return found[0]!;
}

const ANTHROPIC_SDK_SCOPE = "com.anthropic.sdk.typescript";
const TRACELOOP_ANTHROPIC_SCOPE = "@traceloop/instrumentation-anthropic";
const ANTHROPIC_INPUT = "system: You answer in one sentence.\nuser: What is the capital of France?";

test("Traceloop OpenAI, chat.completions (protobuf exporter): one run on the dated snapshot, priced", async () => {
  const { report, runs } = await runScenario("traceloop-openai-chat", {
    kind: "reply",
    text: "The capital of France is Paris.",
    usage: { inputTokens: 1200, outputTokens: 300 },
  });
  // input  1200 × 0.15 / 1M = 0.00018
  // output  300 × 0.60 / 1M = 0.00018
  // total                    = 0.00036
  assert.deepEqual(runs, [
    {
      span_id: spanOf(report, "@traceloop/instrumentation-openai").spanId,
      service_name: PEER_SERVICE_NAME,
      provider: "openai",
      model: "gpt-4o-mini-2024-07-18",
      request_model: "gpt-4o-mini",
      operation: "chat",
      input_tokens: 1200,
      output_tokens: 300,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: "0.00036",
      cost_input_usd: "0.00018",
      cost_cache_read_usd: "0",
      cost_cache_write_usd: "0",
      cost_output_usd: "0.00018",
      cost_reasoning_usd: "0",
      priced_model: "gpt-4o-mini",
      status: "ok",
      finish_reason: "stop",
      input_text: "system: You answer in one sentence.\nuser: What is the capital of France?",
      output_text: "assistant: The capital of France is Paris.",
    },
  ]);
});

test("OpenInference OpenAI, chat.completions on o4-mini (JSON exporter): cache reads and reasoning priced apart", async () => {
  const { report, runs } = await runScenario("openinference-openai-chat", {
    kind: "reply",
    text: "Paris.",
    usage: { inputTokens: 2000, cachedTokens: 1536, outputTokens: 700, reasoningTokens: 512 },
  });
  // uncached input (2000 − 1536) =  464 × 1.10  / 1M = 0.0005104
  // cache read                     1536 × 0.275 / 1M = 0.0004224
  // visible output (700 − 512)   =  188 × 4.40  / 1M = 0.0008272
  // reasoning                       512 × 4.40  / 1M = 0.0022528
  // total                                             = 0.0040128
  assert.deepEqual(runs, [
    {
      span_id: spanOf(report, "@arizeai/openinference-instrumentation-openai").spanId,
      service_name: PEER_SERVICE_NAME,
      provider: "openai",
      model: "o4-mini-2025-04-16",
      request_model: "o4-mini",
      operation: "chat",
      input_tokens: 2000,
      output_tokens: 700,
      cache_read_tokens: 1536,
      cache_write_tokens: 0,
      reasoning_tokens: 512,
      cost_usd: "0.0040128",
      cost_input_usd: "0.0005104",
      cost_cache_read_usd: "0.0004224",
      cost_cache_write_usd: "0",
      cost_output_usd: "0.0008272",
      cost_reasoning_usd: "0.0022528",
      priced_model: "o4-mini",
      status: "ok",
      finish_reason: "stop",
      input_text: "user: What is the capital of France?",
      output_text: "assistant: Paris.",
    },
  ]);
});

test("Traceloop Anthropic with the SDK's own child span in the same export: one run, input including cache", async () => {
  const { report, runs, projectId } = await runScenario("traceloop-anthropic-messages-with-sdk-spans", {
    kind: "reply",
    text: "Paris is the capital of France.",
    usage: { inputTokens: 300, cachedTokens: 4000, cacheWriteTokens: 1000, outputTokens: 250 },
  });
  // The premise: the Anthropic SDK's span is a child of Traceloop's, and both travelled in one export.
  const traceloop = spanOf(report, TRACELOOP_ANTHROPIC_SCOPE);
  const sdk = spanOf(report, ANTHROPIC_SDK_SCOPE);
  assert.equal(sdk.parentSpanId, traceloop.spanId);
  assert.deepEqual(
    report.exports.map((sent) => [...sent.spanIds].sort()),
    [[sdk.spanId, traceloop.spanId].sort()],
  );

  // Traceloop writes Anthropic's input_tokens (300, cache excluded); the run holds all input:
  // 300 + 4000 cache reads + 1000 cache writes = 5300.
  // uncached input 300 × 1    / 1M = 0.0003
  // cache read    4000 × 0.10 / 1M = 0.0004
  // cache write   1000 × 1.25 / 1M = 0.00125 (all 5-minute writes)
  // output         250 × 5    / 1M = 0.00125
  // total                          = 0.0032
  assert.deepEqual(runs, [
    {
      span_id: traceloop.spanId,
      service_name: PEER_SERVICE_NAME,
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      request_model: "claude-haiku-4-5",
      operation: "chat",
      input_tokens: 5300,
      output_tokens: 250,
      cache_read_tokens: 4000,
      cache_write_tokens: 1000,
      reasoning_tokens: 0,
      cost_usd: "0.0032",
      cost_input_usd: "0.0003",
      cost_cache_read_usd: "0.0004",
      cost_cache_write_usd: "0.00125",
      cost_output_usd: "0.00125",
      cost_reasoning_usd: "0",
      priced_model: "claude-haiku-4-5",
      status: "ok",
      finish_reason: "stop",
      input_text: ANTHROPIC_INPUT,
      output_text: "assistant: Paris is the capital of France.",
    },
  ]);
  // The SDK's span is still stored, as a plain span of the trace.
  assert.deepEqual(await readSpans(projectId), [
    { span_id: traceloop.spanId, scope_name: TRACELOOP_ANTHROPIC_SCOPE, is_llm: true },
    { span_id: sdk.spanId, scope_name: ANTHROPIC_SDK_SCOPE, is_llm: false },
  ]);
});

test("OpenInference OpenAI, streamed responses.create: usage from response.completed, priced", async () => {
  const { report, runs } = await runScenario("openinference-openai-responses-stream", {
    kind: "reply",
    text: "The capital of France is Paris.",
    usage: { inputTokens: 1800, cachedTokens: 1024, outputTokens: 400, reasoningTokens: 256 },
  });
  // uncached input (1800 − 1024) = 776 × 1.10  / 1M = 0.0008536
  // cache read                    1024 × 0.275 / 1M = 0.0002816
  // visible output (400 − 256)   = 144 × 4.40  / 1M = 0.0006336
  // reasoning                      256 × 4.40  / 1M = 0.0011264
  // total                                            = 0.0028952
  assert.deepEqual(runs, [
    {
      span_id: spanOf(report, "@arizeai/openinference-instrumentation-openai").spanId,
      service_name: PEER_SERVICE_NAME,
      provider: "openai",
      model: "o4-mini-2025-04-16",
      request_model: "o4-mini",
      operation: "chat",
      input_tokens: 1800,
      output_tokens: 400,
      cache_read_tokens: 1024,
      cache_write_tokens: 0,
      reasoning_tokens: 256,
      cost_usd: "0.0028952",
      cost_input_usd: "0.0008536",
      cost_cache_read_usd: "0.0002816",
      cost_cache_write_usd: "0",
      cost_output_usd: "0.0006336",
      cost_reasoning_usd: "0.0011264",
      priced_model: "o4-mini",
      status: "ok",
      // OpenInference 4.2.7 sets no llm.finish_reason on Responses API spans.
      finish_reason: "",
      input_text: "system: You answer in one sentence.\nuser: What is the capital of France?",
      output_text: "assistant: The capital of France is Paris.",
    },
  ]);
});

test("Traceloop Anthropic, messages.stream(): usage from message_start and message_delta, input including cache", async () => {
  const { report, runs } = await runScenario("traceloop-anthropic-messages-stream", {
    kind: "reply",
    text: "Paris is the capital of France.",
    usage: { inputTokens: 120, cachedTokens: 2000, cacheWriteTokens: 800, outputTokens: 90 },
  });
  // input 120 + 2000 + 800 = 2920
  // uncached input 120 × 1    / 1M = 0.00012
  // cache read    2000 × 0.10 / 1M = 0.0002
  // cache write    800 × 1.25 / 1M = 0.001
  // output          90 × 5    / 1M = 0.00045
  // total                          = 0.00177
  assert.deepEqual(runs, [
    {
      span_id: spanOf(report, TRACELOOP_ANTHROPIC_SCOPE).spanId,
      service_name: PEER_SERVICE_NAME,
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      request_model: "claude-haiku-4-5",
      operation: "chat",
      input_tokens: 2920,
      output_tokens: 90,
      cache_read_tokens: 2000,
      cache_write_tokens: 800,
      reasoning_tokens: 0,
      cost_usd: "0.00177",
      cost_input_usd: "0.00012",
      cost_cache_read_usd: "0.0002",
      cost_cache_write_usd: "0.001",
      cost_output_usd: "0.00045",
      cost_reasoning_usd: "0",
      priced_model: "claude-haiku-4-5",
      status: "ok",
      // Traceloop 0.27.0 records no finish reason for streams.
      finish_reason: "",
      input_text: ANTHROPIC_INPUT,
      output_text: "assistant: Paris is the capital of France.",
    },
  ]);
});

test("OpenInference OpenAI, embeddings: an embeddings run with zero tokens, since the library records no usage", async () => {
  // The API reports 14 prompt tokens (0.00000028 USD at 0.02 / 1M); OpenInference 4.2.7 puts no
  // llm.token_count.* on embedding spans (and @traceloop/instrumentation-openai 0.27.0 makes no span
  // for embeddings at all), so the run exists but counts nothing and costs 0.
  const { report, runs } = await runScenario("openinference-openai-embeddings", { kind: "reply", usage: { inputTokens: 14 } });
  assert.deepEqual(report.response.usage, { prompt_tokens: 14, total_tokens: 14 }, "the SDK did receive the usage");
  assert.deepEqual(runs, [
    {
      span_id: spanOf(report, "@arizeai/openinference-instrumentation-openai").spanId,
      service_name: PEER_SERVICE_NAME,
      provider: "openai",
      model: "text-embedding-3-small",
      request_model: "text-embedding-3-small",
      operation: "embeddings",
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: "0",
      cost_input_usd: "0",
      cost_cache_read_usd: "0",
      cost_cache_write_usd: "0",
      cost_output_usd: "0",
      cost_reasoning_usd: "0",
      priced_model: "text-embedding-3-small",
      status: "ok",
      finish_reason: "",
      input_text: "first text\nsecond text",
      output_text: "",
    },
  ]);
});

// One call, two instrumentations (Traceloop's span and the Anthropic SDK's own), however they arrive: one
// run (ingest/src/writer/pair-runs.ts). Each checks its premise first.

test("Traceloop Anthropic with the SDK's spans, each span in its own export (SimpleSpanProcessor): one run, with Traceloop's content", async () => {
  const { report, runs, projectId } = await runScenario("traceloop-anthropic-messages-with-sdk-spans-simple-processor", {
    kind: "reply",
    text: "Paris is the capital of France.",
    usage: { inputTokens: 120, cachedTokens: 2000, cacheWriteTokens: 800, outputTokens: 90 },
  });
  const traceloop = spanOf(report, TRACELOOP_ANTHROPIC_SCOPE);
  const sdk = spanOf(report, ANTHROPIC_SDK_SCOPE);
  assert.equal(sdk.parentSpanId, traceloop.spanId);
  assert.deepEqual(
    report.exports.map((sent) => sent.spanIds),
    [[sdk.spanId], [traceloop.spanId]],
  );
  // Whichever span the ingest met first stays the run (the SDK's, unless both exports went into one
  // insert, when the outer one is kept); Traceloop's content is on it either way.
  assert.deepEqual(
    runs.map((run) => [run.cost_usd, run.input_text]),
    [["0.00177", ANTHROPIC_INPUT]],
  );
  assert.ok([sdk.spanId, traceloop.spanId].includes(String(runs[0]!.span_id)));
  assert.deepEqual(await rollupTotals(projectId), [
    "rollup_model_hourly: 1 run(s), $0.00177",
    "rollup_user_hourly: 1 run(s), $0.00177",
    "rollup_member_hourly: 1 run(s), $0.00177",
  ]);
});

test("Traceloop Anthropic with the SDK's spans, messages.stream(): one run although they are two traces", async () => {
  const { report, runs, projectId } = await runScenario("traceloop-anthropic-messages-stream-with-sdk-spans", {
    kind: "reply",
    text: "Paris is the capital of France.",
    usage: { inputTokens: 120, cachedTokens: 2000, cacheWriteTokens: 800, outputTokens: 90 },
  });
  const traceloop = spanOf(report, TRACELOOP_ANTHROPIC_SCOPE);
  const sdk = spanOf(report, ANTHROPIC_SDK_SCOPE);
  assert.notEqual(sdk.traceId, traceloop.traceId);
  assert.deepEqual(
    runs.map((run) => run.cost_usd),
    ["0.00177"],
  );
  assert.deepEqual(await rollupTotals(projectId), [
    "rollup_model_hourly: 1 run(s), $0.00177",
    "rollup_user_hourly: 1 run(s), $0.00177",
    "rollup_member_hourly: 1 run(s), $0.00177",
  ]);
});

test("Traceloop Anthropic with the SDK's child span: 1-hour cache writes priced at the 1-hour rate", async () => {
  const { report, runs } = await runScenario("traceloop-anthropic-messages-with-sdk-spans", {
    kind: "reply",
    text: "Paris is the capital of France.",
    usage: { inputTokens: 300, cachedTokens: 4000, cacheWriteTokens: 1000, cacheWrite1hTokens: 1000, outputTokens: 250 },
  });
  assert.equal(spanOf(report, ANTHROPIC_SDK_SCOPE).parentSpanId, spanOf(report, TRACELOOP_ANTHROPIC_SCOPE).spanId);
  // As the first Anthropic test, but the 1000 writes are 1-hour ones: 1000 × 2 / 1M = 0.002,
  // total 0.0003 + 0.0004 + 0.002 + 0.00125 = 0.00395.
  assert.deepEqual(
    runs.map((run) => [run.cost_cache_write_usd, run.cost_usd]),
    [["0.002", "0.00395"]],
  );
});
