// Each column the SQL console's sidebar lists exists in the table a console query sees, with the type
// shown (read as the sidebar writes it: without LowCardinality or the rollups' aggregate wrappers); and
// llm_runs, the stable view for analysis, is listed whole.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { runSqlForProjects } from "@promptmetrics/clickhouse/runs";
import { SQL_TABLES } from "../../src/sql/sql-tables.ts";
import { openTestStore, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
before(async () => {
  db = await openTestStore();
});
after(async () => {
  await db?.close();
});

/** A ClickHouse type as the sidebar shows it. */
function readable(type: string): string {
  return type
    .replace(/^SimpleAggregateFunction\(sum, (.*)\)$/, "$1")
    .replace(/^AggregateFunction\((quantilesTDigest)\(.*\), Float64\)$/, "$1 state")
    .replaceAll(/LowCardinality\(([^()]*)\)/g, "$1");
}

for (const table of SQL_TABLES) {
  test(`${table.name}: the listed columns and types are the real ones`, async () => {
    const { columns } = await runSqlForProjects(db.store, { projectIds: ["p_none"], query: `SELECT * FROM ${table.name} LIMIT 0` });
    const real = new Map(columns.map((column) => [column.name, readable(column.type)]));
    for (const [name, type] of table.columns) assert.equal(real.get(name), type, `${table.name}.${name}`);
    if (table.name === "llm_runs")
      assert.deepEqual([...real.keys()].sort(), table.columns.map(([name]) => name).sort(), "llm_runs is listed whole");
  });
}
