import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelRow, PromptVersionRow } from "../../api/types.ts";
import { modelChoices, promptChoices, savingsRequest, shareOf, whatIfChoiceOf, whatIfWindow } from "./what-if.ts";

test("whatIfWindow: the last 30 days (or the project's window) to the minute", () => {
  assert.deepEqual(whatIfWindow(new Date("2026-12-04T17:58:42.123Z")), {
    from: "2026-11-04T17:58:00.000Z",
    to: "2026-12-04T17:58:00.000Z",
  });
  assert.equal(whatIfWindow(new Date("2026-12-04T17:58:42.123Z"), 7).from, "2026-11-27T17:58:00.000Z");
});

test("whatIfChoiceOf: a suggestion naming a model and another one; none for the others", () => {
  const subject = { prompt: "draft-ticket", promptVersion: "v1", model: "gpt-4.1", toModel: "gpt-4o-mini", provider: "openai" };
  assert.deepEqual(whatIfChoiceOf({ subject }), {
    prompt: "draft-ticket",
    promptVersion: "v1",
    fromModel: "gpt-4.1",
    toModel: "gpt-4o-mini",
  });
  assert.deepEqual(whatIfChoiceOf({ subject: { model: "o4-mini", toModel: "claude-haiku-4-5" } }), {
    prompt: "",
    promptVersion: "",
    fromModel: "o4-mini",
    toModel: "claude-haiku-4-5",
  });
  assert.equal(whatIfChoiceOf({ subject: { prompt: "p", model: "gpt-4o", provider: "openai" } }), undefined);
  assert.equal(whatIfChoiceOf({ subject: { model: "gpt-4o", toModel: "gpt-4o" } }), undefined);
});

test("promptChoices: named prompts by runs, versions in numeric order, unnamed ones left out", () => {
  const row = (prompt: string, version: string, requests: number) => ({ prompt, version, requests }) as PromptVersionRow;
  assert.deepEqual(
    promptChoices([
      row("summarize", "v10", 5),
      row("classify", "v1", 30),
      row("summarize", "v2", 40),
      row("", "", 500),
      row("classify", "", 1),
    ]),
    [
      { prompt: "summarize", versions: ["v2", "v10"] },
      { prompt: "classify", versions: ["v1"] },
    ],
  );
});

test("modelChoices: by cost over providers, once each, no empty name", () => {
  const row = (model: string, provider: string, costUsd: number) => ({ model, provider, costUsd }) as ModelRow;
  assert.deepEqual(modelChoices([row("gpt-4o", "openai", 3), row("haiku", "anthropic", 5), row("gpt-4o", "azure", 4), row("", "x", 99)]), [
    "gpt-4o",
    "haiku",
  ]);
});

test("shareOf: whole percents as a 0..1 share with at most 2 decimals, clamped", () => {
  assert.equal(shareOf(25), 0.25);
  assert.equal(shareOf(7), 0.07);
  assert.equal(shareOf(33.4), 0.33);
  assert.equal(shareOf(-5), 0);
  assert.equal(shareOf(140), 1);
  assert.equal(shareOf(Number.NaN), 0);
});

test("savingsRequest: one move; none until both models are chosen and differ; a version only with its prompt", () => {
  const base = {
    projectId: "p1",
    window: { from: "2026-11-04T17:58:00.000Z", to: "2026-12-04T17:58:00.000Z" },
    prompt: "",
    promptVersion: "",
    fromModel: "gpt-4o",
    toModel: "gpt-4o-mini",
    sharePercent: 50,
  };
  assert.deepEqual(savingsRequest(base), {
    projectId: "p1",
    from: "2026-11-04T17:58:00.000Z",
    to: "2026-12-04T17:58:00.000Z",
    moves: [{ fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.5 }],
  });
  assert.deepEqual(savingsRequest({ ...base, prompt: "summarize", promptVersion: "v2" })?.moves, [
    { fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.5, prompt: "summarize", promptVersion: "v2" },
  ]);
  assert.deepEqual(savingsRequest({ ...base, promptVersion: "v2" })?.moves, [{ fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.5 }]);
  assert.equal(savingsRequest({ ...base, toModel: "" }), undefined);
  assert.equal(savingsRequest({ ...base, toModel: "gpt-4o" }), undefined);
});
