// What the gateway's routing rules did in a range, read from the runs' gateway attributes
// (promptmetrics.gateway.rule_id, rule_arm, cache, cache_saved_usd, requested_model): per rule its traffic,
// cost and cache figures, and the token sums of its target-arm runs by the model they asked for, which
// the API prices to say what the switch saved.
import { formatUtcDateTime } from "../params.ts";
import type { Store } from "../store.ts";

export interface RoutingStatsRequest {
  projectId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  signal?: AbortSignal | undefined;
}

export interface RuleTraffic {
  ruleId: string;
  runs: number;
  targetRuns: number;
  controlRuns: number;
  /** Runs with another or no arm recorded. */
  otherRuns: number;
  /** Exact decimal text of their known costs' sum. */
  costUsd: string;
  /** Runs answered from the response cache. */
  cacheHits: number;
  /** Runs that asked for the cache (hit or miss). */
  cacheLookups: number;
  /** Exact decimal text: what the hits would have cost. */
  cacheSavedUsd: string;
}

/** A rule's target-arm runs of one requested model, provider and UTC day: what they used and cost. */
export interface SwitchUsage {
  ruleId: string;
  /** The model the call asked for, before the rule moved it. */
  requestedModel: string;
  provider: string;
  /** YYYY-MM-DD, UTC: prices are in force by day. */
  day: string;
  runs: number;
  /** Runs without a known cost; their cost is not in costUsd. */
  unpricedRuns: number;
  inputTokens: bigint;
  outputTokens: bigint;
  cacheReadTokens: bigint;
  cacheWriteTokens: bigint;
  cacheWrite1hTokens: bigint;
  reasoningTokens: bigint;
  /** Exact decimal text of what they cost at the model they ran on. */
  costUsd: string;
}

const ATTR = (name: string) => `span_attributes['promptmetrics.gateway.${name}']`;

// FINAL: the newest revision of each run (a repriced cost). Only gateway runs carry a rule id.
const ROUTED_RUNS = `FROM spans FINAL
     WHERE project_id = {projectId:String} AND is_llm
       AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
       AND ${ATTR("rule_id")} != ''`;

// The sums are named sum_<column>: ClickHouse reads a column's name as the alias of the same name when
// there is one, so `sum(cost_usd) AS cost_usd` would nest the aggregate in itself.
function windowParams(request: RoutingStatsRequest) {
  return { projectId: request.projectId, from: formatUtcDateTime(request.from), to: formatUtcDateTime(request.to) };
}

/** One row per rule that had runs in the range. */
export async function sumTrafficByRoutingRule(store: Store, request: RoutingStatsRequest): Promise<RuleTraffic[]> {
  const rows = await store.query<{
    rule_id: string;
    runs: string;
    target_runs: string;
    control_runs: string;
    sum_cost_usd: string;
    cache_hits: string;
    cache_lookups: string;
    sum_cache_saved_usd: string;
  }>(
    `SELECT ${ATTR("rule_id")} AS rule_id,
            toString(count()) AS runs,
            toString(countIf(${ATTR("rule_arm")} = 'target')) AS target_runs,
            toString(countIf(${ATTR("rule_arm")} = 'control')) AS control_runs,
            toString(sum(ifNull(cost_usd, 0))) AS sum_cost_usd,
            toString(countIf(${ATTR("cache")} = 'hit')) AS cache_hits,
            toString(countIf(${ATTR("cache")} IN ('hit', 'miss'))) AS cache_lookups,
            toString(sum(toDecimal128OrZero(${ATTR("cache_saved_usd")}, 12))) AS sum_cache_saved_usd
     ${ROUTED_RUNS}
     GROUP BY rule_id
     ORDER BY rule_id`,
    windowParams(request),
    { tag: "sumTrafficByRoutingRule", signal: request.signal },
  );
  return rows.map((row) => {
    const runs = Number(row.runs);
    const targetRuns = Number(row.target_runs);
    const controlRuns = Number(row.control_runs);
    return {
      ruleId: row.rule_id,
      runs,
      targetRuns,
      controlRuns,
      otherRuns: runs - targetRuns - controlRuns,
      costUsd: row.sum_cost_usd,
      cacheHits: Number(row.cache_hits),
      cacheLookups: Number(row.cache_lookups),
      cacheSavedUsd: row.sum_cache_saved_usd,
    };
  });
}

/**
 * The target-arm runs of each rule by requested model, provider and UTC day, with their token sums and
 * cost. A run without requested_model was not moved (the rule's target was what it asked for) and is left
 * out, and so is a cache hit: it cost nothing on either model, and counted in the averages it would halve them.
 */
export async function sumSwitchUsageByRoutingRule(store: Store, request: RoutingStatsRequest): Promise<SwitchUsage[]> {
  const rows = await store.query<{
    rule_id: string;
    requested_model: string;
    provider: string;
    day: string;
    runs: string;
    unpriced_runs: string;
    sum_input_tokens: string;
    sum_output_tokens: string;
    sum_cache_read_tokens: string;
    sum_cache_write_tokens: string;
    sum_cache_write_1h_tokens: string;
    sum_reasoning_tokens: string;
    sum_cost_usd: string;
  }>(
    `SELECT ${ATTR("rule_id")} AS rule_id,
            ${ATTR("requested_model")} AS requested_model,
            provider,
            toString(toDate(start_time)) AS day,
            toString(count()) AS runs,
            toString(countIf(cost_usd IS NULL)) AS unpriced_runs,
            toString(sum(input_tokens)) AS sum_input_tokens,
            toString(sum(output_tokens)) AS sum_output_tokens,
            toString(sum(cache_read_tokens)) AS sum_cache_read_tokens,
            toString(sum(cache_write_tokens)) AS sum_cache_write_tokens,
            toString(sum(cache_write_1h_tokens)) AS sum_cache_write_1h_tokens,
            toString(sum(reasoning_tokens)) AS sum_reasoning_tokens,
            toString(sum(ifNull(cost_usd, 0))) AS sum_cost_usd
     ${ROUTED_RUNS}
       AND ${ATTR("rule_arm")} = 'target' AND ${ATTR("requested_model")} != ''
       AND ${ATTR("cache")} != 'hit'
     GROUP BY rule_id, requested_model, provider, day
     ORDER BY rule_id, requested_model, provider, day`,
    windowParams(request),
    { tag: "sumSwitchUsageByRoutingRule", signal: request.signal },
  );
  return rows.map((row) => ({
    ruleId: row.rule_id,
    requestedModel: row.requested_model,
    provider: row.provider,
    day: row.day,
    runs: Number(row.runs),
    unpricedRuns: Number(row.unpriced_runs),
    inputTokens: BigInt(row.sum_input_tokens),
    outputTokens: BigInt(row.sum_output_tokens),
    cacheReadTokens: BigInt(row.sum_cache_read_tokens),
    cacheWriteTokens: BigInt(row.sum_cache_write_tokens),
    cacheWrite1hTokens: BigInt(row.sum_cache_write_1h_tokens),
    reasoningTokens: BigInt(row.sum_reasoning_tokens),
    costUsd: row.sum_cost_usd,
  }));
}
