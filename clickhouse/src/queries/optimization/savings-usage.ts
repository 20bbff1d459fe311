// The savings calculator's evidence, summed in the store rather than read run by run: the token totals of
// the runs each move would re-price, grouped by everything that changes a price (the UTC day, which holds
// every price period's start; the service tier; where the call was processed; which side of each
// long-context threshold its whole input falls on), and the project's current cost by priced model.
// The billed components are clamped run by run exactly as pricing's billableTokens does, so the sums can
// be priced as totals.
import { formatUtcDateTime } from "../../params.ts";
import type { Store } from "../../store.ts";

export interface SavingsMoveFilter {
  /** Matches a run whose model (response model, else requested) or priced model is this name. */
  fromModel: string;
  /** Only runs of this prompt name; all when undefined. */
  prompt?: string | undefined;
  /** Only runs of this prompt version; all when undefined. */
  promptVersion?: string | undefined;
}

export interface SavingsUsageRequest {
  projectId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  moves: readonly SavingsMoveFilter[];
  /** Input-token thresholds (any order): runs are grouped by how many of them their whole input is above. */
  thresholds: readonly number[];
  signal?: AbortSignal | undefined;
}

/** Sums of the billed components, run by run clamped as pricing's billableTokens clamps them. */
export interface BilledTokenSums {
  uncachedInput: bigint;
  cacheRead: bigint;
  cacheWriteDefault: bigint;
  cacheWrite1h: bigint;
  cacheWrite12h: bigint;
  visibleOutput: bigint;
  reasoning: bigint;
}

/** The token columns as stored, summed. */
export interface StoredTokenSums {
  input: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  cacheWrite1h: bigint;
  cacheWrite12h: bigint;
  output: bigint;
  reasoning: bigint;
}

export interface SavingsUsageGroup {
  /** The move (index into the request's moves) these runs are summed for. */
  move: number;
  /** Every move whose filter these runs match, ascending (a run can match more than one). */
  matchedMoves: number[];
  /** UTC day of the runs' start, YYYY-MM-DD. */
  day: string;
  serviceTier: string;
  inferenceGeo: string;
  pricedModel: string;
  priceSource: string;
  /** false: the runs have no known cost (an unknown model). */
  priced: boolean;
  /** How many of the thresholds (sorted ascending) every one of these runs' whole input is above. */
  band: number;
  runs: number;
  stored: StoredTokenSums;
  billed: BilledTokenSums;
  minRequestInputTokens: bigint;
  maxRequestInputTokens: bigint;
  /** Exact decimal text of their costs' sum (0 for unpriced runs). */
  costUsd: string;
}

export interface UsageRow {
  move: number;
  matched_moves: number[];
  day: string;
  service_tier: string;
  inference_geo: string;
  priced_model: string;
  price_source: string;
  priced: number | boolean;
  band: number;
  runs: string;
  sum_input_tokens: string;
  sum_cache_read_tokens: string;
  sum_cache_write_tokens: string;
  sum_cache_write_1h_tokens: string;
  sum_cache_write_12h_tokens: string;
  sum_output_tokens: string;
  sum_reasoning_tokens: string;
  billed_uncached_input: string;
  billed_cache_write_default: string;
  billed_visible_output: string;
  min_request_input: string;
  max_request_input: string;
  sum_cost_usd: string;
}

// Run by run, as pricing's billableTokens: default-lifetime writes are the writes minus the 1-hour and
// 12-hour ones, uncached input the input minus reads and writes, visible output the output minus
// reasoning, each at least 0 (the columns are UInt64: a subtraction below 0 would wrap, hence the ifs).
export const BILLED_COLUMNS = `
    if(cache_write_tokens > cache_write_1h_tokens + cache_write_12h_tokens,
       cache_write_tokens - cache_write_1h_tokens - cache_write_12h_tokens, 0) AS write_default,
    cache_read_tokens + write_default + cache_write_1h_tokens + cache_write_12h_tokens AS read_and_written,
    if(input_tokens > read_and_written, input_tokens - read_and_written, 0) AS uncached_input,
    uncached_input + read_and_written AS request_input,
    if(output_tokens > reasoning_tokens, output_tokens - reasoning_tokens, 0) AS visible_output`;

/** The bucket's threshold band and sums, over rows that have the billed columns above. */
export const BUCKET_AGGREGATES = `arrayCount(t -> request_input > t, {thresholds:Array(UInt64)}) AS band,
    toString(count()) AS runs,
    toString(sum(input_tokens)) AS sum_input_tokens,
    toString(sum(cache_read_tokens)) AS sum_cache_read_tokens,
    toString(sum(cache_write_tokens)) AS sum_cache_write_tokens,
    toString(sum(cache_write_1h_tokens)) AS sum_cache_write_1h_tokens,
    toString(sum(cache_write_12h_tokens)) AS sum_cache_write_12h_tokens,
    toString(sum(output_tokens)) AS sum_output_tokens,
    toString(sum(reasoning_tokens)) AS sum_reasoning_tokens,
    toString(sum(uncached_input)) AS billed_uncached_input,
    toString(sum(write_default)) AS billed_cache_write_default,
    toString(sum(visible_output)) AS billed_visible_output,
    toString(min(request_input)) AS min_request_input,
    toString(max(request_input)) AS max_request_input,
    toString(sum(ifNull(cost_usd, 0))) AS sum_cost_usd`;

