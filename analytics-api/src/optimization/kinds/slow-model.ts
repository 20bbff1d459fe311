// slow_model (performance): on one prompt, a model whose p95 latency is at least slowFactor × another
// model's, while the faster one succeeds at least as often (error rate no higher). Both need
// compareMinRuns runs. No saving in money: the finding names the faster model and the latencies.
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import type { Finding } from "../suggestion.ts";
import { promptLabel, type KindInput } from "./kind.ts";

export function slowModelFindings({ figures }: KindInput): Finding[] {
  const byPrompt = new Map<string, KindInput["figures"][number][]>();
  for (const f of figures) {
    if (f.runs < T.compareMinRuns) continue;
    const key = `${f.prompt}\n${f.promptVersion}`;
    byPrompt.set(key, [...(byPrompt.get(key) ?? []), f]);
  }
  const findings: Finding[] = [];
  for (const group of byPrompt.values()) {
    for (const slow of group) {
      const faster = group
        .filter((other) => other !== slow && other.p95LatencyMs > 0 && slow.p95LatencyMs >= T.slowFactor * other.p95LatencyMs)
        .filter((other) => other.errors / other.runs <= slow.errors / slow.runs)
        .sort((a, b) => a.p95LatencyMs - b.p95LatencyMs)[0];
      if (!faster) continue;
      findings.push({
        kind: "slow_model",
        type: "performance",
        subject: { prompt: slow.prompt, promptVersion: slow.promptVersion, model: slow.model, toModel: faster.model },
        title: `${faster.model} answers ${promptLabel(slow.prompt, slow.promptVersion)} ${(slow.p95LatencyMs / faster.p95LatencyMs).toFixed(1)}× faster than ${slow.model}`,
        description:
          `p95 latency ${Math.round(slow.p95LatencyMs)} ms on ${slow.model} against ${Math.round(faster.p95LatencyMs)} ms on ` +
          `${faster.model}, which fails no more often (${faster.errors} of ${faster.runs} against ${slow.errors} of ${slow.runs}).`,
        monthlySavingsUsd: "0.000000000",
        confidence: "medium",
        impact: slow.p95LatencyMs >= 4 * faster.p95LatencyMs ? "high" : "medium",
        evidenceKind: "measured",
        evidence: {
          from: {
            model: slow.model,
            runs: slow.runs,
            errors: slow.errors,
            qualityRate: slow.qualityOkRuns / slow.runs,
            p95LatencyMs: slow.p95LatencyMs,
            p95TtftMs: slow.p95TtftMs,
          },
          to: {
            model: faster.model,
            runs: faster.runs,
            errors: faster.errors,
            p95LatencyMs: faster.p95LatencyMs,
            p95TtftMs: faster.p95TtftMs,
          },
        },
      });
    }
  }
  return findings;
}
