-- Two more hourly rollups, so that the ops boards' error and team-member panels read rollups instead of
-- raw spans (reading the span attribute map for 30 days of runs was ~330 ms at 10M runs, and grows with
-- the attributes real instrumentations send). Fed like the others by views on every insert into spans
-- (first writes of LLM spans only). Like any view, they count what is inserted after this migration;
-- `promptmetrics rebuild-rollups --from <date> --to <date>` fills them for runs stored before it.

-- Failed runs by the HTTP status the provider answered and the start of their error message. The status
-- comes from the span's http.response.status_code, else a numeric error.type, else a three-digit code at
-- the start of the message; messages about rate limits count as 429, time-outs as "timeout".
CREATE TABLE IF NOT EXISTS rollup_error_hourly
(
    project_id            LowCardinality(String),
    bucket                DateTime('UTC'),
    provider              LowCardinality(String),
    model                 LowCardinality(String),
    http_status           LowCardinality(String),
    message               String,
    errors                SimpleAggregateFunction(sum, UInt64),
    last_seen             SimpleAggregateFunction(max, DateTime('UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, provider, model, http_status, message);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_error_hourly_mv TO rollup_error_hourly AS
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
    count() AS errors,
    max(toDateTime(start_time)) AS last_seen
FROM spans
WHERE is_llm AND NOT is_revision AND status_code = 'error'
GROUP BY project_id, bucket, provider, model, http_status, message;

-- Runs and spend by the ingest key that sent them (its owner is the team member) or, for runs logged
-- through the API, the user recorded in promptmetrics.created_by.
CREATE TABLE IF NOT EXISTS rollup_member_hourly
(
    project_id            LowCardinality(String),
    bucket                DateTime('UTC'),
    provider              LowCardinality(String),
    model                 LowCardinality(String),
    ingest_key_id         LowCardinality(String),
    created_by            LowCardinality(String),
    requests              SimpleAggregateFunction(sum, UInt64),
    errors                SimpleAggregateFunction(sum, UInt64),
    cost_usd              SimpleAggregateFunction(sum, Decimal(38, 12)),
    unpriced_requests     SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, provider, model, ingest_key_id, created_by);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_member_hourly_mv TO rollup_member_hourly AS
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
    countIf(spans.cost_usd IS NULL) AS unpriced_requests
FROM spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model, ingest_key_id, created_by;
