// One provider call, one run, whatever arrives in which export (issue #16). Two instrumentations often
// each make a span for the same call (Traceloop's and the Anthropic SDK's own, say); when both travel in
// one export the pipeline already keeps the outer one (see mapCalls). Here, at write time, the batch's new
// LLM spans are matched with each other and with the stored runs near them:
//   1. nesting: an LLM span under another LLM span of the same trace is the same call; the parent keeps it;
//   2. the same provider response id on both spans;
//   3. otherwise a fingerprint, for spans in different traces without response ids: another
//      instrumentation scope, the same provider and model, the same four token counts (input, output,
//      cache read, cache write, as mapped) and overlapping times. Earlier stored or earlier in the batch keeps it.
// A run stands for at most one span of each other scope, so a burst of identical calls is never collapsed
// into fewer runs than calls. A stored run that a new parent supersedes gets a revision that sets
// superseded_by and a retraction (migration 0020) that takes its count out of the rollups.
import { nextVersion, usageKeyString, type StoredCallRow } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";

/** The columns migration 0020 added; SpanRow (runs/) does not list them, the store takes them as given. */
export type MarkedSpanRow = SpanRow & { superseded_by?: string; is_retraction?: boolean };

/** Spans whose times are this close still overlap: clocks of two instrumentations in one process agree. */
const OVERLAP_SLACK_NS = 1_000_000_000n;

interface Call {
  key: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  scope: string;
  provider: string;
  model: string;
  usage: string;
  responseId: string;
  startNs: bigint;
  endNs: bigint;
  absorbed: Set<string>;
  /** The batch row, or undefined for a stored run. */
  row?: MarkedSpanRow;
}

export interface DuplicateResolution {
  /** Stored runs the batch supersedes, by "trace/span", with the "trace/span" of the run that keeps the call. */
  supersede: Map<string, string>;
}

/** Marks the batch's duplicates (superseded_by) in place and says which stored runs are superseded. */
export function resolveDuplicateCalls(batch: MarkedSpanRow[], stored: readonly StoredCallRow[]): DuplicateResolution {
  const keepers: Call[] = stored.map(fromStored);
  const supersede = new Map<string, string>();
  for (const row of batch) {
    if (!row.is_llm || row.is_revision || row.superseded_by) continue;
    const call = fromRow(row);
    const child = keepers.find((k) => k.traceId === call.traceId && k.parentSpanId === call.spanId);
    if (child) {
      // The new span is the outer one: it keeps the call, the nested one (stored or in the batch) is superseded.
      keepers.splice(keepers.indexOf(child), 1);
      if (child.row) child.row.superseded_by = call.key;
      else supersede.set(child.key, call.key);
      call.absorbed.add(child.scope);
      keepers.push(call);
      continue;
    }
    const keeper =
      keepers.find((k) => k.traceId === call.traceId && k.spanId === call.parentSpanId) ??
      keepers.find((k) => k.responseId !== "" && k.responseId === call.responseId && !k.absorbed.has(call.scope)) ??
      keepers.find((k) => sameCallByFingerprint(k, call));
    if (keeper) {
      row.superseded_by = keeper.key;
      keeper.absorbed.add(call.scope);
    } else {
      keepers.push(call);
    }
  }
  return { supersede };
}

function sameCallByFingerprint(a: Call, b: Call): boolean {
  return (
    a.scope !== b.scope &&
    !a.absorbed.has(b.scope) &&
    (a.responseId === "" || b.responseId === "") &&
    a.provider === b.provider &&
    a.model === b.model &&
    a.usage === b.usage &&
    a.startNs <= b.endNs + OVERLAP_SLACK_NS &&
    b.startNs <= a.endNs + OVERLAP_SLACK_NS
  );
}

function fromRow(row: MarkedSpanRow): Call {
  return {
    key: `${row.trace_id}/${row.span_id}`,
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    scope: row.scope_name,
    provider: row.provider,
    model: row.model,
    usage: usageKeyString(row),
    responseId: row.span_attributes["gen_ai.response.id"] ?? "",
    startNs: toNs(row.start_time),
    endNs: toNs(row.end_time),
    absorbed: new Set(),
    row,
  };
}

function fromStored(row: StoredCallRow): Call {
  return {
    key: `${row.trace_id}/${row.span_id}`,
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    scope: row.scope_name,
    provider: row.provider,
    model: row.model,
    usage: usageKeyString(row),
    responseId: row.response_id,
    startNs: toNs(row.start_time),
    endNs: toNs(row.end_time),
    absorbed: new Set(row.absorbed_scopes),
  };
}

/** `YYYY-MM-DD hh:mm:ss[.fffffffff]` UTC (the store's DateTime64(9) text) to nanoseconds since the epoch. */
function toNs(time: string): bigint {
  const [whole, fraction = ""] = time.split(".");
  const ms = Date.parse(`${whole!.replace(" ", "T")}Z`);
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, "0").slice(0, 9) || "0");
}

/** The revision that marks a stored run superseded (not counted: is_revision). */
export function supersededRevision(row: MarkedSpanRow, keeper: string, ingestedAt: string): MarkedSpanRow {
  return { ...row, superseded_by: keeper, is_retraction: false, is_revision: true, version: nextVersion(), ingested_at: ingestedAt };
}

/**
 * The row that takes one counted write out of the rollups: the write's own figures, sign -1 in the views,
 * version 0 so that FINAL never returns it (migration 0020).
 */
export function retractionOf(row: MarkedSpanRow, ingestedAt: string): MarkedSpanRow {
  return { ...row, superseded_by: "", is_retraction: true, is_revision: true, version: 0, ingested_at: ingestedAt };
}
