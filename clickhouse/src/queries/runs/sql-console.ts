// Ad-hoc SQL scoped to a set of projects (the SQL console). The person's SELECT runs on the store's
// ad-hoc session (read-only, time and memory limits) inside a wrapper whose CTEs shadow every table of
// the database: the queryable ones by a copy filtered to the caller's projects, the others by nothing.
//
// Why not ClickHouse's `additional_table_filters`: the engine merges that filter with the query's own
// WHERE into one PREWHERE, so an expression such as toUInt8(input_text) runs on other tenants' rows and
// its error message (or just whether it failed) leaks them. Each CTE here ends in a LIMIT, which no
// optimisation moves a filter below, so the person's expressions only ever see their own rows.
import { StoreError, StoreQueryError } from "../../errors.ts";
import type { Store } from "../../store.ts";
import { SqlRejectedError, checkCanonicalText, checkQueryAst, parseExplainAst } from "./sql-guard.ts";

/** The tables a console query may name, each as the CTE body that binds it to the caller's projects. */
export const QUERYABLE_TABLES: Readonly<Record<string, string>> = {
  llm_runs: "SELECT * FROM {pm_db:Identifier}.llm_runs WHERE project_id IN {pm_projects:Array(String)}",
  // FINAL: one row per span, as llm_runs; a reprice or late content would otherwise show twice.
  spans: "SELECT * FROM {pm_db:Identifier}.spans FINAL WHERE project_id IN {pm_projects:Array(String)}",
  feedback: "SELECT * FROM {pm_db:Identifier}.feedback FINAL WHERE project_id IN {pm_projects:Array(String)} AND is_deleted = 0",
  rollup_model_hourly: "SELECT * FROM {pm_db:Identifier}.rollup_model_hourly WHERE project_id IN {pm_projects:Array(String)}",
  rollup_user_hourly: "SELECT * FROM {pm_db:Identifier}.rollup_user_hourly WHERE project_id IN {pm_projects:Array(String)}",
  rollup_prompt_hourly: "SELECT * FROM {pm_db:Identifier}.rollup_prompt_hourly WHERE project_id IN {pm_projects:Array(String)}",
  projects: "SELECT id, org_id, name, created_at FROM {pm_db:Identifier}.projects FINAL WHERE id IN {pm_projects:Array(String)} AND is_deleted = 0",
};

// Far above any table's size, so it never cuts a result; it is there to stop filter push-down.
const BARRIER_LIMIT = "1000000000000000";
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DEFAULT_SQL_MAX_ROWS = 10_000;

export interface SqlColumn {
  name: string;
  type: string;
}

export interface SqlResult {
  columns: SqlColumn[];
  /** One array per row, in column order (JSON values as ClickHouse writes them: decimals as strings). */
  rows: unknown[][];
  rowCount: number;
  /** More rows matched than `maxRows`; the first `maxRows` are returned. */
  truncated: boolean;
  elapsedMs: number;
}

/** The query failed: refused by the checks (`rejected`) or by the engine (syntax, unknown column, a limit). */
export class SqlQueryError extends Error {
  readonly kind: "rejected" | "failed";
  constructor(kind: "rejected" | "failed", message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "SqlQueryError";
    this.kind = kind;
  }
}

/** Runs a person's SELECT over the data of `projectIds` only. Throws SqlQueryError for anything the person can fix. */
export async function runSqlForProjects(
  store: Store,
  { projectIds, query, maxRows = DEFAULT_SQL_MAX_ROWS }: { projectIds: readonly string[]; query: string; maxRows?: number },
): Promise<SqlResult> {
  const canonical = await formatSql(store, query);
  const { database, tables } = await listDatabaseTables(store);
  try {
    checkCanonicalText(canonical);
    const lines = await explainAst(store, canonical);
    checkQueryAst(parseExplainAst(lines), { queryable: new Set(Object.keys(QUERYABLE_TABLES)), existing: new Set(tables) });
  } catch (error) {
    if (error instanceof SqlRejectedError) throw new SqlQueryError("rejected", error.message, error);
    throw error;
  }
  const sql = buildScopedSql(canonical, tables);
  const started = performance.now();
  // One row past the cap tells whether the result was cut.
  const text = await adhoc(store, sql, { pm_db: database, pm_projects: [...projectIds], pm_limit: maxRows + 1 }, "JSONCompact");
  const result = JSON.parse(text) as { meta: SqlColumn[]; data: unknown[][]; statistics?: { elapsed?: number } };
  // The engine's own time when it reports one, else the round trip.
  const elapsedMs = result.statistics?.elapsed === undefined ? performance.now() - started : result.statistics.elapsed * 1000;
  const truncated = result.data.length > maxRows;
  const rows = truncated ? result.data.slice(0, maxRows) : result.data;
  return {
    columns: result.meta.map(({ name, type }) => ({ name, type })),
    rows,
    rowCount: rows.length,
    truncated,
    elapsedMs: Math.round(elapsedMs * 1000) / 1000,
  };
}

/**
 * The person's query inside the shadowing CTEs. An unqualified table name resolves to the nearest
 * CTE of that name, so every table of the database is shadowed; queryable ones by their scoped copy.
 */
export function buildScopedSql(canonical: string, tables: readonly string[]): string {
  const ctes = Object.entries(QUERYABLE_TABLES).map(([name, body]) => `    ${name} AS (${body} LIMIT ${BARRIER_LIMIT})`);
  // CTE names clash case-insensitively.
  const taken = new Set(Object.keys(QUERYABLE_TABLES));
  for (const name of tables) {
    if (taken.has(name.toLowerCase()) || !SAFE_NAME.test(name)) continue;
    taken.add(name.toLowerCase());
    ctes.push(`    ${name} AS (SELECT NULL AS not_queryable WHERE 0)`);
  }
  return ["WITH", ctes.join(",\n"), "SELECT * FROM", "(", canonical, ")", "LIMIT {pm_limit:UInt64}"].join("\n");
}

/** ClickHouse's own canonical print of the query: parsed once, one statement, comments gone. */
async function formatSql(store: Store, query: string): Promise<string> {
  const text = await adhoc(store, "SELECT formatQuery({query:String}) AS canonical", { query }, "JSONEachRow");
  const row = JSON.parse(text) as { canonical: string };
  return row.canonical;
}

async function explainAst(store: Store, canonical: string): Promise<string[]> {
  const text = await adhoc(store, `EXPLAIN AST ${canonical}`, undefined, "JSONEachRow");
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { explain: string }).explain);
}

async function listDatabaseTables(store: Store): Promise<{ database: string; tables: string[] }> {
  // Aliased `db`, not `database`: ClickHouse would read the alias in WHERE instead of the column.
  const rows = await store.query<{ db: string; name: string }>(
    "SELECT currentDatabase() AS db, name FROM system.tables WHERE database = currentDatabase() ORDER BY name",
    undefined,
    { tag: "listDatabaseTables" },
  );
  const database = rows[0]?.db;
  if (database === undefined) throw new StoreError("The database has no tables; run the migrations first");
  return { database, tables: rows.map((row) => row.name) };
}

async function adhoc(store: Store, sql: string, params: Record<string, unknown> | undefined, format: "JSONEachRow" | "JSONCompact"): Promise<string> {
  try {
    return await store.queryText(sql, params, { format, adhoc: {}, tag: "sqlConsole" });
  } catch (error) {
    // The engine's message is about the person's own query (syntax, unknown column, a limit hit).
    if (error instanceof StoreQueryError) throw new SqlQueryError("failed", error.message, error);
    throw error;
  }
}
