// Retention for raw spans: PROMPTMETRICS_RETENTION_DAYS becomes a TTL on `spans` (rollups are kept:
// they are small and hold the long-term trends). Applied at start only when it differs from the
// table's current TTL, and without rewriting existing parts (they expire at their next merge).
// On a cluster the TTL belongs to the shards' `spans_local` tables (the Distributed `spans` refuses it).
import { renderClusterStatement } from "./cluster/render-cluster-ddl.ts";
import { localTableName } from "./cluster/table-placement.ts";
import type { Store } from "./store.ts";

export type RetentionChange = "unchanged" | "set" | "removed";

export async function applySpanRetention(
  store: Store,
  days: number | undefined,
  options: { cluster?: string | undefined } = {},
): Promise<RetentionChange> {
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new RangeError("retention days must be a positive integer");
  const [table] = await store.query<{ create_table_query: string }>(
    "SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = {name:String}",
    { name: options.cluster ? localTableName("spans") : "spans" },
  );
  const alter = async (sql: string) => {
    const statements = options.cluster ? renderClusterStatement(sql, options.cluster) : [sql];
    for (const statement of statements) await store.command(statement, undefined, { tag: "retention" });
  };
  const current = /TTL toDateTime\(start_time\) \+ toIntervalDay\((\d+)\)/.exec(table?.create_table_query ?? "");
  const currentDays = current ? Number(current[1]) : undefined;
  if (currentDays === days) return "unchanged";
  if (days === undefined) {
    await alter("ALTER TABLE spans REMOVE TTL");
    return "removed";
  }
  // DDL takes no query parameters; `days` is a validated integer, never text from a request.
  await alter(`ALTER TABLE spans MODIFY TTL toDateTime(start_time) + toIntervalDay(${days}) SETTINGS materialize_ttl_after_modify = 0`);
  return "set";
}

/** The install-wide retention of raw spans in days, read from the table's TTL; undefined when none is set. */
export async function getSpanRetentionDays(store: Store, options: { cluster?: string | undefined } = {}): Promise<number | undefined> {
  const [table] = await store.query<{ create_table_query: string }>(
    "SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = {name:String}",
    { name: options.cluster ? localTableName("spans") : "spans" },
    { tag: "getSpanRetentionDays" },
  );
  const current = /TTL toDateTime\(start_time\) \+ toIntervalDay\((\d+)\)/.exec(table?.create_table_query ?? "");
  return current ? Number(current[1]) : undefined;
}
