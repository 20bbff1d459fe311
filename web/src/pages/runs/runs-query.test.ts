import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_VIEW, isNarrowed, readRunsView, toRunsQuery, writeRunsView, zonedStartOfDay } from "./runs-query.ts";

const state = { from: "30d", to: undefined, tz: "Europe/Berlin", filters: {} };

test("the list's own parameters are read from the URL, malformed ones fall back to the defaults", () => {
  assert.deepEqual(readRunsView(new URLSearchParams("")), DEFAULT_VIEW);
  assert.deepEqual(
    readRunsView(new URLSearchParams("q=%20refund%20&rated=true&sort=cost&order=asc&sessionId=s1&sessionId=s1&sessionId=s2")),
    {
      q: "refund",
      rated: "true",
      sessionId: ["s1", "s2"],
      sort: "cost",
      order: "asc",
    },
  );
  assert.deepEqual(readRunsView(new URLSearchParams("q=%20%20&rated=maybe&sort=price&order=up")), DEFAULT_VIEW);
  assert.equal(readRunsView(new URLSearchParams(`q=${"x".repeat(600)}`)).q?.length, 500);
});

test("writing the view keeps other parameters and drops defaults", () => {
  const params = new URLSearchParams("from=7d&model=gpt-4o&sort=cost");
  assert.equal(writeRunsView(params, { q: "  hello ", sort: "startTime", order: "desc" }).toString(), "from=7d&model=gpt-4o&q=hello");
  assert.equal(
    writeRunsView(params, { q: "", rated: "false", sessionId: ["a", "b"] }).toString(),
    "from=7d&model=gpt-4o&sort=cost&rated=false&sessionId=a&sessionId=b",
  );
  assert.equal(writeRunsView(new URLSearchParams("sessionId=a&rated=true"), { sessionId: [], rated: undefined }).toString(), "");
});

test("the list query carries range, filters, search and sort; presets pass as they are", () => {
  const view = {
    ...DEFAULT_VIEW,
    q: "refund",
    rated: "false" as const,
    sessionId: ["s1"],
    sort: "latency" as const,
    order: "asc" as const,
  };
  assert.deepEqual(toRunsQuery("p1", { ...state, filters: { model: ["gpt-4o"], status: ["error"] } }, view), {
    projectId: "p1",
    from: "30d",
    model: ["gpt-4o"],
    status: ["error"],
    sessionId: ["s1"],
    q: "refund",
    rated: "false",
    sort: "latency",
    order: "asc",
  });
  assert.deepEqual(toRunsQuery("p1", state, DEFAULT_VIEW), { projectId: "p1", from: "30d", sort: "startTime", order: "desc" });
});

test("a custom range's local dates become the instants the days start at in the view's zone", () => {
  const query = toRunsQuery("p1", { ...state, from: "2026-11-01", to: "2026-11-08" }, DEFAULT_VIEW);
  assert.equal(query.from, "2026-10-31T23:00:00.000Z");
  assert.equal(query.to, "2026-11-07T23:00:00.000Z");
  assert.equal(zonedStartOfDay("2026-11-20", "America/New_York"), "2026-11-20T05:00:00.000Z");
  assert.equal(zonedStartOfDay("2026-11-20", "Asia/Kolkata"), "2026-11-19T18:30:00.000Z");
  assert.equal(zonedStartOfDay("2026-07-20", "UTC"), "2026-07-20T00:00:00.000Z");
  // The days DST starts and ends: midnight is still before the switch.
  assert.equal(zonedStartOfDay("2026-03-29", "Europe/Berlin"), "2026-03-28T23:00:00.000Z");
  assert.equal(zonedStartOfDay("2026-10-25", "Europe/Berlin"), "2026-10-24T22:00:00.000Z");
  assert.equal(zonedStartOfDay("2026-03-08", "America/Sao_Paulo"), "2026-03-08T03:00:00.000Z");
  assert.equal(zonedStartOfDay("2026-11-20", "Not/A_Zone"), "2026-11-20T00:00:00.000Z");
});

test("narrowed means anything besides the range", () => {
  assert.equal(isNarrowed(state, DEFAULT_VIEW), false);
  assert.equal(isNarrowed({ filters: { tag: ["beta"] } }, DEFAULT_VIEW), true);
  assert.equal(isNarrowed(state, { ...DEFAULT_VIEW, q: "x" }), true);
  assert.equal(isNarrowed(state, { ...DEFAULT_VIEW, sort: "cost" }), false);
});
