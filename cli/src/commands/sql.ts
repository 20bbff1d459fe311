// `promptmetrics sql "<query>"`: ad-hoc SQL against the store, read-only unless --write, with the
// result as a table (default), JSON or CSV. The store is brought to the current schema first, so the
// documented tables and views (llm_runs, ...) exist even on a store that was never started.
import type { Env } from "../env.ts";
import { formatJson, formatTable, type CompactResult } from "../format-result.ts";
import { openMigratedStore } from "../open-configured-store.ts";

export const SQL_FORMATS = ["table", "json", "csv"] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

export async function runSql(env: Env, query: string, opts: { format: SqlFormat; write: boolean }): Promise<string> {
  const { store } = await openMigratedStore(env);
  try {
    const adhoc = { allowWrites: opts.write };
    if (opts.format === "csv") return await store.queryText(query, undefined, { format: "CSVWithNames", adhoc, tag: "cli-sql" });
    const text = await store.queryText(query, undefined, { format: "JSONCompact", adhoc, tag: "cli-sql" });
    if (text.trim() === "") return opts.format === "json" ? "[]\n" : "OK\n";
    const result = JSON.parse(text) as CompactResult;
    return opts.format === "json" ? formatJson(result) : formatTable(result);
  } finally {
    await store.close();
  }
}
