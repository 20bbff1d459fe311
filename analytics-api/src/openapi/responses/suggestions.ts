// The JSON answers of the suggestion routes (the optimization engine).
import { z } from "zod";
import type { SuggestionView } from "../../optimization/suggestion-views.ts";
import type { OptimizationSettingsView } from "../../optimization/settings-router.ts";
import type { SuggestionList } from "../../optimization/suggestions-router.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

const usd = z.string().regex(/^-?\d+\.\d{9}$/, "USD with 9 decimals");
const level = z.enum(["high", "medium", "low"]);

const RealizedSide = z.strictObject({
  from: Timestamp,
  to: Timestamp,
  runs: z.number().int(),
  errors: z.number().int(),
  costUsd: usd,
  costPerRunUsd: usd.nullable(),
  successRate: z.number().nullable(),
  meanRating: z.number().nullable(),
});

const RealizedSavingsShape = z
  .strictObject({
    before: RealizedSide.describe("The subject's traffic in the suggestion's window before it was applied."),
    since: RealizedSide.describe("Its traffic since."),
    monthlySavingsUsd: usd
      .nullable()
      .describe("(cost per run before − since) × runs since, scaled to 30 days; null until both sides have runs."),
  })
  .meta({ id: "RealizedSavings" });

export const Suggestion = z
  .strictObject({
    id: z.string().describe("Stable per project, kind and subject: a recomputation updates it."),
    projectId: z.string(),
    type: z.enum(["cost", "performance", "quality"]),
    kind: z
      .string()
      .describe(
        "model_switch, prompt_caching, batch_api, duplicate_requests, error_waste, truncation, unknown_price or slow_model (see docs/design/optimization.md).",
      ),
    title: z.string(),
    description: z.string(),
    monthlySavingsUsd: usd.describe("What the window's traffic would have saved, scaled to 30 days."),
    confidence: level,
    impact: level.describe("Savings against the project's monthly cost (high from 10%, medium from 2%), or the share of runs affected."),
    evidenceKind: z.string().describe("measured (both sides ran), untested, observed or projected."),
    evidence: z.record(z.string(), z.unknown()).describe("The figures behind it; their fields depend on the kind."),
    status: z.enum(["active", "dismissed", "applied"]),
    subject: z.record(z.string(), z.string()).describe("What it is about: prompt, promptVersion, model, toModel, provider."),
    current: z.boolean().describe("false when the last recomputation no longer found it."),
    statusChangedAt: Timestamp.nullable(),
    statusChangedBy: z.string().describe('The user who applied or dismissed it, or "engine" when a recomputation reopened it.'),
    dismissReason: z.string(),
    windowDays: z.number().int(),
    computedAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    realized: RealizedSavingsShape.nullable().describe("Applied suggestions: what really changed since."),
  })
  .meta({ id: "Suggestion" });

const listShape = {
  items: z.array(Suggestion).describe("Sorted by monthly savings, largest first."),
  totals: z.strictObject({ monthlySavingsUsd: usd.describe("Of the active suggestions listed."), active: z.number().int() }),
};

export const SuggestionListResponse = z.strictObject(listShape).meta({ id: "SuggestionList" });

export const RefreshedSuggestions = z
  .strictObject({
    ...listShape,
    refresh: z.strictObject({
      findings: z.number().int().describe("What the recomputation found."),
      written: z.number().int().describe("Suggestions it added or changed."),
      tookMs: z.number().int(),
    }),
  })
  .meta({ id: "RefreshedSuggestions" });

export const OptimizationSettings = z
  .strictObject({
    projectId: z.string(),
    windowDays: z.number().int(),
    offlineTags: z.array(z.string()),
    offlineServices: z.array(z.string()),
    updatedAt: Timestamp.nullable().describe("null while the project uses the defaults."),
    updatedBy: z.string(),
  })
  .meta({ id: "OptimizationSettings" });

export type SuggestionResponseChecks = [
  Expect<Agree<JsonOf<OptimizationSettingsView>, z.output<typeof OptimizationSettings>>>,
  Expect<Agree<JsonOf<SuggestionView>, z.output<typeof Suggestion>>>,
  Expect<Agree<JsonOf<SuggestionList>, z.output<typeof SuggestionListResponse>>>,
];
