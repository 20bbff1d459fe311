import assert from "node:assert/strict";
import { test } from "node:test";
import { pickSource, type SourceRequest } from "./pick-source.ts";

const day: SourceRequest = {
  dimensions: [],
  filters: {},
  from: new Date("2026-11-20T00:00:00Z"),
  to: new Date("2026-11-27T00:00:00Z"),
  granularity: "day",
  bucketsOnWholeHours: true,
};
const pick = (change: Partial<SourceRequest>) => pickSource({ ...day, ...change });

test("the model rollup answers model and provider questions, and totals", () => {
  assert.equal(pick({}), "rollup_model_hourly");
  assert.equal(pick({ dimensions: ["provider", "model"], filters: { model: ["gpt-4o"] } }), "rollup_model_hourly");
  assert.equal(pick({ granularity: undefined, bucketsOnWholeHours: undefined }), "rollup_model_hourly");
});

test("the user rollup answers end-user questions", () => {
  assert.equal(pick({ dimensions: ["user"] }), "rollup_user_hourly");
  assert.equal(pick({ filters: { userId: ["u1"] } }), "rollup_user_hourly");
});

test("the prompt rollup answers only questions limited to named prompts", () => {
  assert.equal(pick({ dimensions: ["prompt", "promptVersion"], filters: { namedPromptsOnly: true } }), "rollup_prompt_hourly");
  assert.equal(pick({ dimensions: ["promptVersion"], filters: { prompt: ["summarize"], model: ["gpt-4o"] } }), "rollup_prompt_hourly");
  assert.equal(pick({ dimensions: ["prompt"] }), "raw", "runs without a prompt are not in the prompt rollup");
  assert.equal(pick({ filters: { prompt: ["summarize", ""] } }), "raw");
});

test("the member rollup answers team-member questions, by model or provider too", () => {
  assert.equal(pick({ dimensions: ["member"] }), "rollup_member_hourly");
  assert.equal(pick({ dimensions: ["member"], filters: { model: ["gpt-4o"], provider: ["openai"] } }), "rollup_member_hourly");
  assert.equal(pick({ dimensions: ["member"], filters: { userId: ["u1"] } }), "raw");
});

test("tags, status filters and mixed rollups read raw spans", () => {
  assert.equal(pick({ dimensions: ["tag"] }), "raw");
  assert.equal(pick({ filters: { tag: ["beta"] } }), "raw");
  assert.equal(pick({ dimensions: ["member"], filters: { tag: ["beta"] } }), "raw");
  assert.equal(pick({ filters: { status: ["error"] } }), "raw");
  assert.equal(pick({ dimensions: ["user"], filters: { model: ["gpt-4o"] } }), "raw");
});

test("minute buckets, buckets off whole UTC hours and ranges without a whole hour read raw spans", () => {
  assert.equal(pick({ granularity: "minute" }), "raw");
  assert.equal(pick({ bucketsOnWholeHours: false }), "raw", "Asia/Kolkata days");
  assert.equal(pick({ granularity: undefined, bucketsOnWholeHours: false }), "rollup_model_hourly", "totals do not depend on the zone");
  assert.equal(pick({ from: new Date("2026-11-20T10:10:00Z"), to: new Date("2026-11-20T10:50:00Z"), granularity: undefined }), "raw");
  assert.equal(
    pick({ from: new Date("2026-11-20T10:10:00Z"), to: new Date("2026-11-20T11:10:00Z"), granularity: undefined }),
    "raw",
    "no whole hour inside",
  );
  assert.equal(
    pick({ from: new Date("2026-11-20T10:10:00Z"), to: new Date("2026-11-20T12:10:00Z"), granularity: undefined }),
    "rollup_model_hourly",
  );
});
