// Ad-hoc SQL scoped to a set of projects (the SQL console). The person's SELECT runs on the store's
// ad-hoc session (read-only, time and memory limits) inside a wrapper whose CTEs shadow every table of
// the database: the queryable ones by a copy filtered to the caller's projects, the others by nothing.
//
// Why not ClickHouse's `additional_table_filters`: the engine merges that filter with the query's own
// WHERE into one PREWHERE, so an expression such as toUInt8(input_text) runs on other tenants' rows and
// its error message (or just whether it failed) leaks them. Each CTE here ends in a LIMIT, which no
// optimisation moves a filter below, so the person's expressions only ever see their own rows.
//
// The scope is written into the final query as literals, not bound as parameters: chDB's Node binding
// runs every parameterised query of the process one at a time (parameter state is not per session in
// its engine), so a heavy console query with parameters would hold up every dashboard query of every
// org. The literals are our own values (the database name, project ids, a row count), each checked
// against a plain pattern before it is written, never the person's text.
import { StoreError, StoreQueryError } from "../../errors.ts";
import type { Store } from "../../store.ts";
import { PLAIN_TABLE_NAME, SqlRejectedError, checkCanonicalText, checkQueryAst, parseExplainAst } from "./sql-guard.ts";

/** The tables a console query may name, each as the CTE body that binds it to the caller's projects ({db} and {projects} are filled in by `scopeSql`). */
export const QUERYABLE_TABLES: Readonly<Record<string, string>> = {
  llm_runs: "SELECT * FROM {db}.llm_runs WHERE project_id IN {projects}",
  // FINAL: one row per span, as llm_runs; a reprice or late content would otherwise show twice.
  spans: "SELECT * FROM {db}.spans FINAL WHERE project_id IN {projects}",
  feedback: "SELECT * FROM {db}.feedback FINAL WHERE project_id IN {projects} AND is_deleted = 0",
  rollup_model_hourly: "SELECT * FROM {db}.rollup_model_hourly WHERE project_id IN {projects}",
  rollup_user_hourly: "SELECT * FROM {db}.rollup_user_hourly WHERE project_id IN {projects}",
  rollup_prompt_hourly: "SELECT * FROM {db}.rollup_prompt_hourly WHERE project_id IN {projects}",
  projects: "SELECT id, org_id, name, created_at FROM {db}.projects FINAL WHERE id IN {projects} AND is_deleted = 0",
};

// Far above any table's size, so it never cuts a result; it is there to stop filter push-down.
const BARRIER_LIMIT = "1000000000000000";

export const DEFAULT_SQL_MAX_ROWS = 10_000;

const UNKNOWN_TABLE_MESSAGE = /Unknown table [A-Za-z0-9_]+; the tables are [a-z0-9_, ]+/;

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
  let checked;
  try {
    checkCanonicalText(canonical);
    const lines = await explainAst(store, canonical);
    checked = checkQueryAst(parseExplainAst(lines), { queryable: new Set(Object.keys(QUERYABLE_TABLES)), existing: new Set(tables) });
  } catch (error) {
    if (error instanceof SqlRejectedError) throw new SqlQueryError("rejected", error.message, error);
    throw error;
  }
  // One row past the cap tells whether the result was cut.
  const sql = buildScopedSql(canonical, tables, checked.otherNames, { database, projectIds, limit: maxRows + 1 });
  const started = performance.now();
  const text = await adhoc(store, sql, undefined, "JSONCompact");
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
 * Every other name the query reads (`otherNames`: its own CTEs, or names that exist nowhere) is
 * shadowed too, by a CTE that fails with a clear message when read: a CTE of the person's in scope
 * takes precedence over it, and a name read outside its CTE's scope, or a typo, then never reaches the
 * database (the embedded engine's default database would open it as a file path).
 */
export function buildScopedSql(canonical: string, tables: readonly string[], otherNames: Iterable<string>, scope: ConsoleScope): string {
  const ctes = Object.entries(QUERYABLE_TABLES).map(([name, body]) => `    ${name} AS (${scopeSql(body, scope)} LIMIT ${BARRIER_LIMIT})`);
  // CTE names clash case-insensitively.
  const taken = new Set(Object.keys(QUERYABLE_TABLES));
  for (const name of tables) {
    if (taken.has(name.toLowerCase()) || !PLAIN_TABLE_NAME.test(name)) continue;
    taken.add(name.toLowerCase());
    ctes.push(`    ${name} AS (SELECT NULL AS not_queryable WHERE 0)`);
  }
  const tableList = Object.keys(QUERYABLE_TABLES).sort().join(", ");
  for (const name of otherNames) {
    // The guard lets only plain identifiers through; checked again because the name lands in SQL text.
    if (taken.has(name.toLowerCase()) || !PLAIN_TABLE_NAME.test(name)) continue;
    taken.add(name.toLowerCase());
    ctes.push(`    ${name} AS (SELECT throwIf(1, 'Unknown table ${name}; the tables are ${tableList}') AS not_queryable)`);
  }
  if (!Number.isSafeInteger(scope.limit) || scope.limit < 0) throw new StoreError(`Bad row limit ${scope.limit}`);
  return ["WITH", ctes.join(",\n"), "SELECT * FROM", "(", canonical, ")", `LIMIT ${scope.limit}`].join("\n");
}

/** What a console query is bound to: the database, the caller's projects, and the rows it may return. */
export interface ConsoleScope {
  database: string;
  projectIds: readonly string[];
  limit: number;
}

// Project ids are ours (proj_<uuid>, or ids chosen at provisioning); anything else is refused rather than quoted.
const PLAIN_ID = /^[A-Za-z0-9_-]{1,200}$/;

function scopeSql(body: string, { database, projectIds }: ConsoleScope): string {
  if (!PLAIN_TABLE_NAME.test(database)) throw new StoreError(`The database name ${JSON.stringify(database)} is not a plain identifier`);
  const bad = projectIds.find((id) => !PLAIN_ID.test(id));
  if (bad !== undefined) throw new StoreError(`The project id ${JSON.stringify(bad)} cannot be written into a console query`);
  // An empty list still needs a typed array: `IN []` matches nothing.
  const list = projectIds.length === 0 ? "CAST([], 'Array(String)')" : `[${projectIds.map((id) => `'${id}'`).join(", ")}]`;
  return body.replaceAll("{db}", database).replaceAll("{projects}", list);
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

async function adhoc(
  store: Store,
  sql: string,
  params: Record<string, unknown> | undefined,
  format: "JSONEachRow" | "JSONCompact",
): Promise<string> {
  try {
    return await store.queryText(sql, params, { format, adhoc: {}, tag: "sqlConsole" });
  } catch (error) {
    if (error instanceof StoreQueryError) {
      // A name that is no table: the shadowing CTE's own message, without the engine's wrapping.
      const unknown = UNKNOWN_TABLE_MESSAGE.exec(error.message);
      if (unknown) throw new SqlQueryError("rejected", unknown[0], error);
      // The engine's message is about the person's own query (syntax, unknown column, a limit hit).
      throw new SqlQueryError("failed", error.message, error);
    }
    throw error;
  }
}
