// The SQL console (guard and scoped runner, clickhouse's runSqlForProjects) over a real store holding
// two orgs: org A's console runs hostile SELECTs built from every table of the database, qualified and
// quoted names, system tables, table functions (file, url, remote, executable, input, merge, ...),
// subqueries, UNION, JOIN, IN, CTEs, SETTINGS, FORMAT, INTO OUTFILE, second statements, comments and
// error-raising expressions (errors as an oracle). Org B's rows carry a marker: it, org B's id and its
// project id never appear in an answer or an error message; a failure is always a SqlQueryError; and a
// query that reads something other than the console's tables is refused, never answered.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { insertOrg, insertProject, insertSpans, migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { QUERYABLE_TABLES, runSqlForProjects, SqlQueryError } from "@promptmetrics/clickhouse/runs";
import { llmSpanRow } from "../../span-rows.ts";
import type { FuzzTarget } from "../driver.ts";

const MARKER = "ZQXSECRETB";
// The queries spell org B's values in two halves: an answer that merely echoes the query (a column
// named after an expression, an error quoting it) must not look like a leak.
const MARKER_LIKE = "concat('%ZQX', 'SECRETB%')";
const PROJECT_B = "proj_fuzz_b_9c1d";
const PROJECT_B_SQL = "concat('proj_fuzz_b', '_9c1d')";

interface SqlContext {
  store: Store;
  database: string;
  tables: string[];
  projectA: string;
  secrets: string[];
  close(): Promise<void>;
}

export interface SqlInput {
  query: string;
  /** The query reads something besides the console's tables: it must be refused. */
  forbidden: boolean;
}

type Piece = { sql: string; forbidden: boolean };
const ok = (sql: string): Piece => ({ sql, forbidden: false });
const bad = (sql: string): Piece => ({ sql, forbidden: true });

