// Making routing rules: from the API's body, or from an applied model_switch suggestion (prompt and
// version served by model A → model B, at the share the user picked).
import { randomUUID } from "node:crypto";
import { catalogue } from "@promptmetrics/pricing";
import type { RoutingRule, SuggestionRecord } from "@promptmetrics/clickhouse";

/** The provider of a model the price catalogue knows by any of its names; '' when unknown. */
export function providerOfModel(model: string): string {
  const entry = catalogue.models.find((e) => e.id === model || e.snapshots?.includes(model) || e.aliases?.includes(model));
  return entry?.provider ?? "";
}

export function newRuleId(): string {
  return `rule_${randomUUID()}`;
}

/** The rule an applied model_switch suggestion becomes; undefined for other kinds. */
export function ruleFromSuggestion(record: SuggestionRecord, share: number, userId: string, now: Date): RoutingRule | undefined {
  if (record.kind !== "model_switch") return undefined;
  const subject = JSON.parse(record.subject) as { prompt?: string; promptVersion?: string; model?: string; toModel?: string };
  if (!subject.prompt || !subject.model || !subject.toModel) return undefined;
  return {
    projectId: record.projectId,
    id: newRuleId(),
    name: record.title.slice(0, 200),
    matchPromptName: subject.prompt,
    matchPromptVersion: subject.promptVersion ?? "",
    matchModel: subject.model,
    matchTags: [],
    matchUserId: "",
    targetModel: subject.toModel,
    targetProvider: providerOfModel(subject.toModel),
    share,
    sticky: "user",
    suggestionId: record.id,
    createdBy: userId,
    createdAt: now,
  };
}
