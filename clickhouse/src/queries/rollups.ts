// Rebuilds rollup partitions from the current spans, after a reprice has rewritten costs. Each rollup is
// recomputed with its own materialized view's SELECT (read from system.tables, so it cannot drift from
// the migration) over the partition's spans as they are now, into a scratch table whose partition then
// atomically replaces the live one.
import { StoreError } from "../errors.ts";
import type { SpanRow } from "@promptmetrics/runs";
import type { Store } from "../store.ts";

/** Rollup tables and the views that feed them: fixed identifiers, never input. */
export const ROLLUPS = [
  { table: "rollup_model_hourly", view: "rollup_model_hourly_mv" },
  { table: "rollup_user_hourly", view: "rollup_user_hourly_mv" },
  { table: "rollup_prompt_hourly", view: "rollup_prompt_hourly_mv" },
  { table: "rollup_error_hourly", view: "rollup_error_hourly_mv" },
  { table: "rollup_member_hourly", view: "rollup_member_hourly_mv" },
] as const;

export const SOURCE = /\bFROM\s+(?:`?\w+`?\.)?`?spans`?(?=\s)/;

/**
 * Recompute only these hours of one project (`YYYY-MM-DD hh:00:00` UTC): the partitions' other rows are
 * copied as they are, so hours whose spans a TTL expired keep their rollups (a whole-month rebuild would
 * recompute them from spans that are gone). For an end user's deletion, which touches a few hours.
 */
export interface RollupRebuildScope {
  projectId: string;
  hours: readonly string[];
}

/** Partitions are months as YYYYMM numbers; `only` narrows the recomputation to one project's hours. */
export async function rebuildRollupPartitions(
  store: Store,
  { partitions, only }: { partitions: number[]; only?: RollupRebuildScope | undefined },
): Promise<void> {
  // One rebuild at a time in this process: they share the scratch tables' names.
  const run = rebuilding.then(() => rebuildNow(store, partitions, only));
  rebuilding = run.catch(() => undefined);
  return run;
}

let rebuilding: Promise<unknown> = Promise.resolve();

async function rebuildNow(store: Store, partitions: number[], only: RollupRebuildScope | undefined): Promise<void> {
  for (const partition of partitions) {
    if (!Number.isInteger(partition) || partition < 197001 || partition > 299912)
      throw new RangeError(`Not a YYYYMM partition: ${partition}`);
  }
  for (const { table, view } of ROLLUPS) {
    const definition = await readViewSelect(store, view);
    const scratch = `${table}_rebuild`;
    await store.command(`DROP TABLE IF EXISTS ${scratch}`);
    await store.command(`CREATE TABLE ${scratch} AS ${table}`);
    try {
      for (const partition of partitions) {
        // The partition's spans as they are now (FINAL: newest revision of each), counted once.
        const scoped = only
          ? ` AND project_id = {onlyProject:String} AND toStartOfHour(start_time) IN {onlyHours:Array(DateTime('UTC'))}`
          : "";
        const params = only ? { onlyProject: only.projectId, onlyHours: only.hours } : undefined;
        if (only) {
          await store.command(
            `INSERT INTO ${scratch} SELECT * FROM ${table}
             WHERE toYYYYMM(bucket) = ${partition} AND NOT (project_id = {onlyProject:String} AND bucket IN {onlyHours:Array(DateTime('UTC'))})`,
            params,
            { tag: "rebuildRollupPartitions" },
          );
        }
        const source = `FROM (SELECT * REPLACE (false AS is_revision) FROM spans FINAL WHERE toYYYYMM(start_time) = ${partition}${scoped}) AS spans `;
        await store.command(`INSERT INTO ${scratch} ${definition.replace(SOURCE, source)}`, params, {
          tag: "rebuildRollupPartitions",
        });
        const [rebuilt] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${scratch} WHERE toYYYYMM(bucket) = ${partition}`);
        // Newer ClickHouse refuses to replace from an empty partition; an empty result means "no rows".
        const swap = rebuilt?.n ? `REPLACE PARTITION ${partition} FROM ${scratch}` : `DROP PARTITION ${partition}`;
        await store.command(`ALTER TABLE ${table} ${swap}`, undefined, { tag: "rebuildRollupPartitions" });
      }
    } finally {
      await store.command(`DROP TABLE IF EXISTS ${scratch}`);
    }
  }
}

/** The months (YYYYMM) in which spans started between `from` and `to`: the partitions a rebuild covers. */
export async function listSpanMonths(store: Store, { from, to }: { from: Date; to: Date }): Promise<number[]> {
  const rows = await store.query<{ month: number }>(
    `SELECT DISTINCT toYYYYMM(start_time) AS month FROM spans
     WHERE start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')} ORDER BY month`,
    { from, to },
    { tag: "listSpanMonths" },
  );
  return rows.map((row) => Number(row.month));
}

/** A rollup view's SELECT as the store holds it (so it cannot drift from the migrations). */
export async function readViewSelect(store: Store, view: string): Promise<string> {
  const [definition] = await store.query<{ as_select: string }>(
    "SELECT as_select FROM system.tables WHERE database = currentDatabase() AND name = {view:String}",
    { view },
    { tag: "readViewSelect" },
  );
  if (!definition || !SOURCE.test(definition.as_select)) throw new StoreError(`Cannot read the definition of ${view}`);
  return definition.as_select;
}

/**
 * Takes runs the rollups counted back out of them: for each rollup, its own view's SELECT over these
 * rows, with every summed column negated, is inserted as one more row to sum (migration 0021 made the
 * counters signed). The rows are passed as they were counted, not read back, so a retraction stays right
 * after the spans table has replaced them. Digests and maxima are left as they are (see 0021).
 */
export async function retractRunsFromRollups(store: Store, rows: readonly SpanRow[]): Promise<void> {
  const counted = rows.filter((row) => row.is_llm);
  if (counted.length === 0) return;
  const spansStructure = await columnList(store, "spans");
  const source = `FROM (SELECT * REPLACE (false AS is_revision) FROM format(JSONEachRow, ${quoteStructure(spansStructure)}, {rows:String})) AS spans `;
  const data = counted.map((row) => JSON.stringify(row)).join("\n");
  for (const { table, view } of ROLLUPS) {
    const definition = await readViewSelect(store, view);
    const columns = await columnList(store, table);
    const kept = columns.filter((column) => !/^(Simple)?AggregateFunction\(/.test(column.type) || SUMMED.test(column.type));
    const select = kept.map((column) => (SUMMED.test(column.type) ? `-${column.name} AS ${column.name}` : column.name));
    await store.command(
      `INSERT INTO ${table} (${kept.map((column) => column.name).join(", ")})
       SELECT ${select.join(", ")} FROM (${definition.replace(SOURCE, source)})`,
      { rows: data },
      { tag: "retractRunsFromRollups" },
    );
  }
}

export const SUMMED = /^SimpleAggregateFunction\(sum, /;

export async function columnList(store: Store, table: string): Promise<{ name: string; type: string }[]> {
  const columns = await store.query<{ name: string; type: string }>(
    "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position",
    { table },
    { tag: "columnList" },
  );
  if (columns.length === 0) throw new StoreError(`Cannot read the columns of ${table}`);
  for (const column of columns) {
    if (!/^\w+$/.test(column.name)) throw new StoreError(`Unexpected column name in ${table}: ${column.name}`);
  }
  return columns;
}

/** The columns as a format() structure literal; names and types come from system.columns, never input. */
function quoteStructure(columns: { name: string; type: string }[]): string {
  const text = columns.map((column) => `${column.name} ${column.type}`).join(", ");
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
