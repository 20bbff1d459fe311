import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../http/errors.ts";
import { parseQuery } from "../http/validate.ts";
import { costsParams, overviewParams, promptsParams, trendsParams } from "./params.ts";

function rejects(run: () => unknown, field: string, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ValidationError, `a ValidationError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.field, field);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test("filters become lists; a repeated filter keeps every value; an injection attempt is just a value", () => {
  const params = parseQuery(overviewParams, { projectId: "p1", model: "' OR 1=1 --", provider: ["openai", "anthropic"], status: "error" });
  assert.deepEqual(params.model, ["' OR 1=1 --"]);
  assert.deepEqual(params.provider, ["openai", "anthropic"]);
  assert.deepEqual(params.status, ["error"]);
  assert.equal(params.tag, undefined);
});

test("an unknown parameter is a 400 naming it", () => {
  rejects(() => parseQuery(overviewParams, { projectId: "p1", modle: "gpt-4o" }), "modle", /Unknown parameter "modle"/);
  rejects(() => parseQuery(overviewParams, { projectId: "p1", groupBy: "model" }), "groupBy", /Unknown parameter/);
});

test("bad values are a 400 naming the parameter", () => {
  rejects(() => parseQuery(overviewParams, { projectId: "p1", granularity: "fortnight" }), "granularity");
  rejects(() => parseQuery(overviewParams, { projectId: "p1", status: "maybe" }), "status");
  rejects(() => parseQuery(overviewParams, { projectId: "p1", from: ["1d", "2d"] }), "from", /once/);
  rejects(() => parseQuery(overviewParams, {}), "projectId");
  rejects(() => parseQuery(costsParams, { projectId: "p1", groupBy: "colour" }), "groupBy");
  rejects(() => parseQuery(costsParams, { projectId: "p1", limit: "0" }), "limit");
  rejects(() => parseQuery(costsParams, { projectId: "p1", limit: "ten" }), "limit");
  rejects(() => parseQuery(trendsParams, { projectId: "p1", metric: "vibes" }), "metric");
  rejects(() => parseQuery(trendsParams, { projectId: "p1", top: "50" }), "top");
  rejects(() => parseQuery(promptsParams, { projectId: "p1", compare: "v1" }), "compare", /two prompt versions/);
});

test("route parameters have defaults", () => {
  const costs = parseQuery(costsParams, { projectId: "p1" });
  assert.equal(costs.groupBy, "model");
  assert.equal(costs.limit, 100);
  const trends = parseQuery(trendsParams, { projectId: "p1", splitBy: "member", top: "3" });
  assert.deepEqual([trends.metric, trends.splitBy, trends.top], ["costUsd", "member", 3]);
  assert.deepEqual(parseQuery(promptsParams, { projectId: "p1", prompt: "summarize", compare: "v1,v2" }).compare, ["v1", "v2"]);
});
