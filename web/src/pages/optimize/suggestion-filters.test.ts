import assert from "node:assert/strict";
import { test } from "node:test";
import { countByStatus, filterSuggestions, readFilters, withFilter } from "./suggestion-filters.ts";

const items = [
  { id: "a", type: "cost", status: "active" },
  { id: "b", type: "quality", status: "active" },
  { id: "c", type: "cost", status: "dismissed" },
  { id: "d", type: "performance", status: "applied" },
  { id: "e", type: "quality", status: "active" },
] as const;

test("readFilters: the URL's type and status, unknown values and none meaning all types, active", () => {
  assert.deepEqual(readFilters(new URLSearchParams("")), { type: "all", status: "active" });
  assert.deepEqual(readFilters(new URLSearchParams("type=quality&status=applied")), { type: "quality", status: "applied" });
  assert.deepEqual(readFilters(new URLSearchParams("type=colour&status=<b>")), { type: "all", status: "active" });
});

test("withFilter sets a filter and leaves defaults out of the URL, keeping the other parameters", () => {
  const params = new URLSearchParams("from=30d&status=dismissed");
  assert.equal(withFilter(params, "type", "cost").toString(), "from=30d&status=dismissed&type=cost");
  assert.equal(withFilter(params, "status", "active").toString(), "from=30d");
  assert.equal(withFilter(new URLSearchParams("type=cost"), "type", "all").toString(), "");
  assert.equal(params.toString(), "from=30d&status=dismissed", "the original is not changed");
});

test("filterSuggestions keeps the API's order; countByStatus counts within the chosen type", () => {
  assert.deepEqual(
    filterSuggestions(items, { type: "all", status: "active" }).map((item) => item.id),
    ["a", "b", "e"],
  );
  assert.deepEqual(
    filterSuggestions(items, { type: "quality", status: "active" }).map((item) => item.id),
    ["b", "e"],
  );
  assert.deepEqual(filterSuggestions(items, { type: "cost", status: "applied" }), []);
  assert.deepEqual(countByStatus(items, "all"), { active: 3, dismissed: 1, applied: 1 });
  assert.deepEqual(countByStatus(items, "cost"), { active: 1, dismissed: 1, applied: 0 });
});
