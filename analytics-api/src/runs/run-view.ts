// The JSON shapes of runs as the API answers them, built from the store's rows. A run's id is
// `<traceId>-<spanId>` (lowercase hex, so URL-safe): a span is unique per project by exactly that pair.
import type { RunFeedback, RunListRow } from "@promptmetrics/clickhouse/runs";
import { qualityFlagNames, type QualityFlag, type SpanRow } from "@promptmetrics/runs";
import { PREVIEW_CHARS } from "@promptmetrics/clickhouse/runs";

export interface RunItem {
  id: string;
  traceId: string;
  spanId: string;
  startTime: string;
  endTime: string;
  latencyMs: number;
  ttftMs: number | null;
  model: string;
  provider: string;
  operation: string;
  promptName: string;
  promptVersion: string;
  userId: string;
  sessionId: string;
  tags: string[];
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** The nearest JSON number to the exact stored decimal; null when the model has no known price. */
  costUsd: number | null;
  status: "ok" | "error";
  finishReason: string;
  /** The free quality heuristics that flagged the run (quality_flags), in bit order; [] when none. */
  qualityFlags: QualityFlag[];
  /** 1-5, or null when nobody rated the run. */
  rating: number | null;
  /** Whether feedback marked the run a success; null when it says nothing. */
  success: boolean | null;
  /** The feedback comment, or null. */
  feedback: string | null;
  inputPreview: string;
  outputPreview: string;
}

const RUN_ID = /^([0-9a-f]{1,64})-([0-9a-f]{1,64})$/;

export function runId(traceId: string, spanId: string): string {
  return `${traceId}-${spanId}`;
}

/** The trace and span of a run id, or undefined when it cannot be one. */
export function parseRunId(id: string): { traceId: string; spanId: string } | undefined {
  const match = RUN_ID.exec(id);
  return match ? { traceId: match[1]!, spanId: match[2]! } : undefined;
}

export function runItem(row: RunListRow): RunItem {
  return {
    id: runId(row.trace_id, row.span_id),
    traceId: row.trace_id,
    spanId: row.span_id,
    startTime: isoTime(row.start_time),
    endTime: isoTime(row.end_time),
    latencyMs: row.duration_ns / 1e6,
    ttftMs: row.ttft_ms,
    model: row.model,
    provider: row.provider,
    operation: row.operation,
    promptName: row.prompt_name,
    promptVersion: row.prompt_version,
    userId: row.user_id,
    sessionId: row.session_id,
    tags: row.tags,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    reasoningTokens: row.reasoning_tokens,
    costUsd: usd(row.cost_usd),
    status: row.status_code === "error" ? "error" : "ok",
    finishReason: row.finish_reason,
    qualityFlags: qualityFlagNames(row.quality_flags),
    rating: row.rating,
    success: row.success,
    feedback: row.feedback_text === "" ? null : row.feedback_text,
    inputPreview: row.input_preview,
    outputPreview: row.output_preview,
  };
}

/** The list row of a full span row and its feedback (the detail and the creation answer use it). */
export function listRowOf(span: SpanRow, feedback: RunFeedback | undefined): RunListRow {
  return {
    ...span,
    rating: feedback?.rating ?? null,
    success: feedback?.success ?? null,
    feedback_text: feedback?.comment ?? "",
    input_preview: preview(span.input_text),
    output_preview: preview(span.output_text),
    sort_key: "",
  };
}

export interface RunCost {
  totalUsd: number | null;
  inputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  outputUsd: number;
  reasoningUsd: number;
  /** A cost the source reported itself (OpenLIT, OpenInference, Langfuse), or the one given to runs/create. */
  reportedUsd: number | null;
  /**
   * catalogue, override (a project price), custom (a project's own model), unknown (no price known),
   * or caller (the cost was given to POST /api/runs/create).
   */
  priceSource: string;
  /** The catalogue or custom model the price came from. */
  pricedModel: string;
}

export function runCost(span: SpanRow): RunCost {
  return {
    totalUsd: usd(span.cost_usd),
    inputUsd: usd(span.cost_input_usd) ?? 0,
    cacheReadUsd: usd(span.cost_cache_read_usd) ?? 0,
    cacheWriteUsd: usd(span.cost_cache_write_usd) ?? 0,
    outputUsd: usd(span.cost_output_usd) ?? 0,
    reasoningUsd: usd(span.cost_reasoning_usd) ?? 0,
    reportedUsd: usd(span.reported_cost_usd),
    // The ingest always prices an LLM span; only runs/create with a given cost leaves the source empty.
    priceSource: span.price_source,
    pricedModel: span.priced_model,
  };
}

/** The exact decimal as text without trailing zeros ("0.0125"), for CSV; "" when unknown. */
export function exactUsd(value: string | null): string {
  if (value === null) return "";
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}

export function usd(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/** ClickHouse's UTC `YYYY-MM-DD hh:mm:ss.fffffffff` as ISO 8601 with milliseconds. */
export function isoTime(text: string): string {
  return `${text.slice(0, 10)}T${text.slice(11, 23).padEnd(12, ".000").slice(0, 12)}Z`;
}

function preview(text: string): string {
  // Code points, as substringUTF8 counts them in the list query.
  return [...text.slice(0, PREVIEW_CHARS * 2)].slice(0, PREVIEW_CHARS).join("");
}
