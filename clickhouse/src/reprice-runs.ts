// Recomputes the cost of stored runs after a price change, a price sync or a new override: each run whose
// price differs gets a revision with the new cost (the newest version wins), then the rollup partitions
// those runs fall in are rebuilt from the spans, so dashboards agree with llm_runs again. Here, below both
// the ingest and the API, so `promptmetrics reprice`, `prices sync` and the API's "use this price" share it.
import { priceSpanRow, USD_COLUMNS, type RowPricer, type SpanRow } from "@promptmetrics/runs";
import { findRollupDisagreements, monthsOf } from "./queries/rollup-agreement.ts";
import { rebuildRollupPartitions } from "./queries/rollups.ts";
import { getLlmSpansPage } from "./queries/spans.ts";
import { nextVersion, toDbTime } from "./queries/versioning.ts";
import type { Store } from "./store.ts";

export interface RepriceOptions {
  /** Only this project's runs (a project's "use this price"); every project's otherwise. */
  projectId?: string | undefined;
  from: Date;
  to: Date;
  /** Only runs whose model, requested model or priced model is this. */
  model?: string | undefined;
  pricerFor(projectId: string): RowPricer;
  pageSize?: number;
  onProgress?(progress: { scanned: number; changed: number }): void;
}

export interface RepriceReport {
  scanned: number;
  changed: number;
  /** Months (YYYYMM) whose rollups were rebuilt. */
  partitions: number[];
}

export async function repriceRuns(store: Store, options: RepriceOptions): Promise<RepriceReport> {
  const pageSize = options.pageSize ?? 5000;
  const partitions = new Set<number>();
  let scanned = 0;
  let changed = 0;
  let after: SpanRow | undefined;
  for (;;) {
    const page = await getLlmSpansPage(store, {
      projectId: options.projectId,
      from: options.from,
      to: options.to,
      model: options.model,
      after,
      limit: pageSize,
    });
    if (page.length === 0) break;
    after = page[page.length - 1];
    scanned += page.length;
    const now = toDbTime(new Date());
    const revisions: SpanRow[] = [];
    for (const row of page) {
      // A cost given with the run (POST /api/runs/create) is the caller's word, not ours to recompute.
      if (row.price_source === "caller") continue;
      const revised: SpanRow = { ...row };
      priceSpanRow(revised, options.pricerFor(row.project_id));
      if (samePrice(row, revised)) continue;
      revisions.push({ ...revised, version: nextVersion(), ingested_at: now, is_revision: true });
      partitions.add(Number(row.start_time.slice(0, 4) + row.start_time.slice(5, 7)));
    }
    if (revisions.length > 0) await store.insert("spans", revisions, { tag: "reprice" });
    changed += revisions.length;
    options.onProgress?.({ scanned, changed });
    if (page.length < pageSize) break;
  }
  // A reprice killed between its revisions and its rebuild left rollups behind the spans it had revised:
  // run again, those runs price the same and count as unchanged, so their months are found here instead.
  for (const month of monthsOf(await findRollupDisagreements(store, { from: options.from, to: options.to, projectId: options.projectId })))
    partitions.add(month);
  const sorted = [...partitions].sort((a, b) => a - b);
  if (sorted.length > 0) await rebuildRollupPartitions(store, { partitions: sorted });
  return { scanned, changed, partitions: sorted };
}

function samePrice(a: SpanRow, b: SpanRow): boolean {
  if (a.priced_model !== b.priced_model || a.price_source !== b.price_source) return false;
  return USD_COLUMNS.every((column) => sameDecimal(a[column], b[column]));
}

/** "0.0075" (as ClickHouse prints it) equals "0.007500000000" (as pricing writes it). */
function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return trimDecimal(a) === trimDecimal(b);
}

function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}
