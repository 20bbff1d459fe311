import assert from "node:assert/strict";
import { test } from "node:test";
import { backToListHref, runHref, runsListHref } from "./run-links.ts";

test("run and list addresses carry the zone and filters", () => {
  assert.equal(runHref("p1", "abc-def"), "/p/p1/runs/abc-def");
  assert.equal(runHref("p1", "abc-def", "Europe/Berlin"), "/p/p1/runs/abc-def?tz=Europe%2FBerlin");
  assert.equal(runsListHref("p1", { userId: "u 1", tag: ["a", "b"], from: "90d" }), "/p/p1/runs?userId=u+1&tag=a&tag=b&from=90d");
  assert.equal(runsListHref("p1", { prompt: "x", promptVersion: undefined }, "UTC"), "/p/p1/runs?prompt=x&tz=UTC");
});

test("back goes to the list the run was opened from, else to the plain list", () => {
  assert.equal(backToListHref("p1", "?from=7d&q=refund"), "/p/p1/runs?from=7d&q=refund");
  assert.equal(backToListHref("p1", ""), "/p/p1/runs");
  assert.equal(backToListHref("p1", undefined, "UTC"), "/p/p1/runs?tz=UTC");
  assert.equal(backToListHref("p1", { evil: true }), "/p/p1/runs");
});
