-- Nothing counted twice (issue #16). Two marks on spans, and views that honour them:
--
-- superseded_by: '' for a run; else `trace_id/span_id` of the run that describes the same provider call
-- (another instrumentation's span of it, sent in another export or another trace; docs/design/ingest.md,
-- "Duplicate calls"). A superseded span stays stored with is_llm unchanged (is_llm is in the sort key, so
-- a revision cannot change it), and every reader of runs leaves it out, as llm_runs below does.
--
-- is_retraction: a row that takes one counted write of a run back out of the rollups. It copies that
-- write's dimensions and figures and the views count it with sign -1. It is written with version 0, below
-- every real version, so FINAL (llm_runs, a rollup rebuild, every reader) never returns it and a later
-- revision never copies it; a merge drops it. The ingest writes one when it supersedes a stored run
-- (beside the is_revision row that sets superseded_by), and when two writers stored the same span at once
-- (the later copy is taken back).
--
-- The rollups' counts are UInt64: a -1 from a view wraps modulo 2^64 and sums back exactly, and every
-- reader sums rollup rows (GROUP BY with sum) anyway. A latency or time-to-first-token sample cannot be
-- taken out of a t-digest, so a retracted write's sample stays in the quantiles (its sum and count do
-- not). Rows written before this migration read '' and false: what they were.
ALTER TABLE spans ADD COLUMN IF NOT EXISTS superseded_by String DEFAULT '' AFTER is_revision,
    ADD COLUMN IF NOT EXISTS is_retraction Bool DEFAULT false AFTER superseded_by;

-- The views change in place (MODIFY QUERY), as in 0017: each is 0017's (0010's for the error and member
-- rollups) with every figure signed and the superseded and retraction rules in the WHERE.
ALTER TABLE rollup_model_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    provider,
    model,
    sum(if(is_retraction, -1, 1)) AS requests,
    sum(if(status_code = 'error', if(is_retraction, -1, 1), 0)) AS errors,
    sum(if(is_retraction, -1, 1) * toInt64(input_tokens)) AS input_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(output_tokens)) AS output_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(cache_read_tokens)) AS cache_read_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(cache_write_tokens)) AS cache_write_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(reasoning_tokens)) AS reasoning_tokens,
    sum(if(is_retraction, -1, 1) * ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    sum(if(spans.cost_usd IS NULL, if(is_retraction, -1, 1), 0)) AS unpriced_requests,
    sum(if(is_retraction, -1, 1) * (duration_ns / 1e6)) AS latency_ms_sum,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6), NOT is_retraction) AS latency_ms_digest,
    sum(if(is_retraction, -1, 1) * ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    sum(if(ttft_ms IS NOT NULL, if(is_retraction, -1, 1), 0)) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL AND NOT is_retraction) AS ttft_ms_digest,
    sum(if(is_retraction, -1, 1)) AS quality_runs,
    sum(if(quality_flags = 0, if(is_retraction, -1, 1), 0)) AS quality_ok_runs
FROM spans
WHERE is_llm AND superseded_by = '' AND (NOT is_revision OR is_retraction)
GROUP BY project_id, bucket, provider, model;

ALTER TABLE rollup_user_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    user_id,
    sum(if(is_retraction, -1, 1)) AS requests,
    sum(if(status_code = 'error', if(is_retraction, -1, 1), 0)) AS errors,
    sum(if(is_retraction, -1, 1) * toInt64(input_tokens)) AS input_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(output_tokens)) AS output_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(cache_read_tokens)) AS cache_read_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(cache_write_tokens)) AS cache_write_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(reasoning_tokens)) AS reasoning_tokens,
    sum(if(is_retraction, -1, 1) * ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    sum(if(spans.cost_usd IS NULL, if(is_retraction, -1, 1), 0)) AS unpriced_requests,
    sum(if(is_retraction, -1, 1) * (duration_ns / 1e6)) AS latency_ms_sum,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6), NOT is_retraction) AS latency_ms_digest,
    sum(if(is_retraction, -1, 1) * ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    sum(if(ttft_ms IS NOT NULL, if(is_retraction, -1, 1), 0)) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL AND NOT is_retraction) AS ttft_ms_digest,
    sum(if(is_retraction, -1, 1)) AS quality_runs,
    sum(if(quality_flags = 0, if(is_retraction, -1, 1), 0)) AS quality_ok_runs
FROM spans
WHERE is_llm AND superseded_by = '' AND (NOT is_revision OR is_retraction)
GROUP BY project_id, bucket, user_id;

