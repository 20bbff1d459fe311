// The JSON answer of the savings calculator (POST /api/optimization/savings).
import { z } from "zod";
import type { SavingsAnswer } from "../../optimization/savings.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

const usd = z.string().regex(/^-?\d+\.\d{12}$/, "USD with 12 decimals");
const tokens = z.number().int().min(0);
const perMTok = z.string().regex(/^\d+(\.\d{1,6})?$/, "USD per 1M tokens");

const PriceUsed = z
  .strictObject({
    periodFrom: z.string().nullable().describe("Start (UTC day) of the price period applied; null for an override of every run."),
    source: z.enum(["catalogue", "synced", "override", "custom"]),
    serviceTier: z
      .enum(["standard", "batch", "flex", "priority", "fast", "ultrafast"])
      .describe("The tier applied (one without a price falls back to standard)."),
    tier: z.enum(["standard", "long_context"]).describe("long_context when these runs' whole input was above the threshold."),
    longContextAboveInputTokens: z.number().int().nullable(),
    batchDiscountPercent: z.number().int().nullable().describe("Taken off every component when the runs ran on the batch tier."),
    regionalUpliftPercent: z.number().int().nullable().describe("Added to every component for runs processed in one region."),
    perMTok: z
      .strictObject({
        input: perMTok,
        cachedInput: perMTok,
        cacheWrite: perMTok.describe("The default-lifetime write (5 minutes on Anthropic, 30 on OpenAI)."),
        cacheWrite1h: perMTok,
        cacheWrite12h: perMTok,
        output: perMTok.describe("Also the price of reasoning tokens."),
      })
      .describe("The rates, USD per 1M tokens, before the batch discount and the uplift."),
    runs: z.number().int(),
    projectedCostUsd: usd.describe("These runs at this price, all of them (before the move's share)."),
  })
  .meta({ id: "SavingsPriceUsed" });

const MoveSavings = z
  .strictObject({
    fromModel: z.string(),
    toModel: z.string(),
    toModelId: z.string().describe("The model toModel resolves to."),
    share: z.number(),
    prompt: z.string().nullable(),
    promptVersion: z.string().nullable(),
    matchedRuns: z.number().int().describe("Matching runs with a known cost: the ones re-priced."),
    unpricedRuns: z.number().int().describe("Matching runs without a known cost, left out."),
    tokens: z
      .strictObject({
        input: tokens,
        cacheRead: tokens,
        cacheWrite: tokens,
        cacheWrite1h: tokens,
        cacheWrite12h: tokens,
        output: tokens,
        reasoning: tokens,
      })
      .describe("The matched runs' token columns, summed (input includes cache reads and writes, output reasoning)."),
    currentCostUsd: usd.describe("What the matched runs cost."),
    projectedCostUsd: usd.describe("What all of them would have cost at toModel."),
    movedCurrentCostUsd: usd.describe("share × currentCostUsd, rounded half up to the pico-dollar."),
    movedProjectedCostUsd: usd.describe("share × projectedCostUsd, rounded the same way."),
    savingsUsd: usd.describe("movedCurrentCostUsd − movedProjectedCostUsd; negative when the move costs more."),
    prices: z.array(PriceUsed).describe("Each price toModel was applied at, by period, then tier."),
    warnings: z.array(z.string()),
  })
  .meta({ id: "MoveSavings" });

export const SavingsResponse = z
  .strictObject({
    projectId: z.string(),
    from: Timestamp,
    to: Timestamp,
    windowDays: z.number(),
    runs: z.number().int().describe("The project's LLM runs in the window."),
    unpricedRuns: z.number().int().describe("Of them, the runs without a known cost."),
    currentCostUsd: usd.describe("The window's known cost."),
    projectedCostUsd: usd.describe("currentCostUsd − savingsUsd."),
    savingsUsd: usd.describe("The moves' savings plus the batch and caching what-ifs'."),
    monthlySavingsUsd: usd.describe("savingsUsd × 30 days / the window's length, rounded half up."),
    moves: z.array(MoveSavings),
    batch: z
      .strictObject({
        share: z.number(),
        eligibleCostUsd: usd.describe("Standard-tier cost, after the moves, of runs whose model has a batch discount."),
        savingsUsd: usd.describe("share × discount × eligibleCostUsd, rounded once."),
      })
      .nullable()
      .describe("null without a batch what-if."),
    caching: z
      .strictObject({
        share: z.number(),
        prompt: z.string().nullable(),
        promptVersion: z.string().nullable(),
        runs: z
          .number()
          .int()
          .describe("Runs of the shared prefixes counted (at least the model's cacheable length, sent more than once)."),
        resendRuns: z.number().int().describe("Of them, resent while a cache would still hold the prefix (within 5 minutes)."),
        eligibleSavingsUsd: usd.describe(
          "What caching every resend would save over the window, as the prompt_caching suggestion counts it.",
        ),
        savingsUsd: usd.describe("share × eligibleSavingsUsd, rounded once."),
      })
      .nullable()
      .describe("null without a caching what-if."),
  })
  .meta({ id: "Savings" });

export type OptimizationResponseChecks = [Expect<Agree<JsonOf<SavingsAnswer>, z.output<typeof SavingsResponse>>>];
