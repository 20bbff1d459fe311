// One decoded span (and its mapped LLM call, if it is one) becomes one `spans` row: raw fields as
// received, normalized LLM columns, and the price from pricing/ with its components. The row itself,
// its LLM columns and its pricing are @promptmetrics/runs'; this file maps OTLP onto them.
import { emptySpanRow, formatNanos, llmColumns, priceSpanRow, type SpanRow } from "@promptmetrics/runs";
import type { Pricer } from "@promptmetrics/pricing";
import type { LlmCall } from "../mappers/types.ts";
import type { DecodedSpan } from "../otlp/types.ts";
import { stringifyAttribute, toStringMap } from "./attributes.ts";

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
  const row = emptySpanRow({
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
    ingest_key_id: ctx.ingestKeyId,
    ingested_at: ctx.ingestedAt,
    version: ctx.version,
  });
  if (!llm) return { row, truncatedValues, unknownModel: false };

  Object.assign(row, llmColumns(llm));
  // Priced at the span's start, to the millisecond.
  const cost = priceSpanRow(row, ctx.pricer, new Date(Number(span.startTimeUnixNano / 1_000_000n)));
  return { row, truncatedValues, unknownModel: cost.status !== "priced" };
}
