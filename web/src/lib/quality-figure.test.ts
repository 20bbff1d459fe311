import assert from "node:assert/strict";
import { test } from "node:test";
import { describeQuality } from "./quality-figure.ts";

test("quality reads like success rate: a percentage with one decimal", () => {
  assert.deepEqual(describeQuality({ requests: 2000, qualityRate: 0.9375, qualityRuns: 2000 }), {
    text: "93.8%",
    detail: null,
    note: null,
  });
  assert.equal(describeQuality({ requests: 9, qualityRate: 6 / 9, qualityRuns: 9 }).text, "66.7%");
  assert.equal(describeQuality({ requests: 3, qualityRate: 1, qualityRuns: 3 }).text, "100.0%");
});

test("runs whose quality was never counted read 'Not known', never 100% or 0%, with the command that fills it", () => {
  const unknown = describeQuality({ requests: 4, qualityRate: null, qualityRuns: 0 });
  assert.equal(unknown.text, "Not known");
  assert.match(unknown.note!, /promptmetrics rebuild-rollups/);
  assert.deepEqual(describeQuality({ requests: 0, qualityRate: null, qualityRuns: 0 }), { text: "–", detail: null, note: null });
});

test("a rate over part of the runs says how many it rests on", () => {
  const partial = describeQuality({ requests: 12_400, qualityRate: 0.75, qualityRuns: 4 });
  assert.deepEqual([partial.text, partial.detail], ["75.0%", "of 4 runs"]);
  assert.match(partial.note!, /^Measured over 4 of 12.4K runs: the other 12.4K were stored before/);
});
