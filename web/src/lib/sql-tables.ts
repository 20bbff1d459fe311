// What the SQL console's sidebar lists: the tables POST /api/sql lets a query name and their columns
// (analytics-api/docs/sql-tables.md, types as in clickhouse/structure.sql), and example queries.

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
      ["ingested_at", "DateTime64"],
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
    columns: [["bucket", "DateTime('UTC')"], ["prompt_name", "String"], ["prompt_version", "String"], ["model", "String"], ...ROLLUP_FIGURES],
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

export interface SqlExample {
  title: string;
  query: string;
}

export const SQL_EXAMPLES: readonly SqlExample[] = [
  {
    title: "Cost by model, last 7 days",
    query: `SELECT model, count() AS runs, sum(cost_usd) AS cost, round(avg(latency_ms)) AS avg_ms
FROM llm_runs
WHERE start_time >= now() - INTERVAL 7 DAY
GROUP BY model
ORDER BY cost DESC`,
  },
  {
    title: "Daily requests and p95 latency (rollup)",
    query: `SELECT toDate(bucket) AS day, sum(requests) AS requests, sum(cost_usd) AS cost,
       quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)[3] AS p95_ms
FROM rollup_model_hourly
GROUP BY day
ORDER BY day`,
  },
  {
    title: "Most expensive runs today",
    query: `SELECT start_time, model, user_id, input_tokens, output_tokens, cost_usd, trace_id, span_id
FROM llm_runs
WHERE start_time >= today()
ORDER BY cost_usd DESC
LIMIT 20`,
  },
  {
    title: "Rating and failures by model",
    query: `SELECT r.model, avg(f.rating) AS rating, countIf(f.success = false) AS failures, count() AS rated
FROM llm_runs AS r
INNER JOIN feedback AS f ON f.trace_id = r.trace_id AND f.span_id = r.span_id
GROUP BY r.model
ORDER BY rated DESC`,
  },
  {
    title: "Error messages, most frequent first",
    query: `SELECT model, status_message, count() AS errors
FROM llm_runs
WHERE status = 'error'
GROUP BY model, status_message
ORDER BY errors DESC
LIMIT 50`,
  },
  {
    title: "Top users by cost, last 30 days",
    query: `SELECT user_id, sum(requests) AS requests, sum(cost_usd) AS cost
FROM rollup_user_hourly
WHERE bucket >= now() - INTERVAL 30 DAY
GROUP BY user_id
ORDER BY cost DESC
LIMIT 25`,
  },
];

export const DEFAULT_SQL = SQL_EXAMPLES[0]!.query;