function sqlInput(context: SqlContext): fc.Arbitrary<SqlInput> {
  const db = context.database;
  const queryable = Object.keys(QUERYABLE_TABLES);
  const others = context.tables.filter((t) => !queryable.includes(t));
  const source: fc.Arbitrary<Piece> = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...queryable).map(ok) },
    { weight: 1, arbitrary: fc.constantFrom(...queryable).map((t) => ok(`"${t}"`)) },
    { weight: 3, arbitrary: fc.constantFrom(...others).map((t) => bad(t)) },
    { weight: 2, arbitrary: fc.constantFrom(...context.tables).map((t) => bad(`${db}.${t}`)) },
    { weight: 1, arbitrary: fc.constantFrom(...context.tables).map((t) => bad(`\`${db}\`.\`${t}\``)) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          "system.tables",
          "system.parts",
          "system.query_log",
          "system.settings",
          "system.users",
          "INFORMATION_SCHEMA.tables",
          "information_schema.columns",
          "default.spans",
          "`spans.csv`",
          "`/etc/passwd`",
          '"../spans"',
          "`*.parquet`",
        )
        .map(bad),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          "file('/etc/passwd', 'LineAsString')",
          "file('*', 'TSV')",
          "url('http://127.0.0.1:1/', 'CSV')",
          `remote('127.0.0.1', ${db}.spans)`,
          `remoteSecure('127.0.0.1', ${db}, spans)`,
          `cluster('default', ${db}.spans)`,
          `merge('${db}', '.*')`,
          `merge(currentDatabase(), 'spans')`,
          "executable('cat /etc/passwd', 'TSV', 'x String')",
          "input('x String')",
          "s3('http://127.0.0.1:1/b/k', 'CSV')",
          "mysql('127.0.0.1:1', 'd', 't', 'u', 'p')",
          `view(SELECT * FROM ${db}.spans)`,
          `loop(${db}, spans)`,
          "generateRandom('a String')",
          "format(JSONEachRow, '{\"a\":1}')",
          "dictionary('d')",
          "jdbc('x', 'y')",
          `fuzzQuery(${db}.spans, 'SELECT 1')`,
        )
        .map(bad),
    },
    { weight: 1, arbitrary: fc.constantFrom("numbers(3)", "zeros(2)", "values('x String', 'a')").map(ok) },
  );
  const projection: fc.Arbitrary<Piece> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom("*", "count()", "project_id", "input_text", "groupArray(input_text)", "any(project_id)", "1").map(ok),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          `throwIf(input_text LIKE ${MARKER_LIKE})`,
          "toUInt8(input_text)",
          "toUInt8(project_id)",
          "throwIf(project_id != '')",
          "currentDatabase()",
          "version()",
          "getSetting('max_execution_time')",
        )
        .map(ok),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          "file('/etc/passwd')",
          "dictGet('d', 'a', 1)",
          "joinGet('j', 'a', 1)",
          "getServerSetting('tcp_port')",
          "getMacro('x')",
          "sleep(3)",
          "hasColumnInTable('system', 'users', 'name')",
          "__bitSwapLastTwo(1, 2)",
          "FILE('/etc/passwd')",
        )
        .map(bad),
    },
    { weight: 2, arbitrary: source.map((s) => ({ sql: `(SELECT groupArray(toString(tuple(*))) FROM ${s.sql})`, forbidden: s.forbidden })) },
  );
  const select: fc.Arbitrary<Piece> = fc
    .record({
      p: projection,
      s: source,
      where: fc.constantFrom(
        "",
        ` WHERE project_id = ${PROJECT_B_SQL}`,
        " WHERE 1 = 1 OR 1 = 1",
        ` WHERE input_text LIKE ${MARKER_LIKE}`,
        " WHERE toUInt8(input_text) = 1",
      ),
    })
    .map(({ p, s, where }) => ({ sql: `SELECT ${p.sql} FROM ${s.sql}${where}`, forbidden: p.forbidden || s.forbidden }));
  const query: fc.Arbitrary<Piece> = fc
    .record({
      a: select,
      b: select,
      shape: fc.constantFrom("plain", "union", "join", "in", "cte", "shadow", "exists", "subquery"),
      tail: fc.oneof(
        { weight: 6, arbitrary: fc.constant(ok("")) },
        {
          weight: 2,
          arbitrary: fc
            .constantFrom(
              " SETTINGS max_execution_time = 1000",
              " SETTINGS readonly = 0",
              " SETTINGS additional_table_filters = {'spans': '1'}",
              " FORMAT TSV",
              " INTO OUTFILE '/tmp/x'",
              "; SELECT * FROM system.tables",
              "; DROP TABLE spans",
            )
            .map(bad),
        },
        { weight: 1, arbitrary: fc.constantFrom(" -- c", " /* c */", " #c").map(ok) },
      ),
    })
    .map(({ a, b, shape, tail }) => {
      const forbiddenAB = a.forbidden || b.forbidden;
      switch (shape) {
        case "plain":
          return { sql: a.sql + tail.sql, forbidden: a.forbidden || tail.forbidden };
        case "union":
          return { sql: `${a.sql} UNION ALL ${b.sql}${tail.sql}`, forbidden: forbiddenAB || tail.forbidden };
        case "join":
          return { sql: `SELECT * FROM (${a.sql}) AS x, (${b.sql}) AS y${tail.sql}`, forbidden: forbiddenAB || tail.forbidden };
        case "in":
          return { sql: `SELECT * FROM llm_runs WHERE project_id IN (${b.sql})${tail.sql}`, forbidden: b.forbidden || tail.forbidden };
        case "cte":
          return { sql: `WITH c AS (${a.sql}) SELECT * FROM c${tail.sql}`, forbidden: a.forbidden || tail.forbidden };
        case "shadow":
          // A CTE of the person's named like a scoped table, reading the real one.
          return { sql: `WITH spans AS (${b.sql}) SELECT * FROM spans${tail.sql}`, forbidden: b.forbidden || tail.forbidden };
        case "exists":
          return { sql: `SELECT 1 FROM spans WHERE EXISTS (${b.sql})${tail.sql}`, forbidden: b.forbidden || tail.forbidden };
        default:
          return {
            sql: `SELECT (${a.sql.replace(/^SELECT /, "SELECT any(").replace(/ FROM /, ") FROM ")})${tail.sql}`,
            forbidden: a.forbidden || tail.forbidden,
          };
      }
    });
  return fc.oneof(
    { weight: 9, arbitrary: query.map((q) => ({ query: q.sql, forbidden: q.forbidden })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text) => ({ query: text, forbidden: false })) },
  );
}

