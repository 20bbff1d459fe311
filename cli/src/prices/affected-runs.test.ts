import assert from "node:assert/strict";
import { test } from "node:test";
import type { LlmRunCount } from "@promptmetrics/clickhouse";
import { createPricer, type SyncedPrice } from "@promptmetrics/pricing";
import { affectedRuns } from "./affected-runs.ts";

const synced = (model: string): SyncedPrice => ({
  model,
  provider: "openai",
  kind: "chat",
  period: { from: "2026-12-01", prices: { input: "2", output: "8" } },
  source: "fixture.json",
  sourceModel: model,
});
const count = (requestModel: string, responseModel: string, priceSource: string, runs: number): LlmRunCount => ({
  requestModel,
  responseModel,
  priceSource,
  runs,
});

test("runs are counted for the model their names resolve to after the sync, under the name reprice selects them by", () => {
  const after = createPricer({ synced: [synced("gpt-4o"), synced("gpt-fixture-1")] });
  const counts = [
    count("gpt-4o", "gpt-4o-2024-08-06", "catalogue", 3),
    count("gpt-4o", "gpt-4o-2024-11-20", "catalogue", 1),
    count("gpt-4o", "gpt-4o-2024-08-06", "override", 2), // a project's override keeps its price
    count("gpt-4o", "", "caller", 5), // a cost given with the run is never recomputed
    count("gpt-fixture-1", "", "unknown", 4), // unknown until now
    count("gpt-fixture-1", "acme-router-7", "unknown", 1), // priced by the requested name
    count("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "catalogue", 7), // not changed
  ];
  const affected = affectedRuns(counts, ["gpt-4o", "gpt-fixture-1", "o3-deep-research"], after);
  assert.deepEqual(Object.fromEntries(affected), {
    "gpt-4o": { runs: 4, names: ["gpt-4o-2024-08-06", "gpt-4o-2024-11-20"] },
    "gpt-fixture-1": { runs: 5, names: ["gpt-fixture-1"] },
    "o3-deep-research": { runs: 0, names: [] },
  });
});
