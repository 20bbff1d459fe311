// The savings calculator: what a project's window would have cost had part of some models' runs gone to
// other models, and optionally part of its traffic through the Batch API. Each move re-prices the matching
// runs' actual token totals, bucket by bucket (clickhouse's sumSavingsUsage: day, tier, geo, side of each
// long-context threshold), at the target model's price for that bucket (pricing's priceTotals), against
// what those runs were charged. Money is BigInt pico-dollars throughout; see docs/design/optimization.md.
import type { PrefixFigures, PricedModelCost, SavingsUsageGroup } from "@promptmetrics/clickhouse";
import {
  type AggregateCostResult,
  type Pricer,
  type PriceSource,
  type PricesPerMillion,
  type PriceTier,
  type ServiceTier,
} from "@promptmetrics/pricing";
import { isRegionalProcessing, toServiceTier } from "@promptmetrics/runs";
import { ValidationError } from "../http/errors.ts";
import { batchDiscounts } from "./batch-discount.ts";
import { prefixCachingGroups } from "./kinds/prompt-caching.ts";
import { SHARE_SCALE, shareMillionths, type SavingsRequest } from "./savings-schemas.ts";
import { formatUsd12, scalePico, toPico } from "./usd.ts";

const DAY_MS = 86_400_000;
const PERCENT = 100n;

/** The stored token columns of the matched runs, summed. */
export interface TokenSums {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
  cacheWrite12h: number;
  output: number;
  reasoning: number;
}

/** One price the target model was applied at, and what it came to. */
export interface PriceUsed {
  /** Start (UTC day) of the price period; null for an override that applies to every run. */
  periodFrom: string | null;
  source: PriceSource;
  serviceTier: ServiceTier;
  /** long_context when the runs' input was above the threshold. */
  tier: PriceTier;
  longContextAboveInputTokens: number | null;
  batchDiscountPercent: number | null;
  regionalUpliftPercent: number | null;
  /** USD per 1M tokens, before the batch discount and the regional uplift. */
  perMTok: PricesPerMillion;
  runs: number;
  /** These runs at this price, all of them (before the move's share). */
  projectedCostUsd: string;
}

export interface MoveSavings {
  fromModel: string;
  toModel: string;
  /** The model toModel resolves to (a catalogue id, a synced or custom model's name). */
  toModelId: string;
  share: number;
  prompt: string | null;
  promptVersion: string | null;
  /** Matching runs with a known cost: the ones re-priced. */
  matchedRuns: number;
  /** Matching runs without a known cost (an unknown model): left out, as their cost is. */
  unpricedRuns: number;
  tokens: TokenSums;
  /** What the matched runs cost. */
  currentCostUsd: string;
  /** What all of them would have cost at toModel. */
  projectedCostUsd: string;
  /** share × currentCostUsd, rounded half up to the pico-dollar. */
  movedCurrentCostUsd: string;
  /** share × projectedCostUsd, rounded the same way. */
  movedProjectedCostUsd: string;
  /** movedCurrentCostUsd − movedProjectedCostUsd (negative: the move costs more). */
  savingsUsd: string;
  prices: PriceUsed[];
  warnings: string[];
}

export interface BatchSavings {
  share: number;
  /** The standard-tier cost after the moves of runs whose model has a batch discount. */
  eligibleCostUsd: string;
  /** share × Σ discount × eligible cost, rounded once. */
  savingsUsd: string;
}

export interface CachingSavings {
  share: number;
  prompt: string | null;
  promptVersion: string | null;
  /** Runs of the prefixes counted (at least the model's cacheable length, sent more than once). */
  runs: number;
  /** Of them, the runs resent while a cache would still hold the prefix. */
  resendRuns: number;
  /** What caching every resend would save over the window (the prompt_caching formula), before the share. */
  eligibleSavingsUsd: string;
  /** share × eligibleSavingsUsd, rounded once. */
  savingsUsd: string;
}

export interface SavingsAnswer {
  projectId: string;
  from: Date;
  to: Date;
  windowDays: number;
  /** The project's LLM runs in the window, and those of them without a known cost. */
  runs: number;
  unpricedRuns: number;
  /** The window's known cost. */
  currentCostUsd: string;
  /** currentCostUsd − savingsUsd. */
  projectedCostUsd: string;
  /** The moves' savings plus the batch what-if's. */
  savingsUsd: string;
  /** savingsUsd × 30 days / the window's length. */
  monthlySavingsUsd: string;
  moves: MoveSavings[];
  batch: BatchSavings | null;
  caching: CachingSavings | null;
}

/** What the store must be asked: the long-context thresholds of every target model. 400 for a target no price knows. */
export function savingsTargets(request: SavingsRequest, pricer: Pricer): { toModelIds: string[]; thresholds: number[] } {
  const toModelIds = request.moves.map((move, i) => {
    const match = pricer.match(move.toModel);
    if (match === undefined) throw new ValidationError(`No price is known for model "${move.toModel}"`, `moves[${i}].toModel`);
    return match.modelId;
  });
  const thresholds = [...new Set(request.moves.flatMap((move) => pricer.longContextThresholds(move.toModel)))].sort((a, b) => a - b);
  return { toModelIds, thresholds };
}

