// The SQL console's table list is the API's: exactly the tables a query may name, in the same order,
// each with a section in docs/sql-tables.md (its real columns are checked in test/integration/sql-tables.test.ts).
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { QUERYABLE_TABLES } from "@promptmetrics/clickhouse/runs";
import { SQL_TABLES } from "./sql-tables.ts";

test("the listed tables are the queryable ones", () => {
  assert.deepEqual(
    SQL_TABLES.map((table) => table.name),
    Object.keys(QUERYABLE_TABLES),
  );
  for (const table of SQL_TABLES) {
    assert.ok(table.description.length > 0, table.name);
    assert.equal(new Set(table.columns.map(([name]) => name)).size, table.columns.length, `${table.name} lists a column twice`);
  }
});

test("docs/sql-tables.md has a section for each table and for no other", () => {
  const doc = fs.readFileSync(new URL("../../docs/sql-tables.md", import.meta.url), "utf8");
  const tablesPart = doc.slice(doc.indexOf("## The tables"), doc.indexOf("\n## ", doc.indexOf("## The tables") + 1));
  const headed = tablesPart
    .split("\n")
    .filter((line) => line.startsWith("### "))
    .flatMap((line) => [...line.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!));
  assert.deepEqual(headed.sort(), SQL_TABLES.map((table) => table.name).sort());
});
