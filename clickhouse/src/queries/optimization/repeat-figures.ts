// Evidence for the suggestions about repeated work, from the content-free hashes every run can carry
// (migration 0015): duplicate requests (the same input to the same model, answered again) and shared
// prompt prefixes (caching). Runs without a hash are left out.
import { formatUtcDateTime } from "../../params.ts";
import type { Store } from "../../store.ts";

export interface DuplicateFigures {
  prompt: string;
  promptVersion: string;
  provider: string;
  model: string;
  /** Successful runs whose input (same model) was already answered in the window. */
  duplicateRuns: number;
  /** What those repeats cost (USD text). */
  duplicateCostUsd: string;
  /** Distinct inputs that were sent more than once. */
  repeatedInputs: number;
  /** Every successful run with a hash on this prompt and model, for the share. */
  hashedRuns: number;
}

/**
 * Per prompt, version and model: the successful runs after the first of each (input hash, model) group.
 * A failed run is no answer a cache could have kept, so failures are left out on both sides.
 */
export async function listDuplicateFigures(
  store: Store,
  { projectId, from, to }: { projectId: string; from: Date; to: Date },
): Promise<DuplicateFigures[]> {
  const rows = await store.query<{
    prompt_name: string;
    prompt_version: string;
    provider: string;
    model: string;
    duplicate_runs: string | number;
    duplicate_cost: string;
    repeated_inputs: string | number;
    hashed_runs: string | number;
  }>(
    `SELECT g_prompt AS prompt_name, g_version AS prompt_version, g_provider AS provider, g_model AS model,
            sum(n - 1) AS duplicate_runs, toString(sum(total - first)) AS duplicate_cost, countIf(n > 1) AS repeated_inputs,
            sum(n) AS hashed_runs
     FROM (
       SELECT input_hash, model AS g_model, any(prompt_name) AS g_prompt, any(prompt_version) AS g_version, any(provider) AS g_provider,
              count() AS n, sum(ifNull(cost_usd, 0)) AS total, argMin(ifNull(cost_usd, 0), start_time) AS first
       FROM llm_runs
       WHERE project_id = {projectId:String} AND input_hash != '' AND status = 'ok'
         AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
       GROUP BY input_hash, model
     )
     GROUP BY g_prompt, g_version, g_provider, g_model
     HAVING duplicate_runs > 0
     ORDER BY g_prompt, g_version, g_provider, g_model`,
    { projectId, from: formatUtcDateTime(from), to: formatUtcDateTime(to) },
    { tag: "listDuplicateFigures" },
  );
  return rows.map((row) => ({
    prompt: row.prompt_name,
    promptVersion: row.prompt_version,
    provider: row.provider,
    model: row.model,
    duplicateRuns: Number(row.duplicate_runs),
    duplicateCostUsd: row.duplicate_cost,
    repeatedInputs: Number(row.repeated_inputs),
    hashedRuns: Number(row.hashed_runs),
  }));
}

export interface PrefixFigures {
  prompt: string;
  promptVersion: string;
  provider: string;
  model: string;
  prefixHash: string;
  /** Runs that sent this prefix. */
  runs: number;
  /** The prefix's length in tokens (the largest seen: exact when the provider reported it). */
  prefixTokens: number;
  /** Runs that came within `reuseSeconds` of the previous run with the same prefix: a cache would still hold it. */
  reuseRuns: number;
  /** Cache reads those runs actually had, in tokens. */
  cacheReadTokens: number;
}

/**
 * Per prompt, version, model and shared prefix of at least `minTokens`: how often it was sent again while
 * a cache would still hold it, and how much was read from cache. Prefixes sent once are left out.
 */
export async function listPrefixFigures(
  store: Store,
  { projectId, from, to, minTokens, reuseSeconds }: { projectId: string; from: Date; to: Date; minTokens: number; reuseSeconds: number },
): Promise<PrefixFigures[]> {
  const rows = await store.query<{
    prompt_name: string;
    prompt_version: string;
    provider: string;
    model: string;
    prefix_hash: string;
    n_runs: string | number;
    n_tokens: string | number;
    n_reuse: string | number;
    n_reads: string;
  }>(
    `SELECT prompt_name, prompt_version, provider, model, prefix_hash, count() AS n_runs, max(prefix_tokens) AS n_tokens,
            countIf(gap_ms >= 0 AND gap_ms <= {reuseMs:UInt64}) AS n_reuse, toString(sum(cache_read_tokens)) AS n_reads
     FROM (
       SELECT prompt_name, prompt_version, provider, model, prefix_hash, prefix_tokens, cache_read_tokens,
              toUnixTimestamp64Milli(start_time)
                - lagInFrame(toUnixTimestamp64Milli(start_time), 1, toInt64(-1) - {reuseMs:UInt64})
                  OVER (PARTITION BY prefix_hash, model ORDER BY start_time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS gap_ms
       FROM llm_runs
       WHERE project_id = {projectId:String} AND prefix_hash != '' AND prefix_tokens >= {minTokens:UInt32}
         AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
     )
     GROUP BY prompt_name, prompt_version, provider, model, prefix_hash
     HAVING n_runs > 1
     ORDER BY prompt_name, prompt_version, provider, model, prefix_hash`,
    { projectId, from: formatUtcDateTime(from), to: formatUtcDateTime(to), minTokens, reuseMs: reuseSeconds * 1000 },
    { tag: "listPrefixFigures" },
  );
  return rows.map((row) => ({
    prompt: row.prompt_name,
    promptVersion: row.prompt_version,
    provider: row.provider,
    model: row.model,
    prefixHash: row.prefix_hash,
    runs: Number(row.n_runs),
    prefixTokens: Number(row.n_tokens),
    reuseRuns: Number(row.n_reuse),
    cacheReadTokens: Number(row.n_reads),
  }));
}
