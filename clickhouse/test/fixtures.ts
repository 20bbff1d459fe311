// Span rows for tests: a complete row with neutral defaults, so each test states only what it checks.
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";

export function spanRow(overrides: Partial<SpanRow> = {}): SpanRow {
  return llmSpanRow({
    project_id: "proj_test",
    trace_id: "0af7651916cd43dd8448eb211c80319c",
    span_id: "b7ad6b7169203331",
    start_time: "2026-11-20 10:15:00.000000000",
    end_time: "2026-11-20 10:15:01.000000000",
    duration_ns: 1_000_000_000,
    name: "chat gpt-4o",
    service_name: "checkout",
    scope_name: "@promptmetrics/instrumentation",
    scope_version: "0.1.0",
    resource_attributes: { "service.name": "checkout" },
    span_attributes: { "gen_ai.operation.name": "chat" },
    request_model: "gpt-4o",
    response_model: "gpt-4o-2024-08-06",
    model: "gpt-4o-2024-08-06",
    priced_model: "gpt-4o",
    price_source: "catalogue",
    service_tier: "standard",
    input_tokens: 1000,
    output_tokens: 500,
    cost_usd: "0.007500000000",
    cost_input_usd: "0.002500000000",
    cost_output_usd: "0.005000000000",
    finish_reason: "stop",
    ingested_at: "2026-11-20 10:15:02.000",
    version: 1,
    ...overrides,
  });
}