async function openSqlStore(): Promise<SqlContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-fuzz-sql-"));
  const store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  const orgA = await insertOrg(store, { id: "org_fuzz_a", name: "Org A" });
  const orgB = await insertOrg(store, { id: "org_fuzz_b_7f3e", name: `${MARKER} org` });
  const projectA = await insertProject(store, { id: "proj_fuzz_a", orgId: orgA.id, name: "A" });
  const projectB = await insertProject(store, { id: PROJECT_B, orgId: orgB.id, name: `${MARKER} project` });
  await insertSpans(store, {
    rows: [
      llmSpanRow({ project_id: projectA.id, span_id: "a000000000000001", input_text: "alpha", user_id: "a-user" }),
      llmSpanRow({
        project_id: projectB.id,
        span_id: "b000000000000001",
        input_text: `${MARKER} prompt`,
        output_text: `${MARKER} answer`,
        user_id: `${MARKER}-user`,
        model: `${MARKER}-model`,
      }),
    ],
  });
  const tables = (
    await store.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name")
  ).map((r) => r.name);
  const [{ db }] = (await store.query<{ db: string }>("SELECT currentDatabase() AS db")) as [{ db: string }];
  return {
    store,
    database: db,
    tables,
    projectA: projectA.id,
    secrets: [MARKER, projectB.id, orgB.id],
    async close() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function checkSql(context: SqlContext, x: SqlInput): Promise<void> {
  let answer: string;
  let answered = false;
  try {
    answer = JSON.stringify(await runSqlForProjects(context.store, { projectIds: [context.projectA], query: x.query, maxRows: 100 }));
    answered = true;
  } catch (error) {
    assert.ok(error instanceof SqlQueryError, `not a SqlQueryError: ${(error as Error)?.name}: ${(error as Error)?.message}`);
    answer = error.message;
  }
  for (const secret of context.secrets.filter((s) => !x.query.includes(s)))
    assert.ok(!answer.includes(secret), `org B's ${secret} leaked: ${answer.slice(0, 400)}`);
  assert.ok(!(x.forbidden && answered), `a query reading outside the console's tables was answered: ${answer.slice(0, 300)}`);
}

export const sqlConsoleTarget: FuzzTarget<SqlContext, SqlInput> = {
  name: "sql-console",
  defaultRuns: 15_000,
  testRuns: 200,
  usesStore: true,
  timeoutMs: 30000,
  open: openSqlStore,
  close: (context) => context.close(),
  arbitrary: sqlInput,
  check: checkSql,
  corpus: (context) => [
    // Every table of the database, named plainly and qualified: refused (or, for the console's own, only org A's rows).
    ...context.tables.map((t) => ({ query: `SELECT * FROM ${t}`, forbidden: !(t in QUERYABLE_TABLES) })),
    ...context.tables.map((t) => ({ query: `SELECT * FROM ${context.database}.${t}`, forbidden: true })),
    { query: `SELECT * FROM spans WHERE project_id = ${PROJECT_B_SQL}`, forbidden: false },
    { query: `SELECT toUInt8(input_text) FROM spans WHERE input_text LIKE ${MARKER_LIKE}`, forbidden: false },
    { query: "SELECT * FROM spans SETTINGS additional_table_filters = {'spans': '1'}", forbidden: true },
    { query: "SELECT * FROM file('/etc/passwd', 'LineAsString')", forbidden: true },
    { query: "SELECT * APPLY(file) FROM spans", forbidden: true },
    { query: "SELECT * FROM merge(currentDatabase(), '.*')", forbidden: true },
    { query: "WITH spans AS (SELECT * FROM spans) SELECT * FROM spans", forbidden: false },
  ],
};