ALTER TABLE rollup_prompt_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    prompt_name,
    prompt_version,
    model,
    sum(if(is_retraction, -1, 1)) AS requests,
    sum(if(status_code = 'error', if(is_retraction, -1, 1), 0)) AS errors,
    sum(if(is_retraction, -1, 1) * toInt64(input_tokens)) AS input_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(output_tokens)) AS output_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(cache_read_tokens)) AS cache_read_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(cache_write_tokens)) AS cache_write_tokens,
    sum(if(is_retraction, -1, 1) * toInt64(reasoning_tokens)) AS reasoning_tokens,
    sum(if(is_retraction, -1, 1) * ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    sum(if(spans.cost_usd IS NULL, if(is_retraction, -1, 1), 0)) AS unpriced_requests,
    sum(if(is_retraction, -1, 1) * (duration_ns / 1e6)) AS latency_ms_sum,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6), NOT is_retraction) AS latency_ms_digest,
    sum(if(is_retraction, -1, 1) * ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    sum(if(ttft_ms IS NOT NULL, if(is_retraction, -1, 1), 0)) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL AND NOT is_retraction) AS ttft_ms_digest,
    sum(if(is_retraction, -1, 1)) AS quality_runs,
    sum(if(quality_flags = 0, if(is_retraction, -1, 1), 0)) AS quality_ok_runs
FROM spans
WHERE is_llm AND superseded_by = '' AND (NOT is_revision OR is_retraction) AND prompt_name != ''
GROUP BY project_id, bucket, prompt_name, prompt_version, model;

ALTER TABLE rollup_error_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    provider,
    model,
    multiIf(
        span_attributes['http.response.status_code'] != '', span_attributes['http.response.status_code'],
        match(span_attributes['error.type'], '^[1-5][0-9][0-9]$'), span_attributes['error.type'],
        match(status_message, '^[1-5][0-9][0-9]([^0-9]|$)'), substring(status_message, 1, 3),
        positionCaseInsensitive(status_message, 'rate limit') > 0 OR positionCaseInsensitive(status_message, 'rate_limit') > 0, '429',
        positionCaseInsensitive(status_message, 'timed out') > 0 OR positionCaseInsensitive(status_message, 'timeout') > 0, 'timeout',
        'unknown'
    ) AS http_status,
    leftUTF8(status_message, 200) AS message,
    sum(if(is_retraction, -1, 1)) AS errors,
    max(toDateTime(start_time)) AS last_seen
FROM spans
WHERE is_llm AND superseded_by = '' AND (NOT is_revision OR is_retraction) AND status_code = 'error'
GROUP BY project_id, bucket, provider, model, http_status, message;

ALTER TABLE rollup_member_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    provider,
    model,
    ingest_key_id,
    span_attributes['promptmetrics.created_by'] AS created_by,
    sum(if(is_retraction, -1, 1)) AS requests,
    sum(if(status_code = 'error', if(is_retraction, -1, 1), 0)) AS errors,
    sum(if(is_retraction, -1, 1) * ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    sum(if(spans.cost_usd IS NULL, if(is_retraction, -1, 1), 0)) AS unpriced_requests
FROM spans
WHERE is_llm AND superseded_by = '' AND (NOT is_revision OR is_retraction)
GROUP BY project_id, bucket, provider, model, ingest_key_id, created_by;

-- llm_runs as in 0015, without superseded spans.
CREATE OR REPLACE VIEW llm_runs AS
SELECT
    project_id,
    trace_id,
    span_id,
    parent_span_id,
    start_time,
    end_time,
    service_name,
    provider,
    model,
    request_model,
    response_model,
    operation,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    reasoning_tokens,
    usage_estimated,
    cost_usd,
    cost_input_usd,
    cost_cache_read_usd,
    cost_cache_write_usd,
    cost_output_usd,
    cost_reasoning_usd,
    reported_cost_usd,
    priced_model,
    service_tier,
    duration_ns / 1e6 AS latency_ms,
    ttft_ms,
    if(status_code = 'error', 'error', 'ok') AS status,
    status_message,
    finish_reason,
    user_id,
    session_id,
    prompt_name,
    prompt_version,
    tags,
    input_text,
    output_text,
    span_attributes AS attributes,
    resource_attributes,
    inference_geo,
    cache_write_1h_tokens,
    cache_write_12h_tokens,
    input_hash,
    prefix_hash,
    prefix_tokens,
    quality_flags
FROM spans FINAL
WHERE is_llm AND superseded_by = '';

