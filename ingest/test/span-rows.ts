// Complete `spans` rows for ingest tests, so each test states only what it checks.
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";

export function spanRow(overrides: Partial<SpanRow> = {}): SpanRow {
  return llmSpanRow({
    project_id: "proj_ingest",
    trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    span_id: "00f067aa0ba902b7",
    name: "chat gpt-4o-mini",
    service_name: "svc",
    scope_name: "test",
    scope_version: "1",
    status_code: "unset",
    request_model: "gpt-4o-mini",
    response_model: "gpt-4o-mini-2024-07-18",
    model: "gpt-4o-mini-2024-07-18",
    priced_model: "gpt-4o-mini",
    price_source: "catalogue",
    input_tokens: 100,
    output_tokens: 10,
    cost_usd: "0.000021000000",
    cost_input_usd: "0.000015000000",
    cost_output_usd: "0.000006000000",
    finish_reason: "stop",
    ingest_key_id: "key_test",
    ...overrides,
  });
}

/** n rows with distinct span ids (and the given overrides). */
export function spanRows(n: number, overrides: Partial<SpanRow> = {}, firstIndex = 0): SpanRow[] {
  return Array.from({ length: n }, (_, i) => spanRow({ span_id: (firstIndex + i + 1).toString(16).padStart(16, "0"), ...overrides }));
}
