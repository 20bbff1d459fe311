// One row of `spans` as stored, snake_case: the one list of its columns, and the value each column has
// when nothing sets it. Those are the table's defaults (status_code aside: "unset" here, '' there), so a
// writer that leaves a column out of an INSERT writes the same row as one that builds it here.
import { z } from "zod";

const text = z.string();
const count = z.number();
const stringMap = z.record(z.string(), z.string());
/** Decimal(18, 12) USD as text ("0.007500000000"); ClickHouse returns it trimmed ("0.0075"). */
const usd = z.string();
/** DateTime64(9) as `YYYY-MM-DD hh:mm:ss.fffffffff` UTC text (DateTime64(3) for ingested_at). */
const dbTime = z.string();

export const spanRowSchema = z.object({
  project_id: text,
  trace_id: text,
  span_id: text,
  parent_span_id: text,
  start_time: dbTime,
  end_time: dbTime,
  duration_ns: count,
  name: text,
  kind: text,
  service_name: text,
  scope_name: text,
  scope_version: text,
  status_code: z.enum(["unset", "ok", "error"]),
  status_message: text,
  resource_attributes: stringMap,
  span_attributes: stringMap,
  event_times: z.array(dbTime),
  event_names: z.array(text),
  event_attributes: z.array(stringMap),
  is_llm: z.boolean(),
  provider: text,
  operation: text,
  request_model: text,
  response_model: text,
  /** The response model, else the request model. */
  model: text,
  priced_model: text,
  /**
   * "caller": the cost was given with the run (POST /api/runs/create), never recomputed. "synced": an
   * install-wide price from `promptmetrics prices sync`.
   */
  price_source: z.enum(["", "catalogue", "synced", "override", "custom", "unknown", "caller"]),
  service_tier: text,
  /** Where the call was processed ("us", "global", ...; '' when not known); not "global" means the regional uplift. */
  inference_geo: text,
  input_tokens: count,
  output_tokens: count,
  cache_read_tokens: count,
  cache_write_tokens: count,
  cache_write_1h_tokens: count,
  /** Subset of cache_write_tokens written with OpenAI's 12-hour retention. */
  cache_write_12h_tokens: count,
  reasoning_tokens: count,
  usage_estimated: z.boolean(),
  /** Null when the model has no known price (never $0). */
  cost_usd: usd.nullable(),
  cost_input_usd: usd,
  cost_cache_read_usd: usd,
  cost_cache_write_usd: usd,
  cost_output_usd: usd,
  cost_reasoning_usd: usd,
  reported_cost_usd: usd.nullable(),
  ttft_ms: z.number().nullable(),
  finish_reason: text,
  user_id: text,
  session_id: text,
  prompt_name: text,
  prompt_version: text,
  tags: z.array(text),
  input_text: text,
  output_text: text,
  /**
   * Content-free evidence (docs/design/instrumentation.md, "Run evidence"): the first 32 hex digits of the
   * SHA-256 of the request's canonical form (model aside), '' when not known; the same for its stable prefix;
   * the prefix's tokens (exact when cache_read_tokens + cache_write_tokens > 0, else estimated).
   */
  input_hash: text,
  prefix_hash: text,
  prefix_tokens: count,
  /** Bitmask: 1 empty_output, 2 refusal, 4 invalid_json, 8 truncated, 16 error (QUALITY_FLAGS of pricing/evidence). */
  quality_flags: count,
  ingest_key_id: text,
  ingested_at: dbTime,
  /** Row version (µs): the newest row of a span wins when parts merge. */
  version: count,
  /** A later revision of a span already written (content attached, cost repriced): not counted by rollups. */
  is_revision: z.boolean(),
});

/** One row of `spans`, snake_case as stored. */
export type SpanRow = z.infer<typeof spanRowSchema>;
export type SpanColumn = keyof SpanRow;
export type PriceSourceColumn = SpanRow["price_source"];

