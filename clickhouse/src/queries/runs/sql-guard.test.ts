// The ad-hoc SQL checks on ClickHouse's own EXPLAIN AST output (recorded from the engine), so each
// rule is shown on the exact text it reads. The integration test runs the same attacks end to end.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SqlRejectedError, checkCanonicalText, checkQueryAst, parseExplainAst } from "./sql-guard.ts";

const rules = {
  queryable: new Set(["llm_runs", "spans", "feedback"]),
  existing: new Set(["llm_runs", "spans", "feedback", "users", "api_keys", "sessions", "rollup_model_hourly_mv"]),
};
const ast = (text: string) => text.replace(/^\n/, "").replace(/\n$/, "").split("\n");
const check = (text: string) => checkQueryAst(parseExplainAst(ast(text)), rules);
const refused = (text: string, pattern: RegExp) =>
  assert.throws(
    () => check(text),
    (error: unknown) => error instanceof SqlRejectedError && pattern.test(error.message),
  );

const FROM = (table: string) => `
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      ${table}`;

test("a SELECT over queryable tables, CTEs and harmless table functions passes", () => {
  check(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Function count (children 1)
     ExpressionList${FROM("TableIdentifier llm_runs (alias r)")}
`);
  // WITH t AS (SELECT number FROM numbers(3)) SELECT * FROM t
  check(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 3)
   ExpressionList (children 1)
    WithElement (children 1)
     Subquery (children 1)
      SelectWithUnionQuery (children 1)
       ExpressionList (children 1)
        SelectQuery (children 2)
         ExpressionList (children 1)
          Identifier number
         TablesInSelectQuery (children 1)
          TablesInSelectQueryElement (children 1)
           TableExpression (children 1)
            Function numbers (children 1)
             ExpressionList (children 1)
              Literal UInt64_3
   ExpressionList (children 1)
    Asterisk${FROM("TableIdentifier t")}
`);
});

test("tables that exist but are not queryable, and any table with a database, are refused", () => {
  const select = (table: string) => `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk${FROM(table)}
`;
  refused(select("TableIdentifier users"), /users is not queryable; the tables are feedback, llm_runs, spans/);
  refused(select("TableIdentifier API_KEYS"), /not queryable/);
  refused(select("TableIdentifier rollup_model_hourly_mv"), /not queryable/);
  refused(select("TableIdentifier system.tables"), /without a database/);
  refused(select("TableIdentifier default.spans"), /without a database/);
  refused(select("TableIdentifier information_schema.tables"), /without a database/);
});

test("file paths, globs and every other non-identifier as a table name are refused, as the engine printed them", () => {
  const select = (table: string) => `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk${FROM(table)}
`;
  for (const name of [
    "/etc/passwd",
    "/etc/passw?",
    "/etc/pass*",
    "/{etc,tmp}/passwd",
    "/etc/passw[a-z]",
    "/proc/self/cmdline",
    "../etc/passwd",
    "/srv/data/store/*/*/users?sql",
    "my file",
    "a-b",
    "1abc",
  ]) {
    refused(select(`TableIdentifier ${name}`), /is not a table name|without a database/);
    refused(select(`TableIdentifier ${name} (alias p)`), /is not a table name|without a database/);
  }
});

test("names that are neither queryable nor existing come back for the runner to shadow", () => {
  const checked = check(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 2)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier my_cte (alias a)
    TablesInSelectQueryElement (children 2)
     TableExpression (children 1)
      TableIdentifier llm_runs
     TableJoin
`);
  assert.deepEqual([...checked.otherNames], ["my_cte"]);
});

test("table functions other than row generators are refused", () => {
  for (const name of ["file", "url", "s3", "remote", "merge", "view", "loop", "mysql", "executable", "dictionary", "cluster"]) {
    refused(
      `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      Function ${name} (children 1)
       ExpressionList (children 1)
        Literal 'x'
`,
      /Table function .* is not allowed/,
    );
  }
});

test("functions that read files, dictionaries or Join tables are refused, in any case", () => {
  for (const name of [
    "file",
    "FILE",
    "dictGet",
    "dictGetString",
    "dictHas",
    "joinGet",
    "hasColumnInTable",
    "sleepEachRow",
    "__getScalar",
    "getServerSetting",
  ]) {
    refused(
      `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Function ${name} (alias x) (children 1)
     ExpressionList (children 1)
      Literal '/etc/passwd'
`,
      /Function .* is not allowed/,
    );
  }
});

test("SETTINGS, APPLY, FORMAT/INTO OUTFILE, EXPLAIN and other statements are refused", () => {
  refused(
    `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Literal UInt64_1
   Set
`,
    /SETTINGS are not allowed/,
  );
  refused(
    `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    ColumnsRegexpMatcher (children 1)
     ColumnsTransformerList (children 1)
      ColumnsApplyTransformer${FROM("TableIdentifier spans")}
`,
    /APPLY is not allowed/,
  );
  refused(
    `
SelectWithUnionQuery (children 3)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal UInt64_1
 Literal 'x.csv'
 Identifier CSV
`,
    /Only a single SELECT/,
  );
  refused("Explain EXPLAIN (children 1)\n SelectWithUnionQuery", /Only a single SELECT|could not be analysed/);
  refused("ShowTables", /Only a single SELECT/);
});

test("a table named after IN is refused; a subquery or a tuple is fine", () => {
  const inWith = (right: string) => `
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Function globalNotIn (children 1)
     ExpressionList (children 2)
      Identifier x
      ${right}
`;
  refused(inWith("Identifier users"), /instead of naming a table after IN/);
  refused(inWith("Identifier system.tables"), /instead of naming a table after IN/);
  check(inWith("Literal Tuple_(UInt64_1, UInt64_2)"));
});

test("lines that do not form the declared tree are refused (a forged line in a name)", () => {
  const forged = [
    "SelectWithUnionQuery (children 1)",
    " ExpressionList (children 1)",
    "  SelectQuery (children 1)",
    "   ExpressionList (children 1)",
    "    Literal UInt64_1 (alias x)",
    "   Identifier y) (children 1)",
  ];
  assert.throws(() => parseExplainAst(forged), /could not be analysed/);
  assert.throws(() => parseExplainAst(["SelectWithUnionQuery", "SelectWithUnionQuery"]), /could not be analysed/);
  assert.throws(() => parseExplainAst(["SelectWithUnionQuery (children 1)", "   ExpressionList"]), /could not be analysed/);
  assert.throws(() => parseExplainAst(["  bad line"]), /could not be analysed/);
  assert.throws(() => parseExplainAst([]), /could not be analysed/);
});

test("the canonical text must be one statement with no escapes in quoted names", () => {
  checkCanonicalText("SELECT 'a;b -- c /* d', `model name`\nFROM llm_runs\nWHERE x = 'it''s' AND y = 'back\\\\slash\\''");
  assert.throws(() => checkCanonicalText("SELECT 1 AS `a\\nb`"), /escape sequences/);
  assert.throws(() => checkCanonicalText("SELECT 1; SELECT 2"), /one SELECT/);
  assert.throws(() => checkCanonicalText("SELECT 1 -- x"), /one statement/);
  assert.throws(() => checkCanonicalText("SELECT 1 /* x */"), /one statement/);
  assert.throws(() => checkCanonicalText("SELECT 'unterminated"), /one statement/);
  // EXPLAIN AST would print `llm_runs (alias x)` as the table llm_runs with an alias.
  assert.throws(() => checkCanonicalText("SELECT *\nFROM `llm_runs (alias x)`"), /may not contain/);
});
