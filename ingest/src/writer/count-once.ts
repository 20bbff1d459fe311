// The two store-side steps around a batch insert that keep every call counted once (migration 0020):
// before it, match the batch's LLM spans with the stored runs they may describe again (duplicate-calls.ts);
// after it, take back the copy of a span that another writer stored at the same moment (a retried export
// that reached two ingest replicas at once: both checked "already stored?" before either wrote).
import {
  findStoredCallCandidates,
  getSpansByKeys,
  listCountedCopies,
  spanRowKey,
  usageKeyString,
  type Store,
} from "@promptmetrics/clickhouse";
import { resolveDuplicateCalls, retractionOf, supersededRevision, type MarkedSpanRow } from "./duplicate-calls.ts";

/** How far before a new span's start a stored run of the same call may have started. */
const CANDIDATE_WINDOW_MS = 10 * 60_000;

/**
 * Marks the batch's duplicate calls (superseded_by) and returns the rows to add to the insert: for each
 * stored run a new span supersedes, its superseding revision and its retraction.
 */
export async function markDuplicateCalls(store: Store, rows: MarkedSpanRow[], ingestedAt: string): Promise<MarkedSpanRow[]> {
  const added: MarkedSpanRow[] = [];
  for (const [projectId, projectRows] of groupBy(rows.filter(isCountedWrite), (row) => row.project_id)) {
    const { from } = timeRange(projectRows);
    // A nested span starts after its parent: up to the batch's last end (and a second of clock slack).
    const lastEnd = projectRows.reduce((latest, row) => (row.end_time > latest ? row.end_time : latest), from);
    const stored = await findStoredCallCandidates(store, {
      projectId,
      from: shift(from, -CANDIDATE_WINDOW_MS),
      to: shift(lastEnd, 1000),
      traceIds: [...new Set(projectRows.map((row) => row.trace_id))],
      usages: [...new Set(projectRows.map(usageKeyString))],
    });
    const { supersede } = resolveDuplicateCalls(projectRows, stored);
    if (supersede.size === 0) continue;
    const current = await getSpansByKeys(store, {
      projectId,
      keys: [...supersede.keys()].map((key) => ({ traceId: key.split("/")[0]!, spanId: key.split("/")[1]! })),
    });
    for (const row of current as MarkedSpanRow[]) {
      const keeper = supersede.get(`${row.trace_id}/${row.span_id}`);
      if (keeper === undefined || row.superseded_by) continue;
      added.push(supersededRevision(row, keeper, ingestedAt), retractionOf(row, ingestedAt));
    }
  }
  return added;
}

/**
 * After the insert: for each counted write of this batch, if the store holds another counted copy of the
 * span from an insert that committed earlier (a smaller block number), this one is taken back. Whichever
 * writer committed later sees the earlier copy, so exactly one copy stays counted.
 */
export async function takeBackRacedCopies(store: Store, written: readonly MarkedSpanRow[], ingestedAt: string): Promise<number> {
  const counted = written.filter(isCountedWrite);
  if (counted.length === 0) return 0;
  const { from, to } = timeRange(counted);
  const copies = await listCountedCopies(store, {
    projectIds: [...new Set(counted.map((row) => row.project_id))],
    fromStartTime: from,
    toStartTime: to,
    keys: counted.map((row) => ({ projectId: row.project_id, traceId: row.trace_id, spanId: row.span_id })),
  });
  const byKey = groupBy(copies, (copy) => copy.k);
  const retractions: MarkedSpanRow[] = [];
  for (const row of counted) {
    const mine = byKey.get(spanRowKey(row));
    if (!mine || mine.length < 2) continue;
    const own = mine.find((copy) => copy.version === row.version);
    const first = Math.min(...mine.map((copy) => copy.block));
    if (own && own.block > first) retractions.push(retractionOf(row, ingestedAt));
  }
  if (retractions.length > 0) await store.insert("spans", retractions, { tag: "insertSpans" });
  return retractions.length;
}

/** A first write of a run: what the rollup views count with sign +1. */
function isCountedWrite(row: MarkedSpanRow): boolean {
  return row.is_llm && !row.is_revision && !row.superseded_by;
}

function timeRange(rows: readonly MarkedSpanRow[]): { from: string; to: string } {
  let from = rows[0]!.start_time;
  let to = from;
  for (const row of rows) {
    if (row.start_time < from) from = row.start_time;
    if (row.start_time > to) to = row.start_time;
  }
  return { from, to };
}

/** A store time (`YYYY-MM-DD hh:mm:ss[.f]` UTC) moved by `ms`, in the same form (millisecond precision). */
function shift(time: string, ms: number): string {
  const at = new Date(Date.parse(`${time.slice(0, 23).replace(" ", "T")}Z`) + ms);
  return at.toISOString().replace("T", " ").replace("Z", "");
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
