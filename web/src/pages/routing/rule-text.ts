// How a routing rule reads on the Routing page: what it matches and what it does to a call, as short
// phrases. Actions go through describeActions alone, so a new kind of action is one more phrase here.
import type { RoutingRule } from "../../api/types.ts";
import { formatPercent } from "../../lib/format.ts";

const STICKY: Readonly<Record<RoutingRule["sticky"], string>> = {
  user: "sticky per end user",
  session: "sticky per session",
  none: "not sticky",
};

/** "prompt greeting", "version 2", "model gpt-4o", "tags a, b", "user u-1": the fields it matches on. */
export function describeMatch(rule: Pick<RoutingRule, "match">): string[] {
  const { match } = rule;
  return [
    match.promptName && `prompt ${match.promptName}`,
    match.promptVersion && `version ${match.promptVersion}`,
    match.model && `model ${match.model}`,
    match.tags.length > 0 && `${match.tags.length === 1 ? "tag" : "tags"} ${match.tags.join(", ")}`,
    match.userId && `user ${match.userId}`,
  ].filter((part): part is string => Boolean(part));
}

/** What the rule does to a matching call: "→ gpt-4o-mini for 50% of calls", "sticky per end user". */
export function describeActions(
  rule: Pick<RoutingRule, "targetModel" | "share" | "sticky" | "fallbackModels" | "cacheTtlSeconds">,
): string[] {
  const phrases: string[] = [];
  if (rule.targetModel) {
    const percent = rule.share * 100;
    // 0.07 × 100 is 7.000000000000001: whole percentages without decimals.
    const share =
      rule.share >= 1 ? "all calls" : `${formatPercent(rule.share, Math.abs(percent - Math.round(percent)) < 1e-9 ? 0 : 1)} of calls`;
    phrases.push(`→ ${rule.targetModel} for ${share}`, ...(rule.share < 1 ? [STICKY[rule.sticky]] : []));
  }
  if (rule.fallbackModels.length > 0) phrases.push(`falls back to ${rule.fallbackModels.join(", then ")}`);
  if (rule.cacheTtlSeconds > 0) phrases.push(`cached for ${formatTtl(rule.cacheTtlSeconds)}`);
  return phrases;
}

function formatTtl(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
