import assert from "node:assert/strict";
import { test } from "node:test";
import { pricersByProject, type StoredPriceOverride } from "./project-pricers.ts";

const stored = (projectId: string, model: string, input: string): StoredPriceOverride => ({
  projectId,
  model,
  effectiveFrom: "2026-01-01 00:00:00.000",
  inputPerMtok: input,
  outputPerMtok: "4",
  cachedInputPerMtok: null,
  cacheWrite5mPerMtok: null,
  cacheWrite1hPerMtok: null,
});

test("each project gets its own overrides; an invalid project is reported and left to the catalogue", () => {
  const invalid: string[] = [];
  const pricers = pricersByProject([stored("p1", "acme-large", "2"), stored("p2", "acme-large", "-1")], {}, (projectId) =>
    invalid.push(projectId),
  );
  assert.deepEqual([...pricers.keys()], ["p1"]);
  assert.deepEqual(invalid, ["p2"]);
  const result = pricers
    .get("p1")!
    .price({ model: "acme-large", at: new Date("2026-06-01T00:00:00Z"), usage: { inputTokens: 1_000_000, outputTokens: 500_000 } });
  // 1M × $2/M + 0.5M × $4/M = $4
  assert.equal(result.status === "priced" && result.totalUsd, "4.000000000000");
});
