import assert from "node:assert/strict";
import { test } from "node:test";
import type { SwitchUsage } from "@promptmetrics/clickhouse";
import { createPricer } from "@promptmetrics/pricing";
import { switchSaving } from "./routing-stats.ts";

const pricer = createPricer();

function group(columns: Partial<SwitchUsage>): SwitchUsage {
  return {
    ruleId: "rule_1",
    requestedModel: "claude-sonnet-4-5",
    provider: "anthropic",
    day: "2026-11-20",
    runs: 2,
    unpricedRuns: 0,
    inputTokens: 0n,
    outputTokens: 0n,
    cacheReadTokens: 0n,
    cacheWriteTokens: 0n,
    cacheWrite1hTokens: 0n,
    reasoningTokens: 0n,
    costUsd: "0",
    ...columns,
  };
}

test("the requested model prices the average run: two 150K-token requests stay under the 200K long-context threshold", () => {
  // 2 × 150,000 × $3/M = $0.90 at standard rates (their 300K sum would be long-context: $1.80), less $0.10.
  assert.equal(switchSaving(group({ inputTokens: 300_000n, costUsd: "0.100000000000" }), pricer), 800_000_000_000n);
});

test("a switch to a dearer model saves less than nothing", () => {
  // 1 × 1,000 × $3/M = $0.003, less the $0.005 it cost.
  assert.equal(switchSaving(group({ runs: 1, inputTokens: 1000n, costUsd: "0.005000000000" }), pricer), -2_000_000_000n);
});

test("no saving without a price on either side", () => {
  assert.equal(switchSaving(group({ requestedModel: "no-such-model", inputTokens: 10n }), pricer), undefined);
  assert.equal(switchSaving(group({ inputTokens: 10n, unpricedRuns: 1 }), pricer), undefined);
});
