-- A coarser daily projection of rollup_prompt_hourly: per prompt and version, without the model (issue #18).
-- The prompt rollup's key includes the model, so its daily projection (0030) is barely smaller than the
-- hourly rows at 10M runs (about 14,000 prompt x version x model keys a day against 660 rows an hour).
-- The prompts and success-rate tables group by prompt or prompt and version only; a daily read groups by
-- the columns it uses (source.ts), and the optimizer takes the projection with the fewest rows that
-- answers it: this one, about 800 keys a day. Reads by or filtered on model still use 0030's.
ALTER TABLE rollup_prompt_hourly ADD PROJECTION IF NOT EXISTS daily_versions
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        prompt_name, prompt_version,
        sum(requests),
        sum(errors),
        sum(input_tokens),
        sum(output_tokens),
        sum(cache_read_tokens),
        sum(cache_write_tokens),
        sum(reasoning_tokens),
        sum(cost_usd),
        sum(latency_ms_sum),
        sum(ttft_ms_sum),
        sum(ttft_count),
        sum(quality_runs),
        sum(quality_ok_runs),
        quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)
    GROUP BY project_id, toStartOfDay(bucket), prompt_name, prompt_version
);
ALTER TABLE rollup_prompt_hourly MATERIALIZE PROJECTION daily_versions SETTINGS mutations_sync = 2;