/** Every column of `spans`, in table order. */
export const SPAN_COLUMNS = Object.keys(spanRowSchema.shape) as SpanColumn[];

/** The columns that have no neutral value: who sent the span, which it is, when. */
export type SpanRowKey = Pick<SpanRow, "project_id" | "trace_id" | "span_id" | "start_time" | "end_time" | "ingested_at" | "version">;

const ZERO_USD = "0";

/**
 * A complete row: the key columns and any others given; every other column empty as the table's default
 * has it (a span that is not, or not yet, an LLM call, unpriced), with fresh arrays and maps that a
 * writer may fill in place. Written out column by column rather than spread from a template: the ingest
 * builds one per span, and V8 builds a literal of fixed shape fastest.
 */
export function emptySpanRow(c: SpanRowKey & Partial<SpanRow>): SpanRow {
  return {
    project_id: c.project_id,
    trace_id: c.trace_id,
    span_id: c.span_id,
    parent_span_id: c.parent_span_id ?? "",
    start_time: c.start_time,
    end_time: c.end_time,
    duration_ns: c.duration_ns ?? 0,
    name: c.name ?? "",
    kind: c.kind ?? "",
    service_name: c.service_name ?? "",
    scope_name: c.scope_name ?? "",
    scope_version: c.scope_version ?? "",
    status_code: c.status_code ?? "unset",
    status_message: c.status_message ?? "",
    resource_attributes: c.resource_attributes ?? {},
    span_attributes: c.span_attributes ?? {},
    event_times: c.event_times ?? [],
    event_names: c.event_names ?? [],
    event_attributes: c.event_attributes ?? [],
    is_llm: c.is_llm ?? false,
    provider: c.provider ?? "",
    operation: c.operation ?? "",
    request_model: c.request_model ?? "",
    response_model: c.response_model ?? "",
    model: c.model ?? "",
    priced_model: c.priced_model ?? "",
    price_source: c.price_source ?? "",
    service_tier: c.service_tier ?? "",
    inference_geo: c.inference_geo ?? "",
    input_tokens: c.input_tokens ?? 0,
    output_tokens: c.output_tokens ?? 0,
    cache_read_tokens: c.cache_read_tokens ?? 0,
    cache_write_tokens: c.cache_write_tokens ?? 0,
    cache_write_1h_tokens: c.cache_write_1h_tokens ?? 0,
    cache_write_12h_tokens: c.cache_write_12h_tokens ?? 0,
    reasoning_tokens: c.reasoning_tokens ?? 0,
    usage_estimated: c.usage_estimated ?? false,
    cost_usd: c.cost_usd ?? null,
    cost_input_usd: c.cost_input_usd ?? ZERO_USD,
    cost_cache_read_usd: c.cost_cache_read_usd ?? ZERO_USD,
    cost_cache_write_usd: c.cost_cache_write_usd ?? ZERO_USD,
    cost_output_usd: c.cost_output_usd ?? ZERO_USD,
    cost_reasoning_usd: c.cost_reasoning_usd ?? ZERO_USD,
    reported_cost_usd: c.reported_cost_usd ?? null,
    ttft_ms: c.ttft_ms ?? null,
    finish_reason: c.finish_reason ?? "",
    user_id: c.user_id ?? "",
    session_id: c.session_id ?? "",
    prompt_name: c.prompt_name ?? "",
    prompt_version: c.prompt_version ?? "",
    tags: c.tags ?? [],
    input_text: c.input_text ?? "",
    output_text: c.output_text ?? "",
    input_hash: c.input_hash ?? "",
    prefix_hash: c.prefix_hash ?? "",
    prefix_tokens: c.prefix_tokens ?? 0,
    quality_flags: c.quality_flags ?? 0,
    ingest_key_id: c.ingest_key_id ?? "",
    ingested_at: c.ingested_at,
    version: c.version,
    is_revision: c.is_revision ?? false,
  };
}
