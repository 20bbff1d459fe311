import assert from "node:assert/strict";
import { test } from "node:test";
import type { RealizedSavings } from "../../api/types.ts";
import { realizedBasis, realizedOutcome, realizedRows } from "./realized.ts";

const side = (change: Partial<RealizedSavings["before"]>): RealizedSavings["before"] => ({
  from: "2026-11-04T17:00:00.000Z",
  to: "2026-12-04T17:00:00.000Z",
  runs: 0,
  errors: 0,
  costUsd: "0.000000000",
  costPerRunUsd: null,
  successRate: null,
  meanRating: null,
  ...change,
});

test("no runs since the apply: still measuring, and the since column is dashes", () => {
  const realized: RealizedSavings = {
    before: side({ runs: 2599, errors: 78, costUsd: "23.4", costPerRunUsd: "0.009003463", successRate: 0.97, meanRating: 3.8 }),
    since: side({}),
    monthlySavingsUsd: null,
  };
  assert.deepEqual(realizedOutcome(realized), { state: "measuring", text: "Measuring: no runs since the apply yet." });
  assert.deepEqual(realizedRows(realized), [
    { label: "Runs", before: "2,599", since: "0" },
    { label: "Cost per run", before: "$0.009", since: "–", beforeExact: "$0.009003463" },
    { label: "Success rate", before: "97.0%", since: "–" },
    { label: "Mean rating", before: "3.80 ★", since: "–" },
  ]);
});

test("runs on both sides: the realized monthly saving in cents, exact in the tooltip; a rise in cost is negative", () => {
  const realized: RealizedSavings = {
    before: side({ runs: 100, costUsd: "1", costPerRunUsd: "0.010000000", successRate: 0.9 }),
    since: side({ runs: 4, costUsd: "0.02", costPerRunUsd: "0.005000000", successRate: 1 }),
    monthlySavingsUsd: "12.345678901",
  };
  assert.deepEqual(realizedOutcome(realized), {
    state: "measured",
    monthlySavingsUsd: "12.345678901",
    text: "$12.35",
    exact: "$12.345678901",
  });
  assert.deepEqual(realizedRows(realized)[1], {
    label: "Cost per run",
    before: "$0.01",
    since: "$0.005",
    beforeExact: "$0.01",
    sinceExact: "$0.005",
  });
  assert.equal(realizedOutcome({ ...realized, monthlySavingsUsd: "-3.000000000" }).state, "measured");
  assert.equal((realizedOutcome({ ...realized, monthlySavingsUsd: "-3.000000000" }) as { text: string }).text, "\u2212$3.00");
  assert.equal(
    realizedOutcome({ ...realized, before: side({}), monthlySavingsUsd: null }).text,
    "Measuring: there were no runs in the window before the apply to compare with.",
  );
});

test("realizedBasis: the runs and the time since the apply; less than a day is early", () => {
  const since = (from: string, to: string, runs: number) => ({
    before: side({}),
    since: side({ from, to, runs }),
    monthlySavingsUsd: null,
  });
  assert.deepEqual(realizedBasis(since("2026-12-04T17:00:00.000Z", "2026-12-04T17:03:10.000Z", 4)), {
    text: "4 runs in the 3 minutes since the apply",
    early: true,
  });
  assert.deepEqual(realizedBasis(since("2026-12-04T17:00:00.000Z", "2026-12-04T17:00:05.000Z", 1)), {
    text: "1 run in the 1 minute since the apply",
    early: true,
  });
  assert.deepEqual(realizedBasis(since("2026-12-04T17:00:00.000Z", "2026-12-04T22:10:00.000Z", 120)), {
    text: "120 runs in the 5 hours since the apply",
    early: true,
  });
  assert.deepEqual(realizedBasis(since("2026-11-20T17:00:00.000Z", "2026-12-04T17:00:00.000Z", 12_345)), {
    text: "12.3K runs in the 14 days since the apply",
    early: false,
  });
});
