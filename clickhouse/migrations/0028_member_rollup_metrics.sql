-- Every run figure in rollup_member_hourly (issue #18), so GET /users answers its team-member table from the
-- rollup: over raw spans joined to the key owners it took 2.7-8.4 s at 10M runs (bench/api.ts). The columns
-- are those of the other hourly rollups; the view changes in place (MODIFY QUERY, as in 0017), so a run
-- inserted meanwhile is counted in requests and cost either way.
--
-- Rows the view wrote before this migration have the new columns at 0. migrate() fills them from the spans
-- right after these statements (backfillMemberRollupMetrics, clickhouse/src/queries/rollup-backfill.ts): it
-- inserts, per rollup key, the spans' sums less the rollup's, so running it again adds nothing. Hours whose
-- spans a retention TTL already removed cannot be filled and read 0 tokens and no latency.
ALTER TABLE rollup_member_hourly ADD COLUMN IF NOT EXISTS input_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS output_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cache_read_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cache_write_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reasoning_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS latency_ms_sum SimpleAggregateFunction(sum, Float64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS latency_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ADD COLUMN IF NOT EXISTS ttft_ms_sum SimpleAggregateFunction(sum, Float64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ttft_count SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ttft_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, Int64) DEFAULT 0;

ALTER TABLE rollup_member_hourly_mv MODIFY QUERY
SELECT
    project_id,
    toStartOfHour(start_time) AS bucket,
    provider,
    model,
    ingest_key_id,
    span_attributes['promptmetrics.created_by'] AS created_by,
    count() AS requests,
    countIf(status_code = 'error') AS errors,
    sum(ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
    countIf(spans.cost_usd IS NULL) AS unpriced_requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(duration_ns / 1e6) AS latency_ms_sum,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6)) AS latency_ms_digest,
    sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    countIf(ttft_ms IS NOT NULL) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model, ingest_key_id, created_by;
