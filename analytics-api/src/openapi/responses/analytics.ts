// The JSON answers of the analytics routes (/api/analytics/{overview,costs,trends,models,success-rate,users,prompts}).
import { DIMENSIONS, GRANULARITIES, type Source as StoreSource } from "@promptmetrics/clickhouse/analytics";
import { z } from "zod";
import type * as answers from "../../analytics/index.ts";
import { FIGURE_NAMES } from "../../analytics/figures.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

const count = z.number().int();
const nullableNumber = z.number().nullable();

export const Granularity = z.enum(GRANULARITIES).meta({ id: "Granularity" });
export const Dimension = z.enum(DIMENSIONS).meta({ id: "Dimension" });
export const RunStatus = z.enum(["ok", "error"]).meta({ id: "RunStatus" });
export const Source = z
  .enum(["rollup_model_hourly", "rollup_user_hourly", "rollup_prompt_hourly", "rollup_member_hourly", "raw"])
  .meta({ id: "Source" });
export const FigureName = z.enum(FIGURE_NAMES).meta({ id: "FigureName" });

export const Meta = z
  .strictObject({
    projectId: z.string(),
    from: Timestamp.describe("The resolved range as UTC timestamps; `to` is exclusive."),
    to: Timestamp,
    timeZone: z.string(),
    granularity: Granularity,
    sources: z.array(Source).describe("Where the figures were read from, once each."),
  })
  .meta({ id: "Meta" });

export const Figures = z
  .strictObject({
    requests: count,
    errors: count,
    errorRate: nullableNumber,
    inputTokens: count.describe("All input, cached included."),
    outputTokens: count.describe("All output, reasoning included."),
    cacheReadTokens: count,
    cacheWriteTokens: count,
    reasoningTokens: count,
    costUsd: z.number(),
    avgLatencyMs: nullableNumber,
    p50LatencyMs: nullableNumber,
    p95LatencyMs: nullableNumber,
    avgTtftMs: nullableNumber,
    successRate: nullableNumber,
    avgRating: nullableNumber,
    ratedRuns: count,
    qualityRate: nullableNumber.describe(
      "Heuristic quality: the share of qualityRuns with no failing heuristic (quality_flags = 0: not empty_output, refusal, " +
        "invalid_json, truncated or error). Null when no run's quality is known.",
    ),
    qualityRuns: count.describe(
      "The runs qualityRate is measured over: every run except runs read from rollup rows written before migration 0017 " +
        "(not known until `promptmetrics rebuild-rollups` covers their months). Below requests when part of the range is not known.",
    ),
  })
  .meta({
    id: "Figures",
    description: "The figures every analytics answer reports for a set of runs. Rates and averages over no runs are null.",
  });

export const OverviewResponse = z
  .strictObject({ meta: Meta, totals: Figures, previous: Figures, previousRange: z.strictObject({ from: Timestamp, to: Timestamp }) })
  .meta({ id: "OverviewResponse" });

export const CostGroup = z
  .strictObject({
    key: z.string().describe('"" for runs without a value. For `member`, the owner\'s user id.'),
    costUsd: z.number(),
    share: nullableNumber.describe("0..1; null when the total is 0."),
    requests: count,
    inputTokens: count,
    outputTokens: count,
    email: z.string().nullable().optional().describe("For `member`: the member's email."),
    name: z.string().nullable().optional().describe("For `member`: the member's name."),
  })
  .meta({ id: "CostGroup" });

export const CostsResponse = z
  .strictObject({
    meta: Meta,
    groupBy: Dimension,
    totalCostUsd: z.number(),
    totalRequests: count,
    groups: z.array(CostGroup),
    truncated: z.boolean(),
    otherCostUsd: nullableNumber.describe("Null for tags (groups overlap)."),
  })
  .meta({ id: "CostsResponse" });

export const TrendSeries = z
  .strictObject({
    kind: z.enum(["total", "group", "other"]),
    key: z.string().nullable(),
    label: z.string().nullable().optional(),
    points: z.array(z.strictObject({ bucket: Timestamp, value: nullableNumber })),
  })
  .meta({ id: "TrendSeries" });

export const TrendsResponse = z
  .strictObject({ meta: Meta, metric: FigureName, splitBy: Dimension.nullable(), series: z.array(TrendSeries) })
  .meta({ id: "TrendsResponse" });

export const ModelRow = Figures.extend({
  provider: z.string(),
  model: z.string(),
  costPer1kRequests: nullableNumber,
  costPer1MTokens: nullableNumber,
  tokensPerRequest: nullableNumber,
}).meta({ id: "ModelRow" });

export const ModelsResponse = z.strictObject({ meta: Meta, models: z.array(ModelRow) }).meta({ id: "ModelsResponse" });

export const QualityFigures = Figures.pick({
  requests: true,
  errors: true,
  successRate: true,
  avgRating: true,
  ratedRuns: true,
  qualityRate: true,
  qualityRuns: true,
}).meta({ id: "QualityFigures" });

export const SuccessRateResponse = z
  .strictObject({
    meta: Meta,
    totals: QualityFigures,
    series: z.array(QualityFigures.extend({ bucket: Timestamp })),
    byModel: z.array(QualityFigures.extend({ model: z.string() })),
    byPrompt: z.array(QualityFigures.extend({ prompt: z.string() })),
    byPromptVersion: z.array(QualityFigures.extend({ prompt: z.string(), version: z.string() })),
  })
  .meta({ id: "SuccessRateResponse" });

export const UsersResponse = z
  .strictObject({
    meta: Meta,
    byUser: z.array(Figures.extend({ userId: z.string() })),
    byMember: z.array(Figures.extend({ memberId: z.string(), email: z.string().nullable(), name: z.string().nullable() })),
  })
  .meta({ id: "UsersResponse" });

export const PromptVersionRow = Figures.extend({
  prompt: z.string(),
  version: z.string(),
  costPerRun: nullableNumber,
  tokensPerRun: nullableNumber,
}).meta({ id: "PromptVersionRow" });

export const PromptsResponse = z
  .strictObject({
    meta: Meta,
    prompts: z.array(PromptVersionRow),
    comparison: z.strictObject({ prompt: z.string(), versions: z.tuple([PromptVersionRow, PromptVersionRow]) }).nullable(),
  })
  .meta({ id: "PromptsResponse" });

export type AnalyticsChecks = [
  Expect<Agree<StoreSource, z.output<typeof Source>>>,
  Expect<Agree<answers.FigureName, z.output<typeof FigureName>>>,
  Expect<Agree<JsonOf<answers.Meta>, z.output<typeof Meta>>>,
  Expect<Agree<JsonOf<answers.Figures>, z.output<typeof Figures>>>,
  Expect<Agree<JsonOf<answers.OverviewResponse>, z.output<typeof OverviewResponse>>>,
  Expect<Agree<JsonOf<answers.CostsResponse>, z.output<typeof CostsResponse>>>,
  Expect<Agree<JsonOf<answers.TrendsResponse>, z.output<typeof TrendsResponse>>>,
  Expect<Agree<JsonOf<answers.ModelsResponse>, z.output<typeof ModelsResponse>>>,
  Expect<Agree<JsonOf<answers.SuccessRateResponse>, z.output<typeof SuccessRateResponse>>>,
  Expect<Agree<JsonOf<answers.UsersResponse>, z.output<typeof UsersResponse>>>,
  Expect<Agree<JsonOf<answers.PromptsResponse>, z.output<typeof PromptsResponse>>>,
];
