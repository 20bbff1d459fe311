// Rebuilds rollup partitions from the current spans, after a reprice has rewritten costs. Each rollup is
// recomputed with its own materialized view's SELECT (read from system.tables, so it cannot drift from
// the migration) over the partition's spans as they are now, into a scratch table whose partition then
// atomically replaces the live one.
import { StoreError } from "../errors.ts";
import type { Store } from "../store.ts";

/** Rollup tables and the views that feed them: fixed identifiers, never input. */
export const ROLLUPS = [
  { table: "rollup_model_hourly", view: "rollup_model_hourly_mv" },
  { table: "rollup_user_hourly", view: "rollup_user_hourly_mv" },
  { table: "rollup_prompt_hourly", view: "rollup_prompt_hourly_mv" },
  { table: "rollup_error_hourly", view: "rollup_error_hourly_mv" },
  { table: "rollup_member_hourly", view: "rollup_member_hourly_mv" },
] as const;

const SOURCE = /\bFROM\s+(?:`?\w+`?\.)?`?spans`?(?=\s)/;

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
    const [definition] = await store.query<{ as_select: string }>(
      "SELECT as_select FROM system.tables WHERE database = currentDatabase() AND name = {view:String}",
      { view },
      { tag: "rebuildRollupPartitions" },
    );
    if (!definition || !SOURCE.test(definition.as_select)) throw new StoreError(`Cannot read the definition of ${view}`);
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
        await store.command(`INSERT INTO ${scratch} ${definition.as_select.replace(SOURCE, source)}`, params, {
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
