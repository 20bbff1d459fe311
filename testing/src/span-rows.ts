// Span rows for test fixtures: a complete LLM run built by @promptmetrics/runs with neutral values, so a
// fixture states only what its tests are about, and a new column needs no fixture edit.
import { emptySpanRow, type SpanRow } from "@promptmetrics/runs";

/** An OpenAI chat call, ok, unpriced and without tokens, unless the columns say otherwise. */
export function llmSpanRow(columns: Partial<SpanRow> = {}): SpanRow {
  return emptySpanRow({
    project_id: "proj_test",
    trace_id: "0af7651916cd43dd8448eb211c80319c",
    span_id: "b7ad6b7169203331",
    start_time: "2026-11-20 10:00:00.000000000",
    end_time: "2026-11-20 10:00:01.000000000",
    duration_ns: 1_000_000_000,
    ingested_at: "2026-11-20 10:00:02.000",
    version: 1,
    kind: "client",
    status_code: "ok",
    is_llm: true,
    provider: "openai",
    operation: "chat",
    ...columns,
  });
}
