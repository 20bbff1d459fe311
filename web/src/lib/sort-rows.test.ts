import assert from "node:assert/strict";
import { test } from "node:test";
import { nextSort, sortRows } from "./sort-rows.ts";

const rows = [
  { name: "gpt-4o", cost: 12 },
  { name: "claude-3-haiku", cost: null },
  { name: "gpt-4.1", cost: 3.5 },
  { name: "gpt-4o-mini", cost: 100 },
];

test("numbers sort as numbers and empty values stay last in both directions", () => {
  assert.deepEqual(
    sortRows(rows, (row) => row.cost, "desc").map((row) => row.name),
    ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "claude-3-haiku"],
  );
  assert.deepEqual(
    sortRows(rows, (row) => row.cost, "asc").map((row) => row.name),
    ["gpt-4.1", "gpt-4o", "gpt-4o-mini", "claude-3-haiku"],
  );
});

test("text sorts naturally (v2 before v10); a new column starts biggest-first for numbers", () => {
  const versions = ["v10", "v2", "v1"].map((version) => ({ version }));
  assert.deepEqual(
    sortRows(versions, (row) => row.version, "asc").map((row) => row.version),
    ["v1", "v2", "v10"],
  );
  assert.deepEqual(nextSort(undefined, "cost", true), { key: "cost", direction: "desc" });
  assert.deepEqual(nextSort(undefined, "name", false), { key: "name", direction: "asc" });
  assert.deepEqual(nextSort({ key: "cost", direction: "desc" }, "cost", true), { key: "cost", direction: "asc" });
});
