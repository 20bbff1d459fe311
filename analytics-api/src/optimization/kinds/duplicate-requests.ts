// duplicate_requests (cost): successful runs whose input (same model) was already answered in the
// window, found by the content-free input hash. Savings = the cost of every repeat after the first of
// its group (what a response cache keyed by model and input would have saved), scaled to 30 days.
import type { DuplicateFigures } from "@promptmetrics/clickhouse";
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import { impactOfSavings, type Finding } from "../suggestion.ts";
import { formatUsd9, monthly, picoToNumber, toPico } from "../usd.ts";
import { dollars, percent, promptLabel } from "./kind.ts";

export function duplicateRequestFindings(duplicates: readonly DuplicateFigures[], windowDays: number, monthlyCostUsd: number): Finding[] {
  const findings: Finding[] = [];
  for (const d of duplicates) {
    if (d.duplicateRuns < T.duplicateMinRuns || d.duplicateRuns < T.duplicateMinShare * d.hashedRuns) continue;
    const savings = monthly(toPico(d.duplicateCostUsd), windowDays);
    const usd = picoToNumber(savings);
    if (savings <= 0n) continue;
    findings.push({
      kind: "duplicate_requests",
      type: "cost",
      subject: { prompt: d.prompt, promptVersion: d.promptVersion, provider: d.provider, model: d.model },
      title: `${percent(d.duplicateRuns, d.hashedRuns)} of ${promptLabel(d.prompt, d.promptVersion)} on ${d.model} repeat an earlier request`,
      description:
        `${d.duplicateRuns} successful runs in the last ${windowDays} days sent exactly the input of an earlier one ` +
        `(${d.repeatedInputs} inputs sent more than once). A response cache keyed by model and input would have answered ` +
        `them: ${dollars(usd)} a month.`,
      monthlySavingsUsd: formatUsd9(savings),
      confidence: "high",
      impact: impactOfSavings(usd, monthlyCostUsd),
      evidenceKind: "observed",
      evidence: {
        duplicateRuns: d.duplicateRuns,
        repeatedInputs: d.repeatedInputs,
        hashedRuns: d.hashedRuns,
        duplicateCostUsd: formatUsd9(toPico(d.duplicateCostUsd)),
        rule: "same input hash (messages, system, tools, parameters) and model; successful runs only; every repeat after the first",
        windowDays,
      },
    });
  }
  return findings;
}
