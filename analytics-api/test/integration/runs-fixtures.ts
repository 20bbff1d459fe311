// Spans for the run, feedback, export and SQL tests: an LLM run (or any span) with every column set,
// so a test names only what it is about, and the routers those tests mount.
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";

let counter = 0;

/** Lowercase hex of `length` digits, distinct on every call. */
export function hexId(length: number, seed = ++counter): string {
  return seed.toString(16).padStart(length, "0").slice(-length);
}

/** `YYYY-MM-DD hh:mm:ss.fffffffff` UTC of an instant. */
export function dbTime(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 23)}000000`;
}

export function llmRun(projectId: string, overrides: Partial<SpanRow> & { start?: Date; latencyMs?: number } = {}): SpanRow {
  const { start = new Date("2026-11-20T10:00:00Z"), latencyMs = 1000, ...rest } = overrides;
  return llmSpanRow({
    project_id: projectId,
    trace_id: hexId(32),
    span_id: hexId(16),
    start_time: dbTime(start),
    end_time: dbTime(new Date(start.getTime() + latencyMs)),
    duration_ns: latencyMs * 1_000_000,
    name: "chat gpt-4o",
    service_name: "checkout",
    scope_name: "@promptmetrics/instrumentation/openai",
    scope_version: "0.1.0",
    resource_attributes: { "service.name": "checkout" },
    span_attributes: { "gen_ai.request.model": "gpt-4o" },
    request_model: "gpt-4o",
    response_model: "gpt-4o",
    model: "gpt-4o",
    priced_model: "gpt-4o",
    price_source: "catalogue",
    input_tokens: 100,
    output_tokens: 50,
    cost_usd: "0.000750000000",
    cost_input_usd: "0.000250000000",
    cost_output_usd: "0.000500000000",
    finish_reason: "stop",
    input_text: "user: hello",
    output_text: "assistant: hi",
    ingested_at: "2026-11-20 10:00:01.000",
    ...rest,
  });
}

/** A span that is not an LLM call (an agent step, a tool, an HTTP call). */
export function plainSpan(projectId: string, overrides: Partial<SpanRow> & { start?: Date; latencyMs?: number } = {}): SpanRow {
  return llmRun(projectId, {
    name: "agent step",
    kind: "internal",
    is_llm: false,
    provider: "",
    operation: "",
    request_model: "",
    response_model: "",
    model: "",
    priced_model: "",
    price_source: "",
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: null,
    cost_input_usd: "0",
    cost_output_usd: "0",
    finish_reason: "",
    input_text: "",
    output_text: "",
    span_attributes: {},
    ...overrides,
  });
}

export const runId = (row: Pick<SpanRow, "trace_id" | "span_id">) => `${row.trace_id}-${row.span_id}`;

/** Every router of runs, feedback, exports and SQL, as the app mounts them. */
