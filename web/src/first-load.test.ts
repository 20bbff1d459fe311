// Which URLs get their reads sent early, and which reads: the page's own (same URLs, so it takes them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { overviewView, sendFirstReads } from "./first-load.ts";
import { dropEarlyAnswers } from "./api/http.ts";
import { readAnalyticsState, toAnalyticsQuery } from "./lib/analytics-query.ts";
import { endpointUrl } from "./api/endpoints.ts";

test("an overview URL, or a project's index (which shows the overview without the query); nothing else", () => {
  assert.deepEqual(overviewView({ pathname: "/p/proj_1/overview", search: "?from=7d" }), { projectId: "proj_1", search: "?from=7d" });
  assert.deepEqual(overviewView({ pathname: "/p/proj_1/overview/", search: "" }), { projectId: "proj_1", search: "" });
  assert.deepEqual(overviewView({ pathname: "/p/a%20b", search: "?from=7d" }), { projectId: "a b", search: "" });
  assert.equal(overviewView({ pathname: "/p/proj_1/models", search: "" }), undefined);
  assert.equal(overviewView({ pathname: "/login", search: "" }), undefined);
  assert.equal(overviewView({ pathname: "/p/%E0/overview", search: "" }), undefined);
});

test("the session lookup and the overview's four reads, with the URLs the page asks for; once per page", () => {
  const asked: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    asked.push(String(input));
    return Response.json({});
  }) as typeof fetch;
  try {
    const search = "?from=2026-09-07&to=2026-12-07&tz=UTC&model=gpt-4o";
    sendFirstReads({ pathname: "/p/proj_1/overview", search });
    sendFirstReads({ pathname: "/p/proj_1/overview", search });
    const query = toAnalyticsQuery("proj_1", readAnalyticsState(new URLSearchParams(search), { tz: "UTC" }));
    const { granularity: _granularity, ...range } = query;
    assert.deepEqual(asked, [
      "/api/auth/me",
      endpointUrl("overview", {}, range),
      endpointUrl("trends", {}, { ...query, metric: "costUsd" }),
      endpointUrl("trends", {}, { ...query, metric: "requests" }),
      endpointUrl("costs", {}, { ...range, groupBy: "model", limit: 6 }),
    ]);
  } finally {
    dropEarlyAnswers();
    globalThis.fetch = realFetch;
  }
});
