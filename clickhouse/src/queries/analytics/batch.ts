// Several analytics reads sent as one query: each read's own SQL becomes a branch of a UNION ALL that
// tags its rows with the read's index. The embedded store runs parameterised queries one at a time, and
// each carries a fixed cost (parse, plan, a round trip through the engine's single query chain), so a
// route that needs five reads pays it once; the branches run side by side inside the engine.
import type { Store } from "../../store.ts";
import { mergedMetricExpressions } from "./metrics.ts";
import { buildRunFeedbackQuery, FEEDBACK_COLUMNS, toRunFeedbackRow, type RunFeedbackRow } from "./run-feedback.ts";
import { buildRunMetricsQuery, toRunMetricsRow, type RunMetricsQuery, type RunMetricsRow } from "./run-metrics.ts";
import { indent, selectList } from "./sql-text.ts";
import type { RunScope, Sql } from "./types.ts";

interface Branch {
  sql: Sql;
  /** How the read groups: its rows' bucket and keys are padded to one shape across branches. */
  scope: RunScope;
}

/** Every read of `queries` in one query; the answer of each, in order. Reads must agree on `percentiles`. */
export async function aggregateRunMetricsBatch(store: Store, queries: readonly RunMetricsQuery[]): Promise<RunMetricsRow[][]> {
  if (queries.length === 0) return [];
  const percentiles = queries[0]!.percentiles ?? true;
  if (queries.some((query) => (query.percentiles ?? true) !== percentiles))
    throw new RangeError("A batch's reads must agree on percentiles");
  const metrics = mergedMetricExpressions(percentiles).map(aliasOf);
  const branches = queries.map((query) => ({ sql: buildRunMetricsQuery(query), scope: query }));
  const parts = await runBatch(store, branches, metrics, "aggregateRunMetricsBatch", queries[0]!.signal);
  return parts.map((rows, i) => rows.map((row) => toRunMetricsRow(row as never, queries[i]!.dimensions?.length ?? 0)));
}

/** The feedback counterpart of aggregateRunMetricsBatch. */
export async function aggregateRunFeedbackBatch(
  store: Store,
  scopes: readonly (RunScope & { signal?: AbortSignal | undefined })[],
): Promise<RunFeedbackRow[][]> {
  if (scopes.length === 0) return [];
  const branches = scopes.map((scope) => ({ sql: buildRunFeedbackQuery(scope), scope }));
  const parts = await runBatch(store, branches, FEEDBACK_COLUMNS, "aggregateRunFeedbackBatch", scopes[0]!.signal);
  return parts.map((rows, i) => rows.map((row) => toRunFeedbackRow(row as never, scopes[i]!.dimensions?.length ?? 0)));
}

/** The SQL of a batch: exported for tests. */
export function buildBatchQuery(branches: readonly Branch[], columns: readonly string[]): Sql {
  const keyCount = Math.max(0, ...branches.map(({ scope }) => scope.dimensions?.length ?? 0));
  const params: Record<string, unknown> = {};
  const sql = branches
    .map(({ sql: branch, scope }, i) => {
      // Each branch's parameters get its own names: two reads of different ranges both bind `from`.
      const renamed = branch.sql.replace(/\{(\w+):/g, (_, name: string) => `{${name}_b${i}:`);
      for (const [name, value] of Object.entries(branch.params)) params[`${name}_b${i}`] = value;
      const dimensions = scope.dimensions?.length ?? 0;
      return [
        selectList([
          `${i} AS part`,
          scope.bucket ? "toNullable(toUInt32(bucket)) AS bucket" : "CAST(NULL, 'Nullable(UInt32)') AS bucket",
          ...Array.from({ length: keyCount }, (_, k) => (k < dimensions ? `toString(key_${k}) AS key_${k}` : `'' AS key_${k}`)),
          `toUInt8(${scope.keep ? "in_keep" : "1"}) AS in_keep`,
          ...columns,
        ]),
        "FROM",
        "(",
        indent(renamed),
        ")",
      ].join("\n");
    })
    .join("\nUNION ALL\n");
  return { sql, params };
}

async function runBatch(
  store: Store,
  branches: readonly Branch[],
  columns: readonly string[],
  tag: string,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>[][]> {
  const { sql, params } = buildBatchQuery(branches, columns);
  const rows = await store.query<Record<string, unknown> & { part: number; bucket: number | null }>(sql, params, { tag, signal });
  // A branch's rows arrive in its own order (UNION ALL concatenates each branch's stream; only the
  // interleaving between branches varies).
  const parts: Record<string, unknown>[][] = branches.map(() => []);
  for (const { part, bucket, ...row } of rows) parts[part]!.push(bucket === null ? row : { ...row, bucket });
  return parts;
}

function aliasOf(expression: string): string {
  return expression.slice(expression.lastIndexOf(" AS ") + 4);
}
