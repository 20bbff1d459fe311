import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery } from "../http/validate.ts";
import { listRunsParams, toRunFilters } from "./params.ts";

const now = new Date("2026-11-25T10:00:00.000Z");
const parse = (query: Record<string, unknown>) => parseQuery(listRunsParams, { projectId: "proj_1", ...query });
const rejects = (query: Record<string, unknown>, field: string) =>
  assert.throws(
    () => parse(query),
    (error: any) => error.status === 400 && error.field === field,
    JSON.stringify(query),
  );

test("defaults: newest first, 50 a page, no filters", () => {
  const params = parse({});
  assert.deepEqual(
    { sort: params.sort, order: params.order, limit: params.limit, cursor: params.cursor },
    { sort: "startTime", order: "desc", limit: 50, cursor: undefined },
  );
  assert.deepEqual(
    Object.entries(toRunFilters(params, now)).filter(([, value]) => value !== undefined),
    [],
  );
});

test("filters become store filters; repeated parameters keep any of their values", () => {
  const filters = toRunFilters(
    parse({
      from: "7d",
      to: "2026-11-25T09:00:00Z",
      model: ["gpt-4o", "o3"],
      tag: "beta",
      status: "error",
      rated: "false",
      minCost: "0.01",
      q: "' OR 1=1 --",
    }),
    now,
  );
  assert.deepEqual(filters.from, new Date("2026-11-18T10:00:00.000Z"));
  assert.deepEqual(filters.to, new Date("2026-11-25T09:00:00.000Z"));
  assert.deepEqual(filters.model, ["gpt-4o", "o3"]);
  assert.deepEqual(filters.tag, ["beta"]);
  assert.deepEqual(filters.status, ["error"]);
  assert.equal(filters.rated, false);
  assert.equal(filters.minCost, "0.01");
  assert.equal(filters.q, "' OR 1=1 --");
});

test("bad or unknown parameters are a 400 naming them", () => {
  rejects({ limit: "0" }, "limit");
  rejects({ limit: "201" }, "limit");
  rejects({ limit: "ten" }, "limit");
  rejects({ sort: "name" }, "sort");
  rejects({ sort: ["cost", "latency"] }, "sort");
  rejects({ order: "up" }, "order");
  rejects({ rated: "yes" }, "rated");
  rejects({ status: "failed" }, "status");
  rejects({ minCost: "-1" }, "minCost");
  rejects({ maxCost: "1e3" }, "maxCost");
  rejects({ q: "" }, "q");
  rejects({ modle: "gpt-4o" }, "modle");
  assert.throws(
    () => toRunFilters(parse({ from: "last week" }), now),
    (error: any) => error.field === "from",
  );
});
