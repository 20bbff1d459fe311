// Every panel and variable query of every board, run against the real schema on the embedded store
// after the same expansion Grafana and the ClickHouse plugin apply (variables with All, one and two
// values; macros for a fixed week). A query broken by a schema change fails here, named by board and
// panel, as does a result its panel cannot draw (no rows, no time column first, decimals, missing
// columns that a table's overrides name).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { loadBoards, queryPanels, type BoardJson } from "./support/boards.ts";
import { checkBoard, type CheckOptions, type Selection } from "./support/query-check.ts";
import { seedStore } from "./support/seed.ts";

const MINUTE_MS = 60_000;
/** The week before the current minute: the seeded runs and ingest reports end at its end. */
const TO = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
const FROM = new Date(TO.getTime() - 7 * 24 * 60 * MINUTE_MS);
/** What Grafana picks for a week on a ~1,000-pixel panel; panels with a larger minimum interval use theirs. */
const BASE_INTERVAL_MS = 10 * MINUTE_MS;
const SELECTIONS: Selection[] = ["all", "single", "multi"];

const boards = loadBoards();
let store: Store;
let dataDir: string;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-dashboards-"));
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  await seedStore(store, TO);
});

after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const options = (selection: Selection): CheckOptions => ({ from: FROM, to: TO, selection, baseIntervalMs: BASE_INTERVAL_MS });

test("there are five boards and every one has panels that query ClickHouse", () => {
  assert.deepEqual(boards.map(({ board }) => board.uid).sort(), ["pm-ingest", "pm-latency", "pm-spend", "pm-tokens", "pm-traffic"]);
  for (const { board } of boards)
    assert.ok(queryPanels(board).length >= 5, `${board.title} has only ${queryPanels(board).length} query panels`);
});

for (const { board } of boards) {
  describe(board.title, () => {
    for (const selection of SELECTIONS) {
      test(`every variable and panel query returns drawable rows (${selection} values)`, async () => {
        assert.deepEqual(await checkBoard(store, board, options(selection)), []);
      });
    }
  });
}

describe("the checker", () => {
  const spend = boards.find(({ board }) => board.uid === "pm-spend")!.board;

  /** A copy of the spend board whose first panel of `type` runs `sql` instead (as a time series when `format` is 0). */
  function withPanelSql(type: string, sql: string, format: number): { board: BoardJson; title: string } {
    const board = structuredClone(spend);
    const panel = queryPanels(board).find((candidate) => candidate.type === type)!;
    panel.targets = [{ ...panel.targets![0]!, rawSql: sql, format }];
    panel.fieldConfig = { defaults: {}, overrides: [] };
    return { board, title: panel.title ?? "" };
  }

  test("reports a query that names a column the schema does not have, with board and panel titles", async () => {
    const { board, title } = withPanelSql(
      "stat",
      "SELECT toFloat64(sum(cost_usd_total)) AS spend FROM rollup_model_hourly WHERE $__timeFilter(bucket)",
      1,
    );
    const problems = await checkBoard(store, board, options("all"));
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0]!, new RegExp(`^PromptMetrics · LLM spend › ${title} \\[A, all values\\]: query failed: .*cost_usd_total`));
  });

  test("reports a time series without its time column first, and costs left as Decimal", async () => {
    const { board, title } = withPanelSql(
      "timeseries",
      "SELECT model, sum(cost_usd) AS spend FROM rollup_model_hourly WHERE $__timeFilter(bucket) GROUP BY model ORDER BY model",
      0,
    );
    const problems = await checkBoard(store, board, options("all"));
    const where = `PromptMetrics · LLM spend › ${title} [A, all values]`;
    assert.deepEqual(
      problems.map((problem) => problem.replace(/, got .*$/, "")),
      [
        `${where}: column spend is Decimal(38, 12): convert costs with toFloat64 for charts`,
        `${where}: a timeseries panel needs a numeric column`,
        `${where}: a time series needs its time column first`,
        `${where}: time series column spend is Decimal(38, 12): neither a value nor a label`,
      ],
    );
  });

  test("reports a query that finds no rows", async () => {
    const { board } = withPanelSql(
      "stat",
      "SELECT toFloat64(sum(cost_usd)) AS spend FROM rollup_model_hourly WHERE $__timeFilter(bucket) GROUP BY model HAVING spend < 0",
      1,
    );
    const problems = await checkBoard(store, board, options("all"));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /: returned no rows$/);
  });
});
