// The pricing inputs a span carries besides its tokens, end to end: GenAI spans sent over OTLP by the real
// SDK's exporter with Anthropic's fast mode and inference geo and OpenAI's 12-hour cache writes land with
// the cost a user would work out by hand, and a reprice of those runs arrives at the same cost again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SpanKind } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { insertSpans, repriceRuns } from "@promptmetrics/clickhouse";
import { createProjectPricers, type SpanRow } from "@promptmetrics/runs";
import { startIngestHarness, type IngestHarness } from "@promptmetrics/testing/ingest-harness";

let h: IngestHarness;
before(async () => {
  h = await startIngestHarness();
});
after(() => h.close());

const START = Date.parse("2026-12-01T12:00:00Z");

/** One chat span per entry, recorded with the real SDK, a second apart. */
function record(calls: { name: string; attributes: Record<string, number | string> }[]): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "pricing-inputs" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("@promptmetrics/instrumentation", "0.1.0");
  calls.forEach((call, i) => {
    const span = tracer.startSpan(call.name, {
      kind: SpanKind.CLIENT,
      startTime: START + i * 1000,
      attributes: { "gen_ai.operation.name": "chat", ...call.attributes },
    });
    span.end(START + i * 1000 + 800);
  });
  return memory.getFinishedSpans();
}

async function exportSpans(spans: ReadableSpan[]): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `${h.url}/v1/traces`, headers: { Authorization: `Bearer ${h.ingestKey}` } });
  await new Promise<void>((resolve, reject) =>
    exporter.export(spans, (result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error("export failed")))),
  );
  await exporter.shutdown();
}

type Stored = Pick<
  SpanRow,
  "model" | "service_tier" | "inference_geo" | "cache_write_tokens" | "cache_write_1h_tokens" | "cache_write_12h_tokens" | "cost_usd"
> &
  Pick<SpanRow, "cost_input_usd" | "cost_cache_read_usd" | "cost_cache_write_usd" | "cost_output_usd" | "cost_reasoning_usd">;

async function stored(): Promise<Stored[]> {
  return h.store.query<Stored>(
    `SELECT model, service_tier, inference_geo, cache_write_tokens, cache_write_1h_tokens, cache_write_12h_tokens, cost_usd,
            cost_input_usd, cost_cache_read_usd, cost_cache_write_usd, cost_output_usd, cost_reasoning_usd
     FROM llm_runs WHERE project_id = {p:String} ORDER BY start_time`,
    { p: h.projectId },
  );
}

const EXPECTED: Stored[] = [
  // claude-opus-5 in fast mode, US-only: fast rates (2×) and the 10% uplift on every component.
  // 10,000 input = 2,000 read + 1,000 written + 7,000 uncached; 500 output.
  // uncached 7,000 × $10/M = $0.07 → $0.077; read 2,000 × $1/M = $0.002 → $0.0022;
  // write 1,000 × $12.50/M = $0.0125 → $0.01375; output 500 × $50/M = $0.025 → $0.0275; total $0.12045
  {
    model: "claude-opus-5",
    service_tier: "fast",
    inference_geo: "us",
    cache_write_tokens: 1000,
    cache_write_1h_tokens: 0,
    cache_write_12h_tokens: 0,
    cost_usd: "0.12045",
    cost_input_usd: "0.077",
    cost_cache_read_usd: "0.0022",
    cost_cache_write_usd: "0.01375",
    cost_output_usd: "0.0275",
    cost_reasoning_usd: "0",
  },
  // gpt-6.2-sol with 20,000 cache writes, 5,000 of them with 12-hour retention; 40,000 read; 100,000 input.
  // uncached 40,000 × $2/M = $0.08; read 40,000 × $0.10/M = $0.004; writes 15,000 × $2.50/M = $0.0375
  // + 5,000 × $5/M = $0.025 → $0.0625; output 1,500 × $10/M = $0.015; reasoning 500 × $10/M = $0.005; total $0.1665
  {
    model: "gpt-6.2-sol",
    service_tier: "",
    inference_geo: "",
    cache_write_tokens: 20_000,
    cache_write_1h_tokens: 0,
    cache_write_12h_tokens: 5000,
    cost_usd: "0.1665",
    cost_input_usd: "0.08",
    cost_cache_read_usd: "0.004",
    cost_cache_write_usd: "0.0625",
    cost_output_usd: "0.015",
    cost_reasoning_usd: "0.005",
  },
  // gpt-6-sol in an EU project (the caller said so): 10,000 × $2/M = $0.02 → $0.022; 1,000 × $10/M = $0.01 → $0.011; total $0.033
  {
    model: "gpt-6-sol",
    service_tier: "",
    inference_geo: "eu",
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    cache_write_12h_tokens: 0,
    cost_usd: "0.033",
    cost_input_usd: "0.022",
    cost_cache_read_usd: "0",
    cost_cache_write_usd: "0",
    cost_output_usd: "0.011",
    cost_reasoning_usd: "0",
  },
];

