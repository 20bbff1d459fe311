// Which rule steers a call: the project's routing rules, newest first; the first rule whose match fits
// the call decides everything it does (model, fallbacks, caching), so a reader of the list can tell what
// happens to a call from one row. A rule with a target model sends the call there for its share of the
// traffic: by a hash of the rule and the end user (or session), so one user keeps one model (sticky), or
// at random when the rule is not sticky or the call names no user or session. A rule without one leaves
// the model alone. A rule never moves a call to the other API dialect (an OpenAI request to an Anthropic
// model), which would need the request translated.
import { createHash } from "node:crypto";
import type { RoutingRule } from "@promptmetrics/clickhouse";
import { modelFamily } from "@promptmetrics/pricing";
import type { Dialect } from "./upstreams.ts";

export interface CallTraits {
  promptName: string;
  promptVersion: string;
  model: string;
  tags: readonly string[];
  userId: string;
  sessionId: string;
}

export interface Routed {
  rule: RoutingRule;
  /** The model the call goes to: the rule's target, or the requested one when outside the rule's share or the rule has no target. */
  model: string;
  /** For a rule with a target: "target" when the draw sent the call there, "control" when it stayed. */
  arm?: "target" | "control";
}

export function routeCall(
  rules: readonly RoutingRule[],
  call: CallTraits,
  dialect: Dialect,
  random: () => number = Math.random,
): Routed | undefined {
  for (const rule of rules) {
    if (!matches(rule, call)) continue;
    if (rule.targetProvider && dialectOfProvider(rule.targetProvider) !== dialect) continue;
    if (!rule.targetModel) return { rule, model: call.model };
    const key = rule.sticky === "user" ? call.userId : rule.sticky === "session" ? call.sessionId : "";
    const draw = key ? hashShare(rule.id, key) : random();
    return draw < rule.share ? { rule, model: rule.targetModel, arm: "target" } : { rule, model: call.model, arm: "control" };
  }
  return undefined;
}

function matches(rule: RoutingRule, call: CallTraits): boolean {
  return (
    (!rule.matchPromptName || rule.matchPromptName === call.promptName) &&
    (!rule.matchPromptVersion || rule.matchPromptVersion === call.promptVersion) &&
    (!rule.matchModel || modelFamily(rule.matchModel) === modelFamily(call.model)) &&
    (!rule.matchUserId || rule.matchUserId === call.userId) &&
    rule.matchTags.every((tag) => call.tags.includes(tag))
  );
}

/** A stable draw in [0, 1) for one rule and one user or session. */
export function hashShare(ruleId: string, key: string): number {
  return createHash("sha256").update(`${ruleId}\u0000${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** A fallback entry, `gpt-4.1-mini` or `gpt-4.1-mini@Backup` (a model on another connection of the project). */
export function parseFallback(entry: string): { model: string; connection: string } {
  const at = entry.lastIndexOf("@");
  return at > 0 ? { model: entry.slice(0, at).trim(), connection: entry.slice(at + 1).trim() } : { model: entry.trim(), connection: "" };
}

export function dialectOfProvider(provider: string): Dialect {
  return provider === "anthropic" ? "anthropic" : "openai";
}
