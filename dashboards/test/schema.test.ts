// The boards as Grafana will load them: valid against Grafana's published dashboard types, laid out on
// the 24-column grid, every query on the provisioned ClickHouse datasource in the plugin's SQL mode,
// every variable a query uses declared, and uids unique.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { defaultDashboard } from "@grafana/schema";
import { allPanels, DATASOURCE, loadBoards, queryPanels, variables, variableSql, type PanelJson } from "./support/boards.ts";
import { typecheckBoards } from "./support/typecheck.ts";

const boards = loadBoards();
const GRID_COLUMNS = 24;
/** Grafana's own variables and the plugin's macros: never declared in a board. */
const BUILT_IN = /^__/;
const FORMATS = { timeseries: 0, table: 1 } as const;

test("every board type-checks against @grafana/schema's Dashboard", () => {
  const problems = typecheckBoards(boards.map(({ file, text }) => ({ name: path.basename(file, ".json"), json: text })));
  assert.deepEqual(problems, []);
});

test("the type check catches a field of the wrong type, a misspelt field and an out-of-range enum value", () => {
  const board = structuredClone(boards[0]!.board);
  // On different panels: TypeScript reports one problem per object literal.
  const [first, second] = board.panels.filter((candidate) => candidate.type !== "row");
  (first!.gridPos as unknown as Record<string, unknown>)["w"] = "12";
  (second as unknown as Record<string, unknown>)["titel"] = "Spend";
  (board.templating!.list![0] as unknown as Record<string, unknown>)["refresh"] = 7;
  const problems = typecheckBoards([{ name: "broken", json: JSON.stringify(board, null, 2) }]);
  assert.equal(problems.length, 3, problems.join("\n"));
  assert.ok(
    problems.some((problem) => /^broken:\d+: Type 'string' is not assignable to type 'number'/.test(problem)),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((problem) => /'"titel"' does not exist/.test(problem)),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((problem) => /Type '7' is not assignable to type 'VariableRefresh/.test(problem)),
    problems.join("\n"),
  );
});

test("uids and titles are unique across boards, and each board carries the tag its cross-board links use", () => {
  const uids = boards.map(({ board }) => board.uid);
  assert.equal(new Set(uids).size, uids.length, `duplicate uid in ${uids.join(", ")}`);
  const titles = boards.map(({ board }) => board.title);
  assert.equal(new Set(titles).size, titles.length);
  for (const { board } of boards) {
    assert.match(board.uid, /^[a-z0-9-]{8,40}$/, `${board.title}: uid "${board.uid}"`);
    assert.ok((board["tags"] as string[]).includes("promptmetrics"), `${board.title} lacks the promptmetrics tag`);
  }
});

for (const { board } of boards) {
  describe(board.title, () => {
    test(`uses the schema version Grafana writes today (${defaultDashboard.schemaVersion})`, () => {
      assert.equal(board.schemaVersion, defaultDashboard.schemaVersion);
    });

    test("panel ids are unique and every panel sits inside the 24-column grid without overlapping another", () => {
      const panels = allPanels(board);
      const ids = panels.map((panel) => panel.id);
      assert.equal(new Set(ids).size, ids.length, `duplicate panel id in ${ids.join(", ")}`);
      for (const panel of panels) {
        const grid = panel.gridPos;
        assert.ok(grid, `${panel.title} has no gridPos`);
        assert.ok(
          grid.x >= 0 && grid.w >= 1 && grid.x + grid.w <= GRID_COLUMNS && grid.h >= 1 && grid.y >= 0,
          `${panel.title}: ${JSON.stringify(grid)}`,
        );
      }
      const overlaps = overlappingPairs(board.panels).map(([a, b]) => `${a.title} / ${b.title}`);
      assert.deepEqual(overlaps, []);
    });

    test("every panel and query variable reads the provisioned ClickHouse datasource in SQL mode", () => {
      for (const panel of queryPanels(board)) {
        assert.deepEqual(panel.datasource, DATASOURCE, `${panel.title}: panel datasource`);
        const refIds = new Set<string>();
        for (const target of panel.targets ?? []) {
          const where = `${panel.title} [${target.refId}]`;
          assert.deepEqual(target.datasource, DATASOURCE, `${where}: target datasource`);
          assert.equal(target.editorType, "sql", where);
          assert.ok(target.queryType === "timeseries" || target.queryType === "table", `${where}: queryType ${target.queryType}`);
          assert.equal(target.format, FORMATS[target.queryType], `${where}: format must match queryType ${target.queryType}`);
          assert.equal(
            target.format === FORMATS.timeseries,
            panel.type === "timeseries",
            `${where}: time series panels, and only they, use the time series format`,
          );
          assert.match(
            target.pluginVersion ?? "",
            /^4\./,
            `${where}: without a 4.x pluginVersion the plugin migrates the query as a v3 one`,
          );
          assert.ok((target.rawSql ?? "").trim().length > 0, `${where}: empty rawSql`);
          assert.ok(!refIds.has(target.refId ?? ""), `${where}: duplicate refId`);
          refIds.add(target.refId ?? "");
        }
      }
      for (const variable of variables(board).filter((candidate) => candidate.type === "query")) {
        assert.deepEqual(variable.datasource, DATASOURCE, `variable ${variable.name}`);
      }
      assert.ok(
        allPanels(board).every((panel) => panel.type === "row" || (panel.targets ?? []).length > 0),
        "a panel without a query",
      );
    });

    test("every variable a query uses is declared (a variable's query only uses variables declared before it)", () => {
      const declared = variables(board).map((variable) => variable.name);
      const problems: string[] = [];
      for (const panel of queryPanels(board)) {
        for (const target of panel.targets ?? []) {
          for (const name of usedVariables(target.rawSql ?? ""))
            if (!declared.includes(name)) problems.push(`${panel.title}: $${name} is not declared`);
        }
      }
      variables(board).forEach((variable, index) => {
        for (const name of usedVariables(variableSql(variable) ?? "")) {
          if (!declared.slice(0, index).includes(name)) problems.push(`variable ${variable.name}: $${name} is not declared before it`);
        }
      });
      assert.deepEqual(problems, []);
    });

    test("every panel explains itself, and says so when it reads raw spans instead of a rollup", () => {
      for (const panel of queryPanels(board)) {
        assert.ok((panel.description ?? "").length >= 20, `${panel.title} has no description`);
        const sql = (panel.targets ?? []).map((target) => target.rawSql).join("\n");
        if (/\b(FROM|JOIN)\s+(spans|llm_runs)\b/.test(sql))
          assert.match(panel.description ?? "", /\braw\b/i, `${panel.title} reads raw spans but its description does not say so`);
      }
    });
  });
}

/** Names of the variables a query refers to: $name, ${name}, ${name:format}, [[name]]; built-ins and macros excluded. */
function usedVariables(sql: string): string[] {
  const names = [...sql.matchAll(/\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
  return [...new Set(names.filter((name) => !BUILT_IN.test(name)))];
}

/** Pairs of top-level panels whose grid rectangles intersect (panels inside collapsed rows are laid out when the row opens). */
function overlappingPairs(panels: PanelJson[]): [PanelJson, PanelJson][] {
  const pairs: [PanelJson, PanelJson][] = [];
  panels.forEach((a, i) => {
    for (const b of panels.slice(i + 1)) {
      const p = a.gridPos!;
      const q = b.gridPos!;
      if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h) pairs.push([a, b]);
    }
  });
  return pairs;
}
