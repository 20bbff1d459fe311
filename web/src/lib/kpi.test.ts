import assert from "node:assert/strict";
import { test } from "node:test";
import { formatUsd } from "./format.ts";
import { kpiDelta } from "./kpi.ts";

test("cost going up is bad, success rate going up is good", () => {
  const cost = kpiDelta(120, 100, { goodWhen: "down", formatPrevious: formatUsd });
  assert.deepEqual(cost, { text: "+20.0%", direction: "up", tone: "bad", description: "up 20.0% from $100.00" });
  const success = kpiDelta(0.95, 0.9, { goodWhen: "up", kind: "points" });
  assert.equal(success.text, "+5.0 pp");
  assert.equal(success.tone, "good");
  assert.equal(kpiDelta(80, 100, { goodWhen: "down" }).tone, "good");
  assert.equal(kpiDelta(80, 100, { goodWhen: "neutral" }).tone, "neutral");
});

test("a change from almost nothing is capped instead of reading +184000%", () => {
  const delta = kpiDelta(1841, 1, { goodWhen: "down" });
  assert.equal(delta.text, ">+999%");
  assert.equal(delta.description, "up more than 999%");
  assert.equal(delta.tone, "bad");
});

test("nothing to compare shows no change; a tiny change reads as unchanged", () => {
  assert.equal(kpiDelta(5, 0, { goodWhen: "up" }).text, null);
  assert.equal(kpiDelta(null, 3, { goodWhen: "up" }).text, null);
  assert.equal(kpiDelta(1, null, { goodWhen: "up" }).text, null);
  const flat = kpiDelta(100.01, 100, { goodWhen: "down" });
  assert.equal(flat.direction, "flat");
  assert.equal(flat.tone, "neutral");
});