const MATCHED_MOVES = `
    arrayFilter(i -> (model = {fromModels:Array(String)}[i] OR priced_model = {fromModels:Array(String)}[i])
                     AND ({prompts:Array(String)}[i] = '' OR prompt_name = {prompts:Array(String)}[i])
                     AND ({promptVersions:Array(String)}[i] = '' OR prompt_version = {promptVersions:Array(String)}[i]),
                range(1, length({fromModels:Array(String)}) + 1)) AS matched`;

/** One row per move and price bucket of the runs that move re-prices. */
export async function sumSavingsUsage(store: Store, request: SavingsUsageRequest): Promise<SavingsUsageGroup[]> {
  if (request.moves.length === 0) return [];
  const rows = await store.query<UsageRow>(
    `SELECT move_number - 1 AS move,
            arrayMap(i -> i - 1, matched) AS matched_moves,
            toString(toDate(start_time)) AS day,
            service_tier, inference_geo, priced_model, price_source,
            cost_usd IS NOT NULL AS priced,
            ${BUCKET_AGGREGATES}
     FROM (
       SELECT start_time, service_tier, inference_geo, priced_model, price_source, cost_usd,
              input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, cache_write_12h_tokens,
              output_tokens, reasoning_tokens, ${BILLED_COLUMNS}, ${MATCHED_MOVES}
       FROM spans FINAL
       WHERE project_id = {projectId:String} AND is_llm
         AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
         AND (model IN {fromModels:Array(String)} OR priced_model IN {fromModels:Array(String)})
     )
     ARRAY JOIN matched AS move_number
     GROUP BY move, matched_moves, day, service_tier, inference_geo, priced_model, price_source, priced, band
     ORDER BY move, day, service_tier, inference_geo, priced_model, price_source, priced, band, matched_moves`,
    {
      projectId: request.projectId,
      from: formatUtcDateTime(request.from),
      to: formatUtcDateTime(request.to),
      fromModels: request.moves.map((m) => m.fromModel),
      prompts: request.moves.map((m) => m.prompt ?? ""),
      promptVersions: request.moves.map((m) => m.promptVersion ?? ""),
      thresholds: [...new Set(request.thresholds)].sort((a, b) => a - b),
    },
    { tag: "sumSavingsUsage", signal: request.signal },
  );
  return rows.map(toUsageGroup);
}

export interface PricedModelCost {
  pricedModel: string;
  priceSource: string;
  serviceTier: string;
  runs: number;
  /** Runs with no known cost (an unknown model); they add nothing to costUsd. */
  unpricedRuns: number;
  /** Exact decimal text. */
  costUsd: string;
}

/** A project's LLM runs in a window: their count and known cost by priced model, price source and service tier. */
export async function sumCostByPricedModel(
  store: Store,
  request: { projectId: string; from: Date; to: Date; signal?: AbortSignal | undefined },
): Promise<PricedModelCost[]> {
  const rows = await store.query<{
    priced_model: string;
    price_source: string;
    service_tier: string;
    runs: string;
    unpriced_runs: string;
    sum_cost_usd: string;
  }>(
    `SELECT priced_model, price_source, service_tier,
            toString(count()) AS runs,
            toString(countIf(cost_usd IS NULL)) AS unpriced_runs,
            toString(sum(ifNull(cost_usd, 0))) AS sum_cost_usd
     FROM spans FINAL
     WHERE project_id = {projectId:String} AND is_llm
       AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
     GROUP BY priced_model, price_source, service_tier
     ORDER BY priced_model, price_source, service_tier`,
    { projectId: request.projectId, from: formatUtcDateTime(request.from), to: formatUtcDateTime(request.to) },
    { tag: "sumCostByPricedModel", signal: request.signal },
  );
  return rows.map((row) => ({
    pricedModel: row.priced_model,
    priceSource: row.price_source,
    serviceTier: row.service_tier,
    runs: Number(row.runs),
    unpricedRuns: Number(row.unpriced_runs),
    costUsd: row.sum_cost_usd,
  }));
}

/** A bucket row as a SavingsUsageGroup. */
export function toUsageGroup(row: UsageRow): SavingsUsageGroup {
  return {
    move: Number(row.move),
    matchedMoves: row.matched_moves.map(Number),
    day: row.day,
    serviceTier: row.service_tier,
    inferenceGeo: row.inference_geo,
    pricedModel: row.priced_model,
    priceSource: row.price_source,
    priced: row.priced === true || Number(row.priced) === 1,
    band: Number(row.band),
    runs: Number(row.runs),
    stored: {
      input: BigInt(row.sum_input_tokens),
      cacheRead: BigInt(row.sum_cache_read_tokens),
      cacheWrite: BigInt(row.sum_cache_write_tokens),
      cacheWrite1h: BigInt(row.sum_cache_write_1h_tokens),
      cacheWrite12h: BigInt(row.sum_cache_write_12h_tokens),
      output: BigInt(row.sum_output_tokens),
      reasoning: BigInt(row.sum_reasoning_tokens),
    },
    billed: {
      uncachedInput: BigInt(row.billed_uncached_input),
      cacheRead: BigInt(row.sum_cache_read_tokens),
      cacheWriteDefault: BigInt(row.billed_cache_write_default),
      cacheWrite1h: BigInt(row.sum_cache_write_1h_tokens),
      cacheWrite12h: BigInt(row.sum_cache_write_12h_tokens),
      visibleOutput: BigInt(row.billed_visible_output),
      reasoning: BigInt(row.sum_reasoning_tokens),
    },
    minRequestInputTokens: BigInt(row.min_request_input),
    maxRequestInputTokens: BigInt(row.max_request_input),
    costUsd: row.sum_cost_usd,
  };
}