export interface SavingsInput {
  request: SavingsRequest;
  pricer: Pricer;
  toModelIds: readonly string[];
  /** sumSavingsUsage's rows, asked with the thresholds savingsTargets gave. */
  groups: readonly SavingsUsageGroup[];
  /** sumCostByPricedModel's rows for the window. */
  projectCosts: readonly PricedModelCost[];
  /** listPrefixFigures' rows for the window, when the request has a caching what-if. */
  prefixes?: readonly PrefixFigures[];
}

export function computeSavings(input: SavingsInput): SavingsAnswer {
  const { request, pricer, groups } = input;
  const shares = request.moves.map((move) => shareMillionths(move.share) ?? 0n);
  checkOverlaps(groups, shares);
  const batchDiscount = batchDiscounts(pricer, request.from);

  // The batch what-if is worked out on exact products of pico-dollars × share millionths (and × percent
  // for its savings), rounded once at the end.
  let eligibleMillionths = 0n;
  let discountedMillionths = 0n;
  const eligibleRow = (priceSource: string, serviceTier: string, pricedModel: string) =>
    priceSource !== "caller" && toServiceTier(serviceTier) === "standard" ? batchDiscount(pricedModel) : 0n;
  let current = 0n;
  let runs = 0;
  let unpricedRuns = 0;
  for (const row of input.projectCosts) {
    runs += row.runs;
    unpricedRuns += row.unpricedRuns;
    const cost = toPico(row.costUsd);
    current += cost;
    const discount = eligibleRow(row.priceSource, row.serviceTier, row.pricedModel);
    if (discount > 0n) {
      eligibleMillionths += cost * SHARE_SCALE;
      discountedMillionths += cost * SHARE_SCALE * discount;
    }
  }

  const moves = request.moves.map((move, i): MoveSavings => {
    const share = shares[i] ?? 0n;
    const toDiscount = batchDiscount(move.toModel);
    const tokens: TokenSums = { input: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, cacheWrite12h: 0, output: 0, reasoning: 0 };
    const prices = new Map<string, PriceUsed & { pico: bigint }>();
    const warnings = new Set<string>();
    let matchedRuns = 0;
    let unpriced = 0;
    let moveCurrent = 0n;
    let moveProjected = 0n;
    for (const group of groups) {
      if (group.move !== i) continue;
      if (!group.priced) {
        unpriced += group.runs;
        continue;
      }
      matchedRuns += group.runs;
      for (const key of Object.keys(tokens) as (keyof TokenSums)[]) tokens[key] += Number(group.stored[key]);
      const cost = toPico(group.costUsd);
      const priced = priceGroup(pricer, move.toModel, group);
      moveCurrent += cost;
      moveProjected += priced.totalPico;
      for (const warning of priced.warnings) warnings.add(warning);
      addPriceUsed(prices, priced, group.runs);

      // The moved part leaves its batch discount behind and takes the target's.
      const discount = eligibleRow(group.priceSource, group.serviceTier, group.pricedModel);
      if (discount > 0n) {
        eligibleMillionths -= cost * share;
        discountedMillionths -= cost * share * discount;
      }
      if (toServiceTier(group.serviceTier) === "standard" && toDiscount > 0n) {
        eligibleMillionths += priced.totalPico * share;
        discountedMillionths += priced.totalPico * share * toDiscount;
      }
    }
    if (matchedRuns + unpriced === 0)
      warnings.add(`no runs of ${move.fromModel} in the window${move.prompt === undefined ? "" : " with this prompt"}`);
    const movedCurrent = scalePico(moveCurrent, share, SHARE_SCALE);
    const movedProjected = scalePico(moveProjected, share, SHARE_SCALE);
    return {
      fromModel: move.fromModel,
      toModel: move.toModel,
      toModelId: input.toModelIds[i] ?? move.toModel,
      share: move.share,
      prompt: move.prompt ?? null,
      promptVersion: move.promptVersion ?? null,
      matchedRuns,
      unpricedRuns: unpriced,
      tokens,
      currentCostUsd: formatUsd12(moveCurrent),
      projectedCostUsd: formatUsd12(moveProjected),
      movedCurrentCostUsd: formatUsd12(movedCurrent),
      movedProjectedCostUsd: formatUsd12(movedProjected),
      savingsUsd: formatUsd12(movedCurrent - movedProjected),
      prices: [...prices.values()].sort(byPeriodAndTier).map(({ pico, ...used }) => ({ ...used, projectedCostUsd: formatUsd12(pico) })),
      warnings: [...warnings],
    };
  });

  let savings = moves.reduce((sum, move) => sum + toPico(move.savingsUsd), 0n);
  let batch: BatchSavings | null = null;
  if (request.batch !== undefined) {
    const share = shareMillionths(request.batch.share) ?? 0n;
    const batchSavings = scalePico(discountedMillionths, share, SHARE_SCALE * SHARE_SCALE * PERCENT);
    batch = {
      share: request.batch.share,
      eligibleCostUsd: formatUsd12(scalePico(eligibleMillionths, 1n, SHARE_SCALE)),
      savingsUsd: formatUsd12(batchSavings),
    };
    savings += batchSavings;
  }
  let caching: CachingSavings | null = null;
  if (request.caching !== undefined) {
    const { share: shareValue, prompt, promptVersion } = request.caching;
    const groups = prefixCachingGroups(input.prefixes ?? [], pricer, request.to).filter(
      (group) =>
        (prompt === undefined || group.prompt === prompt) && (promptVersion === undefined || group.promptVersion === promptVersion),
    );
    const eligible = groups.reduce((sum, group) => sum + (group.windowSavingsPico > 0n ? group.windowSavingsPico : 0n), 0n);
    const cachingSavings = scalePico(eligible, shareMillionths(shareValue) ?? 0n, SHARE_SCALE);
    caching = {
      share: shareValue,
      prompt: prompt ?? null,
      promptVersion: promptVersion ?? null,
      runs: groups.reduce((sum, group) => sum + group.runs, 0),
      resendRuns: groups.reduce((sum, group) => sum + group.reuseRuns, 0),
      eligibleSavingsUsd: formatUsd12(eligible),
      savingsUsd: formatUsd12(cachingSavings),
    };
    savings += cachingSavings;
  }
  const windowMs = BigInt(request.to.getTime() - request.from.getTime());
  return {
    projectId: request.projectId,
    from: request.from,
    to: request.to,
    windowDays: Number(windowMs) / DAY_MS,
    runs,
    unpricedRuns,
    currentCostUsd: formatUsd12(current),
    projectedCostUsd: formatUsd12(current - savings),
    savingsUsd: formatUsd12(savings),
    monthlySavingsUsd: formatUsd12(scalePico(savings, 30n * BigInt(DAY_MS), windowMs)),
    moves,
    batch,
    caching,
  };
}

