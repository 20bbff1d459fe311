-- Hourly rollups of LLM runs, fed by materialized views on every insert into spans. Only a span's first
-- write counts (is_revision rows are skipped); a reprice rebuilds the affected partitions from spans.
-- Dashboards read these instead of raw spans. Buckets are whole UTC hours, so any time zone whose
-- offset is a whole number of hours can be re-bucketed exactly (see ARCHITECTURE.md for the others).
-- Additive metrics are SimpleAggregateFunction(sum); latency and time-to-first-token keep t-digest states
-- so any quantile can be read back with quantilesTDigestMerge.
CREATE TABLE IF NOT EXISTS rollup_model_hourly
(
    project_id            LowCardinality(String),
    bucket                DateTime('UTC'),
    provider              LowCardinality(String),
    model                 LowCardinality(String),
    requests              SimpleAggregateFunction(sum, UInt64),
    errors                SimpleAggregateFunction(sum, UInt64),
    input_tokens          SimpleAggregateFunction(sum, UInt64),
    output_tokens         SimpleAggregateFunction(sum, UInt64),
    cache_read_tokens     SimpleAggregateFunction(sum, UInt64),
    cache_write_tokens    SimpleAggregateFunction(sum, UInt64),
    reasoning_tokens      SimpleAggregateFunction(sum, UInt64),
    cost_usd              SimpleAggregateFunction(sum, Decimal(38, 12)),
    unpriced_requests     SimpleAggregateFunction(sum, UInt64),
    latency_ms_sum        SimpleAggregateFunction(sum, Float64),
    latency_ms_digest     AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ttft_ms_sum           SimpleAggregateFunction(sum, Float64),
    ttft_count            SimpleAggregateFunction(sum, UInt64),
    ttft_ms_digest        AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, provider, model);

CREATE TABLE IF NOT EXISTS rollup_user_hourly
(
    project_id            LowCardinality(String),
    bucket                DateTime('UTC'),
    user_id               String,
    requests              SimpleAggregateFunction(sum, UInt64),
    errors                SimpleAggregateFunction(sum, UInt64),
    input_tokens          SimpleAggregateFunction(sum, UInt64),
    output_tokens         SimpleAggregateFunction(sum, UInt64),
    cache_read_tokens     SimpleAggregateFunction(sum, UInt64),
    cache_write_tokens    SimpleAggregateFunction(sum, UInt64),
    reasoning_tokens      SimpleAggregateFunction(sum, UInt64),
    cost_usd              SimpleAggregateFunction(sum, Decimal(38, 12)),
    unpriced_requests     SimpleAggregateFunction(sum, UInt64),
    latency_ms_sum        SimpleAggregateFunction(sum, Float64),
    latency_ms_digest     AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ttft_ms_sum           SimpleAggregateFunction(sum, Float64),
    ttft_count            SimpleAggregateFunction(sum, UInt64),
    ttft_ms_digest        AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, user_id);

CREATE TABLE IF NOT EXISTS rollup_prompt_hourly
(
    project_id            LowCardinality(String),
    bucket                DateTime('UTC'),
    prompt_name           LowCardinality(String),
    prompt_version        LowCardinality(String),
    model                 LowCardinality(String),
    requests              SimpleAggregateFunction(sum, UInt64),
    errors                SimpleAggregateFunction(sum, UInt64),
    input_tokens          SimpleAggregateFunction(sum, UInt64),
    output_tokens         SimpleAggregateFunction(sum, UInt64),
    cache_read_tokens     SimpleAggregateFunction(sum, UInt64),
    cache_write_tokens    SimpleAggregateFunction(sum, UInt64),
    reasoning_tokens      SimpleAggregateFunction(sum, UInt64),
    cost_usd              SimpleAggregateFunction(sum, Decimal(38, 12)),
    unpriced_requests     SimpleAggregateFunction(sum, UInt64),
    latency_ms_sum        SimpleAggregateFunction(sum, Float64),
    latency_ms_digest     AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ttft_ms_sum           SimpleAggregateFunction(sum, Float64),
    ttft_count            SimpleAggregateFunction(sum, UInt64),
    ttft_ms_digest        AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, prompt_name, prompt_version, model);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_model_hourly_mv TO rollup_model_hourly AS
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
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest
FROM spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_user_hourly_mv TO rollup_user_hourly AS
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
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest
FROM spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_prompt_hourly_mv TO rollup_prompt_hourly AS
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
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest
FROM spans
WHERE is_llm AND NOT is_revision AND prompt_name != ''
GROUP BY project_id, bucket, prompt_name, prompt_version, model;
