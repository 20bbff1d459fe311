import assert from "node:assert/strict";
import { test } from "node:test";
import { formatJson, formatTable } from "./format-result.ts";

const result = {
  meta: [
    { name: "model", type: "LowCardinality(String)" },
    { name: "runs", type: "UInt64" },
    { name: "cost", type: "Nullable(Decimal(38, 12))" },
    { name: "tags", type: "Array(String)" },
  ],
  data: [
    ["gpt-4o", 1200, "3.5", ["a"]],
    ["claude-sonnet-4-5", 7, null, []],
  ],
};

test("a table aligns text left and numbers right, shows NULL, and counts rows", () => {
  assert.equal(
    formatTable(result),
    [
      "model             │ runs │ cost │ tags",
      "──────────────────┼──────┼──────┼──────",
      'gpt-4o            │ 1200 │  3.5 │ ["a"]',
      "claude-sonnet-4-5 │    7 │ NULL │ []",
      "(2 rows)",
      "",
    ].join("\n"),
  );
});

test("json output is an array of objects keyed by column name", () => {
  assert.deepEqual(JSON.parse(formatJson(result)), [
    { model: "gpt-4o", runs: 1200, cost: "3.5", tags: ["a"] },
    { model: "claude-sonnet-4-5", runs: 7, cost: null, tags: [] },
  ]);
});
