// Making routing rules: from the API's body, or from an applied model_switch suggestion (prompt and
// version served by model A → model B, at the share the user picked).
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { catalogue } from "@promptmetrics/pricing";
import type { RoutingRule, SuggestionRecord } from "@promptmetrics/clickhouse";
import { ValidationError } from "../http/errors.ts";
import { dialectOfProvider, parseFallback } from "./routing.ts";
import type { RoutingRuleBody } from "./routing-schemas.ts";

/** The provider of a model the price catalogue knows by any of its names; '' when unknown. */
export function providerOfModel(model: string): string {
  const entry = catalogue.models.find((e) => e.id === model || e.snapshots?.includes(model) || e.aliases?.includes(model));
  return entry?.provider ?? "";
}

export function newRuleId(): string {
  return `rule_${randomUUID()}`;
}

/**
 * The rule a POST body describes. Its provider is the one given, else the catalogue's for its target
 * model or, without one, for its first known fallback; a fallback the catalogue places in the other API
 * dialect is refused, since a rule never sends a call there.
 */
export function ruleFromBody(body: z.output<typeof RoutingRuleBody>, by: { projectId: string; userId: string; now: Date }): RoutingRule {
  const fallbackModels = body.fallbackModels ?? [];
  const targetModel = body.targetModel ?? "";
  const known = [targetModel, ...fallbackModels.map((entry) => parseFallback(entry).model)]
    .filter(Boolean)
    .map(providerOfModel)
    .filter(Boolean);
  const targetProvider = body.targetProvider ?? (targetModel ? providerOfModel(targetModel) : (known[0] ?? ""));
  if (targetProvider) {
    const dialect = dialectOfProvider(targetProvider);
    const stranger = fallbackModels.find((entry) => {
      const provider = providerOfModel(parseFallback(entry).model);
      return provider !== "" && dialectOfProvider(provider) !== dialect;
    });
    if (stranger !== undefined)
      throw new ValidationError(
        `fallbackModels: ${stranger} speaks the ${dialect === "openai" ? "Anthropic" : "OpenAI"} API and this rule's calls the ${dialect === "openai" ? "OpenAI" : "Anthropic"} one; a rule never sends a call to the other API`,
        "fallbackModels",
      );
  }
  return {
    projectId: by.projectId,
    id: newRuleId(),
    name: body.name ?? "",
    matchPromptName: body.match.promptName ?? "",
    matchPromptVersion: body.match.promptVersion ?? "",
    matchModel: body.match.model ?? "",
    matchTags: body.match.tags ?? [],
    matchUserId: body.match.userId ?? "",
    targetModel,
    targetProvider,
    share: body.share ?? 1,
    sticky: body.sticky ?? "user",
    fallbackModels,
    cacheTtlSeconds: body.cacheTtlSeconds ?? 0,
    suggestionId: "",
    createdBy: by.userId,
    createdAt: by.now,
  };
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
    fallbackModels: [],
    cacheTtlSeconds: 0,
    suggestionId: record.id,
    createdBy: userId,
    createdAt: now,
  };
}
