-- A daily tier for the rollups the analytics routes read (issue #18): each hourly rollup gets a projection
-- with one row per UTC day and key, maintained by the engine with every part (inserts and merges), so the
-- ingest pays no materialized view for it. A 90-day read of rollup_user_hourly merged about 3.1M hourly rows
-- with their digests; the projection holds 24 times fewer. The optimizer reads it whenever a query
-- aggregates exactly these expressions, filtered on project_id, toStartOfDay(bucket) and the key columns
-- (clickhouse/src/queries/analytics/source.ts writes the whole UTC days of a range that way; EXPLAIN
-- projections = 1 shows "ReadFromMergeTree (daily)"). The digests are kept as the merged state
-- (quantilesTDigestMergeState) so they merge with hourly rows and raw spans at the ends of a range.
--
-- AggregatingMergeTree refuses projections unless a merge says what happens to them:
-- 'rebuild' builds the projection again from the merged rows, which for summed counters and digest
-- states is the same aggregation. MATERIALIZE PROJECTION fills it for the parts already stored (a
-- mutation; mutations_sync waits for it, seconds at 10M runs); ttft_ms_digest and unpriced_requests are
-- left out (no analytics query reads them per day).

ALTER TABLE rollup_model_hourly MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE rollup_model_hourly ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        provider, model,
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
    GROUP BY project_id, toStartOfDay(bucket), provider, model
);
ALTER TABLE rollup_model_hourly MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;
ALTER TABLE rollup_user_hourly MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE rollup_user_hourly ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        user_id,
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
    GROUP BY project_id, toStartOfDay(bucket), user_id
);
ALTER TABLE rollup_user_hourly MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;
ALTER TABLE rollup_prompt_hourly MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE rollup_prompt_hourly ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        prompt_name, prompt_version, model,
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
    GROUP BY project_id, toStartOfDay(bucket), prompt_name, prompt_version, model
);
ALTER TABLE rollup_prompt_hourly MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;
ALTER TABLE rollup_member_hourly MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE rollup_member_hourly ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        provider, model, ingest_key_id, created_by,
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
    GROUP BY project_id, toStartOfDay(bucket), provider, model, ingest_key_id, created_by
);
ALTER TABLE rollup_member_hourly MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;
