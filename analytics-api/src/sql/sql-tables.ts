// The tables a SQL console query may name (clickhouse's QUERYABLE_TABLES), each with what the
// dashboard's sidebar shows: a line on what it holds and the columns worth knowing, with readable types
// (LowCardinality and the rollups' aggregate wrappers left off). The OpenAPI document carries this list
// (POST /api/sql, x-queryable-tables), and the dashboard's copy is generated from it; docs/sql-tables.md
// is the long form. Tests hold it to QUERYABLE_TABLES, the doc's headings and the real columns.

export interface SqlTableDoc {
  name: string;
  description: string;
  columns: readonly (readonly [name: string, type: string])[];
}

const LLM_COLUMNS = [
  ["project_id", "String"],
  ["trace_id", "String"],
  ["span_id", "String"],
  ["parent_span_id", "String"],
  ["start_time", "DateTime64(9, 'UTC')"],
  ["end_time", "DateTime64(9, 'UTC')"],
  ["latency_ms", "Float64"],
  ["ttft_ms", "Nullable(Float64)"],
  ["service_name", "String"],
  ["provider", "String"],
  ["operation", "String"],
  ["model", "String"],
  ["request_model", "String"],
  ["response_model", "String"],
  ["input_tokens", "UInt64"],
  ["output_tokens", "UInt64"],
  ["cache_read_tokens", "UInt64"],
  ["cache_write_tokens", "UInt64"],
  ["reasoning_tokens", "UInt64"],
  ["usage_estimated", "Bool"],
  ["cost_usd", "Nullable(Decimal(18, 12))"],
  ["cost_input_usd", "Decimal(18, 12)"],
  ["cost_cache_read_usd", "Decimal(18, 12)"],
  ["cost_cache_write_usd", "Decimal(18, 12)"],
  ["cost_output_usd", "Decimal(18, 12)"],
  ["cost_reasoning_usd", "Decimal(18, 12)"],
  ["reported_cost_usd", "Nullable(Decimal(18, 12))"],
  ["priced_model", "String"],
  ["service_tier", "String"],
  ["status", "String"],
  ["status_message", "String"],
  ["finish_reason", "String"],
  ["user_id", "String"],
  ["session_id", "String"],
  ["prompt_name", "String"],
  ["prompt_version", "String"],
  ["tags", "Array(String)"],
  ["input_text", "String"],
  ["output_text", "String"],
  ["attributes", "Map(String, String)"],
  ["resource_attributes", "Map(String, String)"],
  ["inference_geo", "String"],
  ["cache_write_1h_tokens", "UInt64"],
  ["cache_write_12h_tokens", "UInt64"],
] as const;

const ROLLUP_FIGURES = [
  ["requests", "UInt64"],
  ["errors", "UInt64"],
  ["input_tokens", "UInt64"],
  ["output_tokens", "UInt64"],
  ["cache_read_tokens", "UInt64"],
  ["cache_write_tokens", "UInt64"],
  ["reasoning_tokens", "UInt64"],
  ["cost_usd", "Decimal(38, 12)"],
  ["unpriced_requests", "UInt64"],
  ["latency_ms_sum", "Float64"],
  ["ttft_ms_sum", "Float64"],
  ["ttft_count", "UInt64"],
  ["latency_ms_digest", "quantilesTDigest state"],
  ["ttft_ms_digest", "quantilesTDigest state"],
] as const;

export const SQL_TABLES: readonly SqlTableDoc[] = [
  { name: "llm_runs", description: "One row per LLM call. Start here.", columns: LLM_COLUMNS },
  {
    name: "spans",
    description: "Every span, LLM or not (agent steps, tools, HTTP calls), for whole traces.",
    columns: [
      ["trace_id", "String"],
      ["span_id", "String"],
      ["parent_span_id", "String"],
      ["name", "String"],
      ["kind", "String"],
      ["start_time", "DateTime64(9, 'UTC')"],
      ["duration_ns", "UInt64"],
      ["status_code", "String"],
      ["is_llm", "Bool"],
      ["model", "String"],
      ["price_source", "String"],
      ["cost_usd", "Nullable(Decimal(18, 12))"],
      ["scope_name", "String"],
      ["span_attributes", "Map(String, String)"],
      ["event_names", "Array(String)"],
      ["ingest_key_id", "String"],
      ["ingested_at", "DateTime64(3, 'UTC')"],
    ],
  },
  {
    name: "feedback",
    description: "The current rating and feedback of each rated run.",
    columns: [
      ["trace_id", "String"],
      ["span_id", "String"],
      ["run_start_time", "DateTime64(9, 'UTC')"],
      ["model", "String"],
      ["prompt_name", "String"],
      ["prompt_version", "String"],
      ["user_id", "String"],
      ["rating", "Nullable(UInt8)"],
      ["success", "Nullable(Bool)"],
      ["comment", "String"],
      ["author_user_id", "String"],
      ["created_at", "DateTime64(3, 'UTC')"],
      ["updated_at", "DateTime64(3, 'UTC')"],
    ],
  },
  {
    name: "rollup_model_hourly",
    description: "Runs summed per UTC hour, provider and model. Always aggregate.",
    columns: [["bucket", "DateTime('UTC')"], ["provider", "String"], ["model", "String"], ...ROLLUP_FIGURES],
  },
  {
    name: "rollup_user_hourly",
    description: "Runs summed per UTC hour and end user. Always aggregate.",
    columns: [["bucket", "DateTime('UTC')"], ["user_id", "String"], ...ROLLUP_FIGURES],
  },
  {
    name: "rollup_prompt_hourly",
    description: "Runs summed per UTC hour, prompt, version and model. Always aggregate.",
    columns: [
      ["bucket", "DateTime('UTC')"],
      ["prompt_name", "String"],
      ["prompt_version", "String"],
      ["model", "String"],
      ...ROLLUP_FIGURES,
    ],
  },
  {
    name: "projects",
    description: "The projects in scope, to put names on project_id.",
    columns: [
      ["id", "String"],
      ["org_id", "String"],
      ["name", "String"],
      ["created_at", "DateTime64(3, 'UTC')"],
    ],
  },
];