test("GenAI spans with fast mode, an inference geo and 12-hour cache writes land at their hand-worked cost", async () => {
  await exportSpans(
    record([
      {
        name: "chat claude-opus-5",
        attributes: {
          "gen_ai.provider.name": "anthropic",
          "gen_ai.request.model": "claude-opus-5",
          "gen_ai.response.model": "claude-opus-5",
          "gen_ai.usage.input_tokens": 10_000,
          "gen_ai.usage.cache_read.input_tokens": 2000,
          "gen_ai.usage.cache_creation.input_tokens": 1000,
          "gen_ai.usage.output_tokens": 500,
          "anthropic.usage.speed": "fast",
          "anthropic.usage.inference_geo": "us",
        },
      },
      {
        name: "chat gpt-6.2-sol",
        attributes: {
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-6.2-sol",
          "gen_ai.usage.input_tokens": 100_000,
          "gen_ai.usage.cache_read.input_tokens": 40_000,
          "gen_ai.usage.cache_creation.input_tokens": 20_000,
          "openai.usage.cache_creation.12h_input_tokens": 5000,
          "gen_ai.usage.output_tokens": 2000,
          "gen_ai.usage.reasoning.output_tokens": 500,
        },
      },
      {
        name: "chat gpt-6-sol",
        attributes: {
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-6-sol",
          "gen_ai.usage.input_tokens": 10_000,
          "gen_ai.usage.output_tokens": 1000,
          "promptmetrics.inference_geo": "EU",
        },
      },
    ]),
  );
  assert.deepEqual(await stored(), EXPECTED);
});

test("a reprice reads the tier, the geo and the 12-hour writes, so it arrives at the same cost", async () => {
  // Revisions that lost their cost, as a price change would leave them: the reprice must price them again.
  const rows = await h.store.query<SpanRow>("SELECT * FROM spans FINAL WHERE project_id = {p:String} AND is_llm", { p: h.projectId });
  assert.equal(rows.length, 3);
  await insertSpans(h.store, {
    rows: rows.map((row) => ({
      ...row,
      cost_usd: "0",
      cost_input_usd: "0",
      cost_output_usd: "0",
      version: row.version + 1,
      is_revision: true,
    })),
  });
  const pricers = createProjectPricers({ load: async () => [] });
  await pricers.refresh();
  try {
    const range = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z"), pricerFor: pricers.forProject };
    assert.deepEqual(await repriceRuns(h.store, range), { scanned: 3, changed: 3, partitions: [202612] });
    assert.deepEqual(await stored(), EXPECTED);
    assert.deepEqual(await repriceRuns(h.store, range), { scanned: 3, changed: 0, partitions: [] }, "priced as stored: nothing to change");
  } finally {
    pricers.close();
  }
});
