// truncation (quality): runs cut off at the output limit (finish reason length / max_tokens), per prompt
// and model. A truncated answer is usually unusable and re-asked, so the saving is those runs' cost,
// scaled to 30 days; the fix is a higher max_tokens or a prompt that asks for less.
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import { impactOfSavings, type Finding } from "../suggestion.ts";
import { formatUsd9, monthly, picoToNumber, toPico } from "../usd.ts";
import { dollars, percent, promptLabel, type KindInput } from "./kind.ts";

export function truncationFindings({ figures, windowDays, monthlyCostUsd }: KindInput): Finding[] {
  const findings: Finding[] = [];
  for (const f of figures) {
    if (f.truncatedRuns < T.truncationMinRuns || f.truncatedRuns < T.truncationMinShare * f.runs) continue;
    const savings = monthly(toPico(f.truncatedCostUsd), windowDays);
    const usd = picoToNumber(savings);
    findings.push({
      kind: "truncation",
      type: "quality",
      subject: { prompt: f.prompt, promptVersion: f.promptVersion, provider: f.provider, model: f.model },
      title: `${f.model}: ${percent(f.truncatedRuns, f.runs)} of answers cut off on ${promptLabel(f.prompt, f.promptVersion)}`,
      description:
        `${f.truncatedRuns} of ${f.runs} runs stopped at the output limit in the last ${windowDays} days (${dollars(usd)} a month). ` +
        `Raise max_tokens, or ask for a shorter answer.`,
      monthlySavingsUsd: formatUsd9(savings),
      confidence: "high",
      impact: f.truncatedRuns >= 0.1 * f.runs ? "high" : impactOfSavings(usd, monthlyCostUsd),
      evidenceKind: "observed",
      evidence: {
        runs: f.runs,
        qualityRate: f.qualityOkRuns / f.runs,
        truncatedRuns: f.truncatedRuns,
        truncatedShare: f.truncatedRuns / f.runs,
        truncatedCostUsd: f.truncatedCostUsd,
        windowDays,
      },
    });
  }
  return findings;
}
