// One decoded span (and its mapped LLM call, if it is one) becomes one `spans` row: raw fields as
// received, normalized LLM columns, and the price from pricing/ with its components.
import { spanCostColumns, type SpanRow } from "@promptmetrics/clickhouse";
import type { CostResult, Pricer, ServiceTier } from "@promptmetrics/pricing";
import type { LlmCall } from "../mappers/types.ts";
import type { DecodedSpan } from "../otlp/types.ts";
import { stringifyAttribute, toStringMap } from "./attributes.ts";
import { formatNanos } from "./time.ts";

export interface RowContext {
  projectId: string;
  ingestKeyId: string;
  pricer: Pricer;
  /** `ingested_at` text and the row version (µs) for every row of a request. */
  ingestedAt: string;
  version: number;
  maxAttributeBytes: number;
}

export interface BuiltRow {
  row: SpanRow;
  /** Attribute values cut to the size limit. */
  truncatedValues: number;
  /** The model had no price (counted and listed per project). */
  unknownModel: boolean;
}

const KIND_NAMES = ["unspecified", "internal", "server", "client", "producer", "consumer"] as const;
const STATUS_NAMES = ["unset", "ok", "error"] as const;
const ZERO = "0";

export function buildSpanRow(span: DecodedSpan, llm: LlmCall | null, ctx: RowContext): BuiltRow {
  const resource = toStringMap(span.resource.attributes, ctx.maxAttributeBytes);
  const attributes = toStringMap(span.attributes, ctx.maxAttributeBytes);
  let truncatedValues = resource.truncated + attributes.truncated;
  const eventAttributes = span.events.map((event) => {
    const converted = toStringMap(event.attributes, ctx.maxAttributeBytes);
    truncatedValues += converted.truncated;
    return converted.map;
  });
  const serviceName = span.resource.attributes["service.name"];
  const row: SpanRow = {
    project_id: ctx.projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    start_time: formatNanos(span.startTimeUnixNano),
    end_time: formatNanos(span.endTimeUnixNano),
    duration_ns: Number(span.endTimeUnixNano - span.startTimeUnixNano),
    name: span.name,
    kind: KIND_NAMES[span.kind] ?? "unspecified",
    service_name: serviceName === undefined ? "" : stringifyAttribute(serviceName),
    scope_name: span.scope.name,
    scope_version: span.scope.version,
    status_code: STATUS_NAMES[span.status.code] ?? "unset",
    status_message: span.status.message,
    resource_attributes: resource.map,
    span_attributes: attributes.map,
    event_times: span.events.map((event) => formatNanos(event.timeUnixNano)),
    event_names: span.events.map((event) => event.name),
    event_attributes: eventAttributes,
    is_llm: false,
    provider: "",
    operation: "",
    request_model: "",
    response_model: "",
    model: "",
    priced_model: "",
    price_source: "",
    service_tier: "",
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    usage_estimated: false,
    cost_usd: null,
    cost_input_usd: ZERO,
    cost_cache_read_usd: ZERO,
    cost_cache_write_usd: ZERO,
    cost_output_usd: ZERO,
    cost_reasoning_usd: ZERO,
    reported_cost_usd: null,
    ttft_ms: null,
    finish_reason: "",
    user_id: "",
    session_id: "",
    prompt_name: "",
    prompt_version: "",
    tags: [],
    input_text: "",
    output_text: "",
    ingest_key_id: ctx.ingestKeyId,
    ingested_at: ctx.ingestedAt,
    version: ctx.version,
    is_revision: false,
  };
  if (!llm) return { row, truncatedValues, unknownModel: false };

  const model = llm.responseModel || llm.requestModel;
  Object.assign(row, {
    is_llm: true,
    provider: llm.provider,
    operation: llm.operation,
    request_model: llm.requestModel,
    response_model: llm.responseModel,
    model,
    service_tier: llm.serviceTier,
    input_tokens: llm.usage.inputTokens,
    output_tokens: llm.usage.outputTokens,
    cache_read_tokens: llm.usage.cacheReadTokens,
    cache_write_tokens: llm.usage.cacheWriteTokens,
    cache_write_1h_tokens: llm.usage.cacheWrite1hTokens,
    reasoning_tokens: llm.usage.reasoningTokens,
    usage_estimated: llm.usageEstimated,
    reported_cost_usd: llm.reportedCostUsd === null ? null : llm.reportedCostUsd.toFixed(12),
    ttft_ms: llm.ttftMs,
    finish_reason: llm.finishReason,
    user_id: llm.userId,
    session_id: llm.sessionId,
    prompt_name: llm.promptName,
    prompt_version: llm.promptVersion,
    tags: llm.tags,
    input_text: llm.inputText,
    output_text: llm.outputText,
  } satisfies Partial<SpanRow>);
  const unknownModel = !applyPrice(row, priceCall(llm, span, ctx.pricer));
  return { row, truncatedValues, unknownModel };
}

/** Prices by the response model (the snapshot actually served), falling back to the requested one. */
export function priceCall(llm: Pick<LlmCall, "provider" | "requestModel" | "responseModel" | "usage" | "serviceTier">, span: { startTimeUnixNano: bigint }, pricer: Pricer): CostResult {
  const at = new Date(Number(span.startTimeUnixNano / 1_000_000n));
  const request = { provider: llm.provider, at, usage: llm.usage, serviceTier: toServiceTier(llm.serviceTier) };
  const byResponse = llm.responseModel ? pricer.price({ ...request, model: llm.responseModel }) : undefined;
  if (byResponse?.status === "priced" || !llm.requestModel || llm.requestModel === llm.responseModel) {
    return byResponse ?? pricer.price({ ...request, model: llm.requestModel });
  }
  return pricer.price({ ...request, model: llm.requestModel });
}

/** Writes a price into a row; false when the model is unknown (cost stays NULL, never $0). */
export function applyPrice(row: SpanRow, cost: CostResult): boolean {
  Object.assign(row, spanCostColumns(cost));
  return cost.status === "priced";
}

function toServiceTier(tier: string): ServiceTier {
  return tier === "batch" || tier === "flex" || tier === "priority" ? tier : "standard";
}
