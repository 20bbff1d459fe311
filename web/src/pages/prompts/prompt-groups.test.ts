import assert from "node:assert/strict";
import { test } from "node:test";
import type { PromptVersionRow } from "../../api/types.ts";
import { changeComparison, defaultComparison, groupPrompts, readComparison, writeComparison } from "./prompt-groups.ts";

function row(prompt: string, version: string, requests: number, costUsd: number): PromptVersionRow {
  return {
    prompt,
    version,
    requests,
    errors: 0,
    errorRate: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd,
    avgLatencyMs: null,
    p50LatencyMs: null,
    p95LatencyMs: null,
    avgTtftMs: null,
    successRate: null,
    avgRating: null,
    ratedRuns: 0,
    qualityRate: null,
    qualityRuns: 0,
    costPerRun: requests > 0 ? costUsd / requests : null,
    tokensPerRun: null,
  };
}

const rows = [
  row("summarize", "v10", 10, 5),
  row("classify", "v1", 100, 1),
  row("summarize", "v2", 20, 4),
  row("summarize", "v9", 5, 1),
  row("classify", "", 3, 0.1),
];

test("versions grouped by prompt, most expensive prompt first, versions in natural order", () => {
  const groups = groupPrompts(rows);
  assert.deepEqual(
    groups.map((group) => [group.prompt, group.requests, group.costUsd, group.versions.map((version) => version.version)]),
    [
      ["summarize", 35, 10, ["v2", "v9", "v10"]],
      ["classify", 103, 1.1, ["", "v1"]],
    ],
  );
});

test("the default pair is the newest two versions of the most expensive comparable prompt", () => {
  const groups = groupPrompts(rows);
  assert.deepEqual(defaultComparison(groups), { prompt: "summarize", a: "v9", b: "v10" });
  // classify has one named version only: nothing to compare there, so the next prompt is taken.
  assert.deepEqual(defaultComparison(groups, "classify"), { prompt: "summarize", a: "v9", b: "v10" });
  assert.equal(defaultComparison(groupPrompts([row("classify", "v1", 1, 1), row("classify", "a,b", 1, 1)])), undefined);
});

test("the choice round-trips through the URL and keeps the page's other parameters", () => {
  const params = writeComparison(new URLSearchParams("from=7d&prompt=x"), { prompt: "summarize", a: "v2", b: "v10" });
  assert.equal(params.toString(), "from=7d&prompt=x&comparePrompt=summarize&compare=v2%2Cv10");
  assert.deepEqual(readComparison(params), { prompt: "summarize", a: "v2", b: "v10" });
  assert.equal(readComparison(new URLSearchParams("comparePrompt=summarize&compare=v2")), undefined);
  assert.equal(readComparison(new URLSearchParams("compare=v1,v2")), undefined);
});

test("changing a select keeps the two versions apart and a new prompt starts from its default pair", () => {
  const groups = groupPrompts(rows);
  const current = { prompt: "summarize", a: "v9", b: "v10" };
  assert.deepEqual(changeComparison(current, { a: "v2" }, groups), { prompt: "summarize", a: "v2", b: "v10" });
  assert.deepEqual(changeComparison(current, { a: "v10" }, groups), { prompt: "summarize", a: "v10", b: "v9" });
  assert.deepEqual(changeComparison(current, { b: "v9" }, groups), { prompt: "summarize", a: "v10", b: "v9" });
  assert.equal(changeComparison(current, { prompt: "classify" }, groups), undefined);
});
