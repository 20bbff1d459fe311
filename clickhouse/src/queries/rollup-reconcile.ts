// Brings settled hours of the rollups back in line with the raw spans, while ingest goes on. The views
// count each first write once as it is inserted, so a count can drift from the spans when two writes of
// one span race (two ingest replicas taking the same retried export at the same instant: neither sees
// the other's row before its insert, the spans table keeps one, the views counted two), when a process
// dies between the spans commit and a view's, or when a retraction fails. Here, per project and hour,
// each rollup's sums are compared with its own view's SELECT over the spans as they are now (FINAL) and
// the difference is inserted as one more row to sum: no partition is replaced, so writers need not stop.
//
// Only settled hours are compared: no span of the hour written for `settleMs`, so no insert or view is
// half-way through (a busy hour settles once it is over). Sums are corrected (counts, tokens, cost,
// latency sums); t-digests and maxima are left as they are, like a retraction (see migration 0021).
import type { Store } from "../store.ts";
import { columnList, readViewSelect, ROLLUPS, SOURCE, SUMMED } from "./rollups.ts";

export interface ProjectHours {
  projectId: string;
  /** `YYYY-MM-DD hh:00:00` UTC. */
  hours: string[];
}

/**
 * The project hours with LLM spans starting at or after `startFrom` whose last write is in
 * [`lastWriteFrom`, `lastWriteBefore`): the hours that settled in that interval.
 */
export async function listSettledProjectHours(
  store: Store,
  window: { startFrom: Date; lastWriteFrom: Date; lastWriteBefore: Date },
): Promise<ProjectHours[]> {
  const rows = await store.query<{ project_id: string; hours: string[] }>(
    `SELECT project_id, arraySort(groupArray(hour)) AS hours FROM (
       SELECT project_id, toDateTime(toStartOfHour(start_time), 'UTC') AS hour, max(ingested_at) AS last_write
       FROM spans
       WHERE is_llm AND start_time >= {startFrom:DateTime64(3, 'UTC')}
       GROUP BY project_id, hour
       HAVING last_write >= {lastWriteFrom:DateTime64(3, 'UTC')} AND last_write < {lastWriteBefore:DateTime64(3, 'UTC')})
     GROUP BY project_id ORDER BY project_id`,
    window,
    { tag: "listSettledProjectHours" },
  );
  return rows.map((row) => ({ projectId: row.project_id, hours: row.hours }));
}

export interface RollupCorrection {
  table: string;
  projectId: string;
  bucket: string;
  /** What the correction added to the rollup's request count (negative: it counted too many). */
  requests: number;
}

/**
 * For each rollup, the rows whose sums over these hours differ from the spans', corrected by inserting
 * the difference. Returns the corrections (none when the rollups already agree).
 */
export async function correctRollupHours(store: Store, { projectId, hours }: ProjectHours): Promise<RollupCorrection[]> {
  if (hours.length === 0) return [];
  const params = { projectId, hours };
  const source = `FROM (SELECT * REPLACE (false AS is_revision) FROM spans FINAL
          WHERE project_id = {projectId:String} AND toStartOfHour(start_time) IN {hours:Array(DateTime('UTC'))}) AS spans `;
  const corrections: RollupCorrection[] = [];
  for (const { table, view } of ROLLUPS) {
    const definition = await readViewSelect(store, view);
    const columns = await columnList(store, table);
    const keys = columns.filter((column) => !/^(Simple)?AggregateFunction\(/.test(column.type)).map((column) => column.name);
    const summed = columns.filter((column) => SUMMED.test(column.type));
    // Float sums (latency) differ in their last bits with the order of addition: they follow, never lead.
    const exact = summed.filter((column) => !/Float/.test(column.type));
    const deltas = await store.query<Record<string, unknown>>(
      `SELECT ${keys.join(", ")}, ${summed.map(({ name }) => `s_${name} - r_${name} AS d_${name}`).join(", ")}
       FROM (SELECT ${keys.join(", ")}, ${summed.map(({ name }) => `sum(${name}) AS r_${name}`).join(", ")}
             FROM ${table} WHERE project_id = {projectId:String} AND bucket IN {hours:Array(DateTime('UTC'))}
             GROUP BY ${keys.join(", ")}) AS r
       FULL OUTER JOIN
            (SELECT ${keys.join(", ")}, ${summed.map(({ name }) => `sum(${name}) AS s_${name}`).join(", ")}
             FROM (${definition.replace(SOURCE, source)}) GROUP BY ${keys.join(", ")}) AS s
       USING (${keys.join(", ")})
       WHERE ${exact.map(({ name }) => `s_${name} != r_${name}`).join(" OR ")}
       SETTINGS join_use_nulls = 0`,
      params,
      { tag: "correctRollupHours" },
    );
    if (deltas.length === 0) continue;
    const rows = deltas.map((delta) => {
      const row: Record<string, unknown> = {};
      for (const key of keys) row[key] = delta[key];
      for (const { name } of summed) row[name] = delta[`d_${name}`];
      return row;
    });
    await store.insert(table, rows, { tag: "correctRollupHours" });
    for (const row of rows) {
      corrections.push({
        table,
        projectId,
        bucket: String(row["bucket"]),
        requests: Number(row["requests"] ?? row["errors"] ?? 0),
      });
    }
  }
  return corrections;
}

export interface ReconcileOptions {
  now: Date;
  /** An hour is compared once no span of it was written for this long. @default 10 min */
  settleMs?: number;
  /** Hours that settled within this long before `now - settleMs` are compared (a run every few minutes
   * sees each settled hour a few times). @default 20 min */
  lookbackMs?: number;
  /** Only hours starting within this long before `now`: older spans may be past a retention TTL that
   * the rollups outlive. @default 6 h */
  maxAgeMs?: number;
}

/** Compares and corrects the hours that settled recently; returns what was corrected. */
export async function reconcileSettledRollups(store: Store, options: ReconcileOptions): Promise<RollupCorrection[]> {
  const { now, settleMs = 10 * 60_000, lookbackMs = 20 * 60_000, maxAgeMs = 6 * 3_600_000 } = options;
  const lastWriteBefore = new Date(now.getTime() - settleMs);
  const settled = await listSettledProjectHours(store, {
    startFrom: new Date(Math.floor((now.getTime() - maxAgeMs) / 3_600_000) * 3_600_000),
    lastWriteFrom: new Date(lastWriteBefore.getTime() - lookbackMs),
    lastWriteBefore,
  });
  const corrections: RollupCorrection[] = [];
  for (const projectHours of settled) corrections.push(...(await correctRollupHours(store, projectHours)));
  return corrections;
}
