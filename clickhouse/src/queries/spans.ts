// Raw spans: the row shape the ingest writes, and the batch insert. Every rollup is fed from here
// by materialized views, so one insert updates the dashboards too.
import type { Store } from "../store.ts";

/** One row of `spans`, snake_case as stored. Times are UTC `YYYY-MM-DD hh:mm:ss.fffffffff` strings. */
export interface SpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  start_time: string;
  end_time: string;
  duration_ns: number;
  name: string;
  kind: string;
  service_name: string;
  scope_name: string;
  scope_version: string;
  status_code: "unset" | "ok" | "error";
  status_message: string;
  resource_attributes: Record<string, string>;
  span_attributes: Record<string, string>;
  event_times: string[];
  event_names: string[];
  event_attributes: Record<string, string>[];
  is_llm: boolean;
  provider: string;
  operation: string;
  request_model: string;
  response_model: string;
  model: string;
  priced_model: string;
  price_source: "" | "catalogue" | "override" | "custom" | "unknown";
  service_tier: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  usage_estimated: boolean;
  /** Decimal string with up to 12 fractional digits; null when the model has no known price. */
  cost_usd: string | null;
  cost_input_usd: string;
  cost_cache_read_usd: string;
  cost_cache_write_usd: string;
  cost_output_usd: string;
  cost_reasoning_usd: string;
  reported_cost_usd: string | null;
  ttft_ms: number | null;
  finish_reason: string;
  user_id: string;
  session_id: string;
  prompt_name: string;
  prompt_version: string;
  tags: string[];
  input_text: string;
  output_text: string;
  ingest_key_id: string;
  ingested_at: string;
  version: number;
  /** A later revision of a span already written (content attached, cost repriced): not counted by rollups. */
  is_revision: boolean;
}

export async function insertSpans(store: Store, { rows }: { rows: readonly SpanRow[] }): Promise<void> {
  await store.insert("spans", rows, { tag: "insertSpans" });
}
