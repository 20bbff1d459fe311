// unknown_price (cost): runs whose model no price knows. Their cost is missing from every figure and
// every other suggestion, so the finding asks for a price (an override, or a price sync) rather than
// naming a saving. One finding per model; impact by the share of the project's runs it leaves unpriced.
import type { Finding } from "../suggestion.ts";
import { percent, type KindInput } from "./kind.ts";

export function unknownPriceFindings({ figures }: KindInput): Finding[] {
  const totalRuns = figures.reduce((sum, f) => sum + f.runs, 0);
  const byModel = new Map<string, { provider: string; model: string; runs: number; prompts: Set<string> }>();
  for (const f of figures) {
    if (f.unpricedRuns === 0) continue;
    const key = `${f.provider}\n${f.model}`;
    const entry = byModel.get(key) ?? { provider: f.provider, model: f.model, runs: 0, prompts: new Set<string>() };
    entry.runs += f.unpricedRuns;
    if (f.prompt !== "") entry.prompts.add(f.prompt);
    byModel.set(key, entry);
  }
  return [...byModel.values()].map(({ provider, model, runs, prompts }) => {
    const share = totalRuns === 0 ? 0 : runs / totalRuns;
    return {
      kind: "unknown_price",
      type: "cost",
      subject: { provider, model },
      title: `No price for ${model || "(no model name)"}`,
      description:
        `${runs} run(s) of ${model || "an unnamed model"} (${percent(runs, totalRuns)} of the project's runs) have no price, so their ` +
        `cost is missing from every figure and suggestion. Add a price override for it, or run a price sync.`,
      monthlySavingsUsd: "0.000000000",
      confidence: "high",
      impact: share >= 0.1 ? "high" : share >= 0.01 ? "medium" : "low",
      evidenceKind: "observed",
      evidence: { unpricedRuns: runs, shareOfRuns: share, prompts: [...prompts].sort() },
    } satisfies Finding;
  });
}
