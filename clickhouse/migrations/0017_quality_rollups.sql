-- Heuristic quality in the hourly rollups the analytics figures read (issue #15): per row, quality_runs, the
-- runs whose quality_flags (migration 0015) the row counted, and quality_ok_runs, those of them with no
-- failing heuristic (quality_flags = 0). qualityRate = sum(quality_ok_runs) / sum(quality_runs).
--
-- Rows the views wrote before this migration read 0 and 0: their runs' quality is not known to the rollup,
-- so the figure leaves them out instead of counting them as passing (or failing); a range with nothing
-- but such rows has no quality rate. `promptmetrics rebuild-rollups --from <date> --to <date>` recomputes
-- past months with the views below and fills both columns. (It counts spans as they are stored: runs
-- written before migration 0015 carry quality_flags 0, "not known" there, and a rebuild counts them as
-- passing, as raw spans do; storage.md.)
--
-- The views change in place (MODIFY QUERY), never DROP and CREATE: on a live install inserts into spans
-- go on throughout, and a run inserted between the ADD COLUMN and the MODIFY QUERY is counted in every
-- other column with quality_runs 0 (not known), not lost. The SELECTs are 0002's with the two counts added.
ALTER TABLE rollup_model_hourly ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

ALTER TABLE rollup_user_hourly ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

ALTER TABLE rollup_prompt_hourly ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

ALTER TABLE rollup_model_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    provider,
    model,
    count() AS requests,
    countIf(status_code = 'error') AS errors,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    countIf(spans.cost_usd IS NULL) AS unpriced_requests,
    sum(duration_ns / 1e6) AS latency_ms_sum,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6)) AS latency_ms_digest,
    sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    countIf(ttft_ms IS NOT NULL) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model;

ALTER TABLE rollup_user_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    user_id,
    count() AS requests,
    countIf(status_code = 'error') AS errors,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    countIf(spans.cost_usd IS NULL) AS unpriced_requests,
    sum(duration_ns / 1e6) AS latency_ms_sum,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6)) AS latency_ms_digest,
    sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    countIf(ttft_ms IS NOT NULL) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, user_id;

ALTER TABLE rollup_prompt_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    prompt_name,
    prompt_version,
    model,
    count() AS requests,
    countIf(status_code = 'error') AS errors,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    countIf(spans.cost_usd IS NULL) AS unpriced_requests,
    sum(duration_ns / 1e6) AS latency_ms_sum,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6)) AS latency_ms_digest,
    sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    countIf(ttft_ms IS NOT NULL) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans
WHERE is_llm AND NOT is_revision AND prompt_name != ''
GROUP BY project_id, bucket, prompt_name, prompt_version, model;
