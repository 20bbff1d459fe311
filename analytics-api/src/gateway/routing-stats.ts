// The Routing page's figures: each routing rule with its traffic in a range (runs by arm, cost, cache
// hits and what they saved) and what moving its target-arm runs off the model they asked for saved, priced
// here with the project's prices. Rules without runs in the range come back with zeros. Pure: the store's
// sums and a pricer in, the answer out.
import type { RuleTraffic, SwitchUsage } from "@promptmetrics/clickhouse";
import type { Pricer } from "@promptmetrics/pricing";
import { formatUsd12, toPico } from "../optimization/usd.ts";

/** A rule's traffic as the store counts it, with what it saved. */
export interface RuleStats<Rule> extends Omit<RuleTraffic, "ruleId"> {
  /** The rule as the rules list shows it. */
  rule: Rule;
  /** hits / lookups; null when no run asked for the cache. */
  cacheHitRate: number | null;
  switchSavedUsd: string;
  /** Target-arm runs whose saving is not in switchSavedUsd: their requested model or their own cost has no price. */
  switchUnpricedRuns: number;
  /** cacheSavedUsd + switchSavedUsd. */
  savedUsd: string;
}

export interface RoutingStats<Rule> {
  from: string;
  to: string;
  totals: { runs: number; costUsd: string; cacheSavedUsd: string; switchSavedUsd: string; savedUsd: string };
  rules: RuleStats<Rule>[];
}

export function routingStats<Rule extends { id: string }>(input: {
  range: { from: Date; to: Date };
  /** In the order to show them (the rules list's, newest first). */
  rules: readonly Rule[];
  traffic: readonly RuleTraffic[];
  switchUsage: readonly SwitchUsage[];
  pricer: Pricer;
}): RoutingStats<Rule> {
  const trafficByRule = new Map(input.traffic.map((row) => [row.ruleId, row]));
  const switchByRule = new Map<string, { saved: bigint; unpriced: number }>();
  for (const group of input.switchUsage) {
    const entry = switchByRule.get(group.ruleId) ?? { saved: 0n, unpriced: 0 };
    const saved = switchSaving(group, input.pricer);
    if (saved === undefined) entry.unpriced += group.runs;
    else entry.saved += saved;
    switchByRule.set(group.ruleId, entry);
  }
  const totals = { runs: 0, cost: 0n, cache: 0n, switched: 0n };
  const rules = input.rules.map((rule): RuleStats<Rule> => {
    const traffic = trafficByRule.get(rule.id);
    const switched = switchByRule.get(rule.id) ?? { saved: 0n, unpriced: 0 };
    const cost = toPico(traffic?.costUsd ?? "0");
    const cache = toPico(traffic?.cacheSavedUsd ?? "0");
    totals.runs += traffic?.runs ?? 0;
    totals.cost += cost;
    totals.cache += cache;
    totals.switched += switched.saved;
    const lookups = traffic?.cacheLookups ?? 0;
    return {
      rule,
      runs: traffic?.runs ?? 0,
      targetRuns: traffic?.targetRuns ?? 0,
      controlRuns: traffic?.controlRuns ?? 0,
      otherRuns: traffic?.otherRuns ?? 0,
      costUsd: formatUsd12(cost),
      cacheHits: traffic?.cacheHits ?? 0,
      cacheLookups: lookups,
      cacheHitRate: lookups > 0 ? (traffic?.cacheHits ?? 0) / lookups : null,
      cacheSavedUsd: formatUsd12(cache),
      switchSavedUsd: formatUsd12(switched.saved),
      switchUnpricedRuns: switched.unpriced,
      savedUsd: formatUsd12(cache + switched.saved),
    };
  });
  return {
    from: input.range.from.toISOString(),
    to: input.range.to.toISOString(),
    totals: {
      runs: totals.runs,
      costUsd: formatUsd12(totals.cost),
      cacheSavedUsd: formatUsd12(totals.cache),
      switchSavedUsd: formatUsd12(totals.switched),
      savedUsd: formatUsd12(totals.cache + totals.switched),
    },
    rules,
  };
}

/**
 * What the group's runs would have cost at the model they asked for, minus what they cost (pico-dollars;
 * negative when the target is dearer); undefined when either side has no price. The requested model is
 * priced on the AVERAGE run (rounded to whole tokens) times the runs, not on the summed tokens: a price
 * with a per-request threshold (long-context rates) must see one request's input, which the sum of many
 * would cross. Standard tier: the tier a call ran on is not known for the model it did not run on.
 */
export function switchSaving(group: SwitchUsage, pricer: Pricer): bigint | undefined {
  if (group.runs === 0 || group.unpricedRuns > 0) return undefined;
  const runs = BigInt(group.runs);
  const average = (sum: bigint) => Number((sum * 2n + runs) / (2n * runs));
  const priced = pricer.price({
    provider: group.provider,
    model: group.requestedModel,
    at: new Date(`${group.day}T00:00:00Z`),
    usage: {
      inputTokens: average(group.inputTokens),
      outputTokens: average(group.outputTokens),
      cacheReadTokens: average(group.cacheReadTokens),
      cacheWriteTokens: average(group.cacheWriteTokens),
      cacheWrite1hTokens: average(group.cacheWrite1hTokens),
      reasoningTokens: average(group.reasoningTokens),
    },
  });
  if (priced.status !== "priced") return undefined;
  return toPico(priced.totalUsd) * runs - toPico(group.costUsd);
}