/** One bucket's runs at the target model: its price on their day, tier, geo and side of the threshold. */
function priceGroup(pricer: Pricer, toModel: string, group: SavingsUsageGroup): AggregateCostResult {
  const priced = pricer.priceTotals({
    model: toModel,
    at: new Date(`${group.day}T00:00:00Z`),
    serviceTier: toServiceTier(group.serviceTier),
    regionalProcessing: isRegionalProcessing(group.inferenceGeo),
    totals: {
      requests: BigInt(group.runs),
      tokens: group.billed,
      minRequestInputTokens: group.minRequestInputTokens,
      maxRequestInputTokens: group.maxRequestInputTokens,
    },
  });
  // savingsTargets refused a target no price knows, and prices are only ever added to.
  if (priced.status !== "priced") throw new Error(`no price for ${toModel}`);
  return priced;
}

function addPriceUsed(prices: Map<string, PriceUsed & { pico: bigint }>, priced: AggregateCostResult, runs: number): void {
  const used = {
    periodFrom: priced.periodFrom,
    source: priced.source,
    serviceTier: priced.serviceTier,
    tier: priced.tier,
    longContextAboveInputTokens: priced.longContextAboveInputTokens ?? null,
    batchDiscountPercent: priced.batchDiscountPercent ?? null,
    regionalUpliftPercent: priced.regionalUpliftPercent ?? null,
    perMTok: priced.prices,
  };
  const key = JSON.stringify(used);
  const seen = prices.get(key);
  if (seen) {
    seen.runs += runs;
    seen.pico += priced.totalPico;
  } else {
    prices.set(key, { ...used, runs, projectedCostUsd: "", pico: priced.totalPico });
  }
}

/** By period start (an undated override first), then service tier and input tier, by name. */
function byPeriodAndTier(a: PriceUsed, b: PriceUsed): number {
  const key = (p: PriceUsed) => [p.periodFrom ?? "", p.source, p.serviceTier, p.tier].join("|");
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * A run several moves match is moved by each of them; together they may not move more than all of it.
 * 400 naming the share of the last move of such a set.
 */
function checkOverlaps(groups: readonly SavingsUsageGroup[], shares: readonly bigint[]): void {
  const checked = new Set<string>();
  for (const group of groups) {
    const key = group.matchedMoves.join(",");
    if (group.matchedMoves.length < 2 || checked.has(key)) continue;
    checked.add(key);
    const total = group.matchedMoves.reduce((sum, i) => sum + (shares[i] ?? 0n), 0n);
    if (total > SHARE_SCALE) {
      const last = group.matchedMoves[group.matchedMoves.length - 1] ?? 0;
      const names = group.matchedMoves.map((i) => `moves[${i}]`).join(" and ");
      throw new ValidationError(
        `${names} re-price some of the same runs: their shares add up to ${formatShare(total)}, more than all of them`,
        `moves[${last}].share`,
      );
    }
  }
}

/** The batch discount (percent) of a model as the project's prices know it; 0 when none is known. */
function formatShare(millionths: bigint): string {
  const fraction = (millionths % SHARE_SCALE).toString().padStart(6, "0").replace(/0+$/, "");
  return `${millionths / SHARE_SCALE}${fraction === "" ? "" : `.${fraction}`}`;
}
