// One provider call reported by two instrumentations is one run. The Anthropic SDK records its own span
// for every call; a wrapper such as Traceloop's records another, usually as its parent, but for
// messages.stream() as the root of a different trace. These rules say when two LLM span rows are the same
// call, which one stays the run, and what the run takes from the other before the other is stored as a
// plain span. The ingest applies them within a batch and against the runs already stored.
import { emptySpanRow, type SpanRow } from "./span-row.ts";
import { USD_COLUMNS } from "./price-row.ts";

/** Scopes of the spans a provider's own SDK records (as opposed to a wrapper instrumentation's). */
const PROVIDER_SDK_SCOPE = /^com\.anthropic\.sdk(\.|$)/;

export function isProviderSdkScope(scope: string): boolean {
  return PROVIDER_SDK_SCOPE.test(scope);
}

export type SameCall = "nested" | "twin";

type Compared = Pick<
  SpanRow,
  | "project_id"
  | "trace_id"
  | "span_id"
  | "parent_span_id"
  | "start_time"
  | "end_time"
  | "scope_name"
  | "service_name"
  | "provider"
  | "input_tokens"
  | "output_tokens"
  | "cache_read_tokens"
  | "cache_write_tokens"
>;

/**
 * How two LLM span rows are one call, or null: "nested" when one is the other's parent in one trace (as
 * the ingest always treated nested LLM spans); "twin" when exactly one comes from a provider SDK's own
 * instrumentation and the two agree on project, service, provider and token counts and overlap in time
 * (the SDK's stream span and the wrapper's share no trace). Two wrapper spans never make a twin: two
 * identical calls made at once are two runs.
 */
export function sameCall(a: Compared, b: Compared): SameCall | null {
  if (a.project_id !== b.project_id || (a.trace_id === b.trace_id && a.span_id === b.span_id)) return null;
  if (a.trace_id === b.trace_id && (a.parent_span_id === b.span_id || b.parent_span_id === a.span_id)) return "nested";
  if (isProviderSdkScope(a.scope_name) === isProviderSdkScope(b.scope_name)) return null;
  const agree =
    a.service_name === b.service_name &&
    a.provider === b.provider &&
    Number(a.input_tokens) === Number(b.input_tokens) &&
    Number(a.output_tokens) === Number(b.output_tokens) &&
    Number(a.cache_read_tokens) === Number(b.cache_read_tokens) &&
    Number(a.cache_write_tokens) === Number(b.cache_write_tokens);
  // Times are fixed-width UTC text, so they compare as strings.
  const overlap = a.start_time <= b.end_time && b.start_time <= a.end_time;
  return agree && overlap ? "twin" : null;
}

/** Of two rows of one call arriving together, the one that stays the run: the outer span, else the wrapper's. */
export function keptOfPair(a: Compared, b: Compared, how: SameCall): "a" | "b" {
  if (how === "nested") return b.parent_span_id === a.span_id && b.trace_id === a.trace_id ? "a" : "b";
  return isProviderSdkScope(a.scope_name) ? "b" : "a";
}

/**
 * The run with what only the other row of its call knows: content, who and what prompt it was for,
 * the finish reason and time to first token where it has none, and the other's usage and cost when that
 * splits the cache writes by lifetime and the run's does not (the Anthropic SDK reports 1-hour writes,
 * Traceloop does not), since the split changes the price. Counted columns change only in that last case.
 */
export function mergeDuplicateRun(run: SpanRow, other: SpanRow): SpanRow {
  const merged = { ...run };
  if (!run.input_text && !run.output_text && (other.input_text || other.output_text)) {
    merged.input_text = other.input_text;
    merged.output_text = other.output_text;
    merged.input_hash = other.input_hash;
    merged.prefix_hash = other.prefix_hash;
    merged.prefix_tokens = other.prefix_tokens;
    merged.quality_flags = other.quality_flags;
  }
  for (const field of ["user_id", "session_id", "finish_reason"] as const) {
    if (!run[field] && other[field]) merged[field] = other[field];
  }
  if (!run.prompt_name && other.prompt_name) {
    merged.prompt_name = other.prompt_name;
    merged.prompt_version = other.prompt_version;
  }
  if (run.tags.length === 0 && other.tags.length > 0) merged.tags = other.tags;
  if (run.ttft_ms === null && other.ttft_ms !== null) merged.ttft_ms = other.ttft_ms;
  const splits = (row: SpanRow) => Number(row.cache_write_1h_tokens) + Number(row.cache_write_12h_tokens) > 0;
  if (!splits(run) && splits(other) && Number(run.cache_write_tokens) === Number(other.cache_write_tokens)) {
    for (const field of USAGE_AND_COST) (merged as Record<string, unknown>)[field] = other[field];
  }
  return merged;
}

const USAGE_AND_COST = [
  "cache_write_1h_tokens",
  "cache_write_12h_tokens",
  ...USD_COLUMNS,
  "priced_model",
  "price_source",
  "service_tier",
  "inference_geo",
] as const satisfies readonly (keyof SpanRow)[];

/** The row as a plain span: what was received, without the run's LLM columns. */
export function plainSpanRow(row: SpanRow): SpanRow {
  return emptySpanRow({
    project_id: row.project_id,
    trace_id: row.trace_id,
    span_id: row.span_id,
    parent_span_id: row.parent_span_id,
    start_time: row.start_time,
    end_time: row.end_time,
    duration_ns: row.duration_ns,
    name: row.name,
    kind: row.kind,
    service_name: row.service_name,
    scope_name: row.scope_name,
    scope_version: row.scope_version,
    status_code: row.status_code,
    status_message: row.status_message,
    resource_attributes: row.resource_attributes,
    span_attributes: row.span_attributes,
    event_times: row.event_times,
    event_names: row.event_names,
    event_attributes: row.event_attributes,
    ingest_key_id: row.ingest_key_id,
    ingested_at: row.ingested_at,
    version: row.version,
    is_revision: row.is_revision,
  });
}
