// Drops spans that were already written before a batch is inserted, so that an exporter re-sending a
// batch (after a timeout, a 503, a restart of either side) never counts a call twice in the rollups.
// Three checks, cheapest first: the same span twice in this batch, the span in the recent-keys memory,
// and the span already in the store (bounded by time range and trace id; see findStoredSpanKeys).
import { findStoredSpanKeys, spanRowKey, type Store } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";

export interface BatchItem {
  rows: SpanRow[];
  revision: boolean;
  /** Ids minted at random just now (the gateway's runs): never duplicates, so never looked up. */
  fresh?: boolean;
}

export async function dedupeBatch(
  store: Store,
  /** Keys already written or on their way (the writer's recent keys and its batches in flight). */
  recentKeys: { has(key: string): boolean },
  batch: readonly BatchItem[],
): Promise<{ rows: SpanRow[]; duplicatesPerRequest: number[] }> {
  const seen = new Set<string>();
  const candidates: { row: SpanRow; key: string; request: number }[] = [];
  const duplicatesPerRequest = batch.map(() => 0);
  // Revisions and fresh rows go in as they are.
  const revisions: SpanRow[] = [];
  batch.forEach((item, request) => {
    if (item.revision || item.fresh) {
      revisions.push(...item.rows);
      return;
    }
    for (const row of item.rows) {
      const key = spanRowKey(row);
      if (seen.has(key) || recentKeys.has(key)) {
        duplicatesPerRequest[request]!++;
        continue;
      }
      seen.add(key);
      candidates.push({ row, key, request });
    }
  });

  const stored = await storedKeys(
    store,
    candidates.map((c) => c.row),
  );
  const rows: SpanRow[] = [];
  for (const candidate of candidates) {
    if (stored.has(candidate.key)) duplicatesPerRequest[candidate.request]!++;
    else rows.push(candidate.row);
  }
  return { rows: rows.concat(revisions), duplicatesPerRequest };
}

async function storedKeys(store: Store, rows: SpanRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  let from = rows[0]!.start_time;
  let to = from;
  const projectIds = new Set<string>();
  for (const row of rows) {
    if (row.start_time < from) from = row.start_time;
    if (row.start_time > to) to = row.start_time;
    projectIds.add(row.project_id);
  }
  return findStoredSpanKeys(store, {
    projectIds: [...projectIds],
    fromStartTime: from,
    toStartTime: to,
    keys: rows.map((row) => ({ projectId: row.project_id, traceId: row.trace_id, spanId: row.span_id })),
  });
}
