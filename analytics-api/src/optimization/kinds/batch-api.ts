// batch_api (cost): traffic nobody waits for (not streamed and no end user, or a tag or service the project
// marks offline in its optimization settings; not already batched) on a model
// that has a batch price. Savings = that traffic's cost × the model's batch discount, scaled to 30 days.
// The discount is the model's under the project's prices (batch-discount.ts, as the savings calculator
// reads it; providers discount every component alike, 50% today). One finding per
// model, across prompts; the runs' prompts are in the evidence.
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import { impactOfSavings, type Finding } from "../suggestion.ts";
import { batchDiscounts } from "../batch-discount.ts";
import { formatUsd9, monthly, picoToNumber, scalePico, toPico } from "../usd.ts";
import { dollars, type KindInput } from "./kind.ts";

export function batchApiFindings({ figures, windowDays, monthlyCostUsd, pricer, at }: KindInput): Finding[] {
  const byModel = new Map<string, { provider: string; model: string; runs: number; cost: bigint; prompts: Set<string> }>();
  for (const f of figures) {
    if (f.offlineRuns === 0) continue;
    const key = `${f.provider}\n${f.model}`;
    const entry = byModel.get(key) ?? { provider: f.provider, model: f.model, runs: 0, cost: 0n, prompts: new Set<string>() };
    entry.runs += f.offlineRuns;
    entry.cost += toPico(f.offlineCostUsd);
    if (f.prompt !== "") entry.prompts.add(f.prompt);
    byModel.set(key, entry);
  }
  const findings: Finding[] = [];
  const discountOf = batchDiscounts(pricer, at);
  for (const { provider, model, runs, cost, prompts } of byModel.values()) {
    if (runs < T.batchMinRuns || cost === 0n) continue;
    const discount = discountOf(model);
    if (discount === 0n) continue;
    const savings = monthly(scalePico(cost, discount, 100n), windowDays);
    const usd = picoToNumber(savings);
    const percentOff = Number(discount);
    findings.push({
      kind: "batch_api",
      type: "cost",
      subject: { provider, model },
      title: `Send ${model}'s offline traffic through the Batch API`,
      description:
        `${runs} runs of ${model} in the last ${windowDays} days were offline traffic (neither streamed nor made for an end ` +
        `user, or marked offline), so nobody waited for them. The Batch API prices them ${percentOff}% lower: ${dollars(usd)} a month.`,
      monthlySavingsUsd: formatUsd9(savings),
      confidence: "medium",
      impact: impactOfSavings(usd, monthlyCostUsd),
      evidenceKind: "projected",
      evidence: {
        offlineRuns: runs,
        offlineCostUsd: formatUsd9(cost),
        batchDiscountPercent: percentOff,
        prompts: [...prompts].sort(),
        rule: "not streamed (no time to first token) and no end user id, or a tag or service marked offline in the project's optimization settings; not already on the batch tier",
        windowDays,
      },
    });
  }
  return findings;
}
