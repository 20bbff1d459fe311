// error_waste (quality): what failed calls cost, per prompt and model. A failed call is paid for (the
// tokens it used) and usually retried, so its cost is spent twice; the saving is the failed runs' cost,
// scaled to 30 days. Needs at least errorWasteMinRuns failures making up errorWasteMinShare of the runs.
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import { impactOfSavings, type Finding } from "../suggestion.ts";
import { formatUsd9, monthly, picoToNumber, toPico } from "../usd.ts";
import { dollars, percent, promptLabel, type KindInput } from "./kind.ts";

export function errorWasteFindings({ figures, windowDays, monthlyCostUsd }: KindInput): Finding[] {
  const findings: Finding[] = [];
  for (const f of figures) {
    if (f.errors < T.errorWasteMinRuns || f.errors < T.errorWasteMinShare * f.runs) continue;
    const savings = monthly(toPico(f.errorCostUsd), windowDays);
    const usd = picoToNumber(savings);
    findings.push({
      kind: "error_waste",
      type: "quality",
      subject: { prompt: f.prompt, promptVersion: f.promptVersion, provider: f.provider, model: f.model },
      title: `${f.model}: ${percent(f.errors, f.runs)} of calls fail on ${promptLabel(f.prompt, f.promptVersion)}`,
      description:
        savings > 0n
          ? `${f.errors} of ${f.runs} runs failed in the last ${windowDays} days, costing ${dollars(usd)} a month in tokens that ` +
            `bought nothing (and their retries cost again). Look at the errors (Runs, status error) for rate limits, ` +
            `timeouts or bad requests.`
          : `${f.errors} of ${f.runs} runs failed in the last ${windowDays} days. They were not billed, but each is a failed ` +
            `answer (and a retry's wait). Look at the errors (Runs, status error) for rate limits, timeouts or bad requests.`,
      monthlySavingsUsd: formatUsd9(savings),
      confidence: "high",
      impact: impactOfSavings(usd, monthlyCostUsd) === "low" && f.errors >= 0.1 * f.runs ? "medium" : impactOfSavings(usd, monthlyCostUsd),
      evidenceKind: "observed",
      evidence: {
        runs: f.runs,
        qualityRate: f.qualityOkRuns / f.runs,
        errors: f.errors,
        errorRate: f.errors / f.runs,
        errorCostUsd: f.errorCostUsd,
        windowDays,
      },
    });
  }
  return findings;
}
