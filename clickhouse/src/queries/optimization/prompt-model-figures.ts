// The optimization engine's evidence: a project's LLM runs in a window, one row per (prompt, version,
// provider, model), with the figures every suggestion kind reads (runs, errors, costs, truncations,
// traffic nobody waits for, latency), and the ratings given to those runs. Costs are exact decimal text.
import { formatUtcDateTime } from "../../params.ts";
import type { Store } from "../../store.ts";

export interface PromptModelFigures {
  prompt: string;
  promptVersion: string;
  provider: string;
  model: string;
  runs: number;
  errors: number;
  /** Runs with no failing quality heuristic (quality_flags = 0: not empty, no refusal, valid JSON, not cut, no error). */
  qualityOkRuns: number;
  /** Sum of known costs (USD text); runs with no price add nothing. */
  costUsd: string;
  unpricedRuns: number;
  errorCostUsd: string;
  /** Cut off at the output limit (finish reason length / max_tokens). */
  truncatedRuns: number;
  truncatedCostUsd: string;
  /** Nobody waits for the answer: not streamed (no time to first token) and no end user, or a tag or service the project marks offline; not already batched. */
  offlineRuns: number;
  offlineCostUsd: string;
  /** Already on the batch tier. */
  batchRuns: number;
  /** Token sums of the runs (for estimates; exact re-pricing reads the buckets). */
  tokens: { input: number; cacheRead: number; cacheWrite: number; output: number; reasoning: number };
  p95LatencyMs: number;
  /** null when no run streamed. */
  p95TtftMs: number | null;
  ratedRuns: number;
  /** Mean rating (1-5) of the rated runs; null when none. */
  meanRating: number | null;
  /** Sample standard deviation of the ratings; null below 2 ratings. */
  ratingSd: number | null;
  /** Runs given a success verdict, and how many of those were successes. */
  judgedRuns: number;
  judgedSuccesses: number;
}

interface Row {
  prompt_name: string;
  prompt_version: string;
  provider: string;
  model: string;
  runs: string | number;
  errors: string | number;
  quality_ok_runs: string | number;
  cost_usd: string;
  unpriced_runs: string | number;
  error_cost_usd: string;
  truncated_runs: string | number;
  truncated_cost_usd: string;
  offline_runs: string | number;
  offline_cost_usd: string;
  batch_runs: string | number;
  input_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  output_tokens: string;
  reasoning_tokens: string;
  p95_latency_ms: number;
  p95_ttft_ms: number | null;
  rated_runs: string | number;
  mean_rating: number | null;
  rating_sd: number | null;
  judged_runs: string | number;
  judged_successes: string | number;
}

const TRUNCATED = "finish_reason IN ('length', 'max_tokens')";
// Nobody waits: not streamed and no end user, or a tag or service the project marks as offline; and not
// already on the batch tier.
const OFFLINE = `((ttft_ms IS NULL AND user_id = '') OR hasAny(tags, {offlineTags:Array(String)}) OR has({offlineServices:Array(String)}, service_name))
  AND service_tier != 'batch'`;

/**
 * The model without its release marker (pricing's RELEASE_SUFFIX, modelFamily): OpenAI answers
 * "gpt-4o-mini-2024-07-18" to a call for "gpt-4o-mini", and a failed call has no answer, so the run's model
 * (response, else requested) splits one model's calls in two. Grouped by family they stay together, and a
 * suggestion names the model as callers ask for it (a routing rule made from it then matches their calls).
 */
export const MODEL_FAMILY = "replaceRegexpOne(model, '-([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}|latest)$', '')";

