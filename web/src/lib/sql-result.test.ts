import assert from "node:assert/strict";
import { test } from "node:test";
import { csvFileName, csvTable, formatCell, insertAt, isNumericType, rowsLabel, unwrapType } from "./sql-result.ts";

test("cells read as text, with NULL visible and containers as JSON", () => {
  assert.equal(formatCell(null), "NULL");
  assert.equal(formatCell("3.141500000000"), "3.141500000000");
  assert.equal(formatCell(42), "42");
  assert.equal(formatCell(false), "false");
  assert.equal(formatCell(["a", "b"]), '["a","b"]');
  assert.equal(formatCell({ k: "v" }), '{"k":"v"}');
});

test("numeric types are known through their wrappers", () => {
  for (const type of [
    "UInt64",
    "Int8",
    "Float64",
    "Decimal(18, 12)",
    "Nullable(Decimal(38, 12))",
    "LowCardinality(Nullable(UInt8))",
    "Decimal64(4)",
  ])
    assert.equal(isNumericType(type), true, type);
  for (const type of ["String", "LowCardinality(String)", "DateTime64(9, 'UTC')", "Array(UInt64)", "Bool", "Map(String, String)"])
    assert.equal(isNumericType(type), false, type);
  assert.equal(unwrapType("Nullable(LowCardinality(String))"), "String");
});

test("the CSV has the column names as its header and the rows as the API sent them", () => {
  const table = csvTable({
    columns: [
      { name: "model", type: "String" },
      { name: "cost", type: "Nullable(Decimal(38, 12))" },
      { name: "tags", type: "Array(String)" },
    ],
    rows: [
      ["gpt-4o", "3.1415", ["a", "b"]],
      ['say "hi", ok', null, []],
    ],
  });
  assert.deepEqual(table.header, ["model", "cost", "tags"]);
  assert.deepEqual(table.rows, [
    ["gpt-4o", "3.1415", ["a", "b"]],
    ['say "hi", ok', null, []],
  ]);
});

test("file names and row counts", () => {
  assert.equal(csvFileName(new Date(2026, 10, 5, 9, 3, 7)), "query-20261105-090307.csv");
  assert.equal(rowsLabel(1), "1 row");
  assert.equal(rowsLabel(12345), "12,345 rows");
});

test("inserting a name at the cursor keeps words apart", () => {
  assert.deepEqual(insertAt("SELECT * FROM", { start: 13, end: 13 }, "llm_runs"), { text: "SELECT * FROM llm_runs", cursor: 22 });
  assert.deepEqual(insertAt("SELECT  FROM x", { start: 7, end: 7 }, "model"), { text: "SELECT model FROM x", cursor: 12 });
  assert.deepEqual(insertAt("count()", { start: 6, end: 6 }, "x"), { text: "count(x)", cursor: 7 });
  assert.deepEqual(insertAt("SELECT old FROM t", { start: 7, end: 10 }, "new"), { text: "SELECT new FROM t", cursor: 10 });
  assert.deepEqual(insertAt("", { start: 5, end: 9 }, "spans"), { text: "spans", cursor: 5 });
});
