import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SuggestionRecord } from "@promptmetrics/clickhouse";
import { reconcileSuggestions, shouldReopen } from "./reconcile.ts";
import { suggestionId, type Finding } from "./suggestion.ts";

const now = new Date("2026-12-04T12:00:00Z");
const earlier = new Date("2026-12-01T12:00:00Z");

function finding(savings: string, evidenceKind = "observed", model = "gpt-4o-mini"): Finding {
  return {
    kind: "batch_api",
    type: "cost",
    subject: { provider: "openai", model },
    title: `Batch ${model}`,
    description: "…",
    monthlySavingsUsd: savings,
    confidence: "medium",
    impact: "low",
    evidenceKind,
    evidence: { offlineRuns: 60 },
  };
}

function stored(f: Finding, overrides: Partial<SuggestionRecord> = {}): SuggestionRecord {
  const [written] = reconcileSuggestions({ projectId: "p1", stored: [], findings: [f], now: earlier, windowDays: 30 });
  return { ...written!, ...overrides };
}

describe("reconcileSuggestions", () => {
  it("adds a new finding as active with a stable id, and writes nothing when nothing changed", () => {
    const [added] = reconcileSuggestions({ projectId: "p1", stored: [], findings: [finding("1.000000000")], now, windowDays: 30 });
    assert.equal(added?.id, suggestionId("p1", "batch_api", { provider: "openai", model: "gpt-4o-mini" }));
    assert.equal(added?.status, "active");
    assert.equal(added?.subject, '{"model":"gpt-4o-mini","provider":"openai"}');
    assert.deepEqual(
      reconcileSuggestions({ projectId: "p1", stored: [added!], findings: [finding("1.000000000")], now, windowDays: 30 }),
      [],
    );
  });

  it("updates figures in place, keeping the creation time and status", () => {
    const previous = stored(finding("1.000000000"), { status: "applied" });
    const [updated] = reconcileSuggestions({
      projectId: "p1",
      stored: [previous],
      findings: [finding("1.500000000")],
      now,
      windowDays: 30,
    });
    assert.equal(updated?.monthlySavingsUsd, "1.500000000");
    assert.equal(updated?.status, "applied");
    assert.deepEqual(updated?.createdAt, earlier);
    assert.deepEqual(updated?.updatedAt, now);
  });

  it("marks a suggestion no longer found as not current, once", () => {
    const previous = stored(finding("1.000000000"));
    const [gone] = reconcileSuggestions({ projectId: "p1", stored: [previous], findings: [], now, windowDays: 30 });
    assert.equal(gone?.current, false);
    assert.deepEqual(reconcileSuggestions({ projectId: "p1", stored: [gone!], findings: [], now, windowDays: 30 }), []);
  });

  it("a dismissed suggestion comes back at twice its dismissed savings or with evidence of another kind, not before", () => {
    const dismissed = stored(finding("1.000000000"), {
      status: "dismissed",
      dismissedSavingsUsd: "1.000000000",
      dismissedEvidenceKind: "observed",
    });
    const table: Array<[string, string, boolean]> = [
      ["1.999999999", "observed", false],
      ["2.000000000", "observed", true],
      ["0.500000000", "measured", true],
      ["0.000000000", "observed", false],
    ];
    for (const [savings, evidenceKind, reopens] of table) {
      assert.equal(shouldReopen(dismissed, finding(savings, evidenceKind)), reopens, `${savings} ${evidenceKind}`);
      const [next] = reconcileSuggestions({
        projectId: "p1",
        stored: [dismissed],
        findings: [finding(savings, evidenceKind)],
        now,
        windowDays: 30,
      });
      assert.equal(next?.status, reopens ? "active" : "dismissed");
      if (reopens) assert.equal(next?.statusChangedBy, "engine");
    }
  });
});