export async function listPromptModelFigures(
  store: Store,
  {
    projectId,
    from,
    to,
    offlineTags = [],
    offlineServices = [],
  }: { projectId: string; from: Date; to: Date; offlineTags?: readonly string[]; offlineServices?: readonly string[] },
): Promise<PromptModelFigures[]> {
  const rows = await store.query<Row>(
    `WITH rated AS (
       SELECT prompt_name AS r_prompt, prompt_version AS r_version, ${MODEL_FAMILY} AS r_model,
              countIf(rating IS NOT NULL) AS r_rated, avgIf(rating, rating IS NOT NULL) AS r_mean,
              stddevSampIf(rating, rating IS NOT NULL) AS r_sd,
              countIf(success IS NOT NULL) AS r_judged, countIf(success = true) AS r_successes
       FROM feedback FINAL
       WHERE project_id = {projectId:String} AND is_deleted = 0
         AND run_start_time >= {from:DateTime64(9, 'UTC')} AND run_start_time < {to:DateTime64(9, 'UTC')}
       GROUP BY prompt_name, prompt_version, r_model
     ),
     ran AS (
       SELECT prompt_name AS g_prompt, prompt_version AS g_version, provider AS g_provider, ${MODEL_FAMILY} AS g_model,
              count() AS n_runs,
              countIf(status = 'error') AS n_errors,
              countIf(quality_flags = 0) AS n_quality_ok,
              toString(sum(ifNull(cost_usd, 0))) AS total_cost,
              countIf(cost_usd IS NULL) AS n_unpriced,
              toString(sumIf(ifNull(cost_usd, 0), status = 'error')) AS error_cost,
              countIf(${TRUNCATED}) AS n_truncated,
              toString(sumIf(ifNull(cost_usd, 0), ${TRUNCATED})) AS truncated_cost,
              countIf(${OFFLINE}) AS n_offline,
              toString(sumIf(ifNull(cost_usd, 0), ${OFFLINE})) AS offline_cost,
              countIf(service_tier = 'batch') AS n_batch,
              sum(input_tokens) AS t_input, sum(cache_read_tokens) AS t_cache_read, sum(cache_write_tokens) AS t_cache_write,
              sum(output_tokens) AS t_output, sum(reasoning_tokens) AS t_reasoning,
              quantile(0.95)(latency_ms) AS p95_latency,
              if(countIf(ttft_ms IS NOT NULL) = 0, NULL, quantileIf(0.95)(ttft_ms, ttft_ms IS NOT NULL)) AS p95_ttft
       FROM llm_runs
       WHERE project_id = {projectId:String}
         AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
       GROUP BY prompt_name, prompt_version, provider, g_model
     )
     SELECT g_prompt AS prompt_name, g_version AS prompt_version, g_provider AS provider, g_model AS model,
            n_runs AS runs, n_errors AS errors, n_quality_ok AS quality_ok_runs, total_cost AS cost_usd, n_unpriced AS unpriced_runs, error_cost AS error_cost_usd,
            n_truncated AS truncated_runs, truncated_cost AS truncated_cost_usd, n_offline AS offline_runs,
            offline_cost AS offline_cost_usd, n_batch AS batch_runs,
            toString(t_input) AS input_tokens, toString(t_cache_read) AS cache_read_tokens, toString(t_cache_write) AS cache_write_tokens,
            toString(t_output) AS output_tokens, toString(t_reasoning) AS reasoning_tokens, p95_latency AS p95_latency_ms, p95_ttft AS p95_ttft_ms,
            ifNull(r_rated, 0) AS rated_runs, if(ifNull(r_rated, 0) = 0, NULL, r_mean) AS mean_rating,
            if(ifNull(r_rated, 0) < 2, NULL, r_sd) AS rating_sd,
            ifNull(r_judged, 0) AS judged_runs, ifNull(r_successes, 0) AS judged_successes
     FROM ran
     LEFT JOIN rated ON r_prompt = g_prompt AND r_version = g_version AND r_model = g_model
     ORDER BY g_prompt, g_version, g_provider, g_model
     SETTINGS join_use_nulls = 1`,
    {
      projectId,
      from: formatUtcDateTime(from),
      to: formatUtcDateTime(to),
      offlineTags: [...offlineTags],
      offlineServices: [...offlineServices],
    },
    { tag: "listPromptModelFigures" },
  );
  return rows.map((row) => ({
    prompt: row.prompt_name,
    promptVersion: row.prompt_version,
    provider: row.provider,
    model: row.model,
    runs: Number(row.runs),
    errors: Number(row.errors),
    qualityOkRuns: Number(row.quality_ok_runs),
    costUsd: row.cost_usd,
    unpricedRuns: Number(row.unpriced_runs),
    errorCostUsd: row.error_cost_usd,
    truncatedRuns: Number(row.truncated_runs),
    truncatedCostUsd: row.truncated_cost_usd,
    offlineRuns: Number(row.offline_runs),
    offlineCostUsd: row.offline_cost_usd,
    batchRuns: Number(row.batch_runs),
    tokens: {
      input: Number(row.input_tokens),
      cacheRead: Number(row.cache_read_tokens),
      cacheWrite: Number(row.cache_write_tokens),
      output: Number(row.output_tokens),
      reasoning: Number(row.reasoning_tokens),
    },
    p95LatencyMs: Number(row.p95_latency_ms),
    p95TtftMs: row.p95_ttft_ms === null ? null : Number(row.p95_ttft_ms),
    ratedRuns: Number(row.rated_runs),
    meanRating: row.mean_rating === null ? null : Number(row.mean_rating),
    ratingSd: row.rating_sd === null ? null : Number(row.rating_sd),
    judgedRuns: Number(row.judged_runs),
    judgedSuccesses: Number(row.judged_successes),
  }));
}
