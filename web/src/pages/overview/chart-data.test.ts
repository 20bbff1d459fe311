import assert from "node:assert/strict";
import { test } from "node:test";
import type { CostsResponse, Meta, TrendsResponse } from "../../api/types.ts";
import { chartRows, costShares, trendPoints } from "./chart-data.ts";

const meta: Meta = {
  projectId: "p",
  from: "2026-11-01T00:00:00Z",
  to: "2026-11-04T00:00:00Z",
  timeZone: "UTC",
  granularity: "day",
  sources: ["raw"],
};

test("trend buckets are labelled for the granularity and gaps stay gaps", () => {
  const answer: TrendsResponse = {
    meta,
    metric: "costUsd",
    splitBy: null,
    series: [
      {
        kind: "total",
        key: null,
        points: [
          { bucket: "2026-11-01T00:00:00Z", value: 1.5 },
          { bucket: "2026-11-02T00:00:00Z", value: null },
          { bucket: "2026-11-03T00:00:00Z", value: 0 },
        ],
      },
    ],
  };
  const points = trendPoints(answer);
  assert.deepEqual(points, [
    { label: "Nov 1", value: 1.5 },
    { label: "Nov 2", value: null },
    { label: "Nov 3", value: 0 },
  ]);
  assert.deepEqual(chartRows(points, "Cost")[0], { period: "Nov 1", Cost: 1.5 });
  assert.equal(trendPoints({ ...answer, meta: { ...meta, granularity: "week" } })[0]!.label, "Week of Nov 1");
});

test("cost by model folds the models left out into one share", () => {
  const answer: CostsResponse = {
    meta,
    groupBy: "model",
    totalCostUsd: 10,
    totalRequests: 100,
    groups: [
      { key: "gpt-4o", costUsd: 6, share: 0.6, requests: 40, inputTokens: 0, outputTokens: 0 },
      { key: "", costUsd: 3, share: 0.3, requests: 50, inputTokens: 0, outputTokens: 0 },
    ],
    truncated: true,
    otherCostUsd: 1,
  };
  assert.deepEqual(
    costShares(answer).map((share) => [share.label, share.costUsd, share.share]),
    [
      ["gpt-4o", 6, 0.6],
      ["(no model)", 3, 0.3],
      ["Other models", 1, 0.1],
    ],
  );
  assert.equal(costShares({ ...answer, truncated: false, otherCostUsd: 0 }).length, 2);
});
