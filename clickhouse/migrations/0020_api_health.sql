-- The API's own health, as ingest_health is the ingest's: every API process writes its figures here every
-- interval (10 s by default), so Grafana charts every replica from ClickHouse without scraping each /metrics.
-- One row per series that moved in the interval: kind 'request' (name = "METHOD /route/template", outcome =
-- status class 2xx..5xx), 'store_query' (name = query tag, outcome ok|failed), 'job' (name = scheduler job,
-- outcome succeeded|failed), plus one 'interval' row per process and interval so a quiet process still shows.
-- Counts and durations are deltas over the interval; bucket_counts[i] counts durations <= bucket_bounds_ms[i]
-- and above bucket_bounds_ms[i-1], the last one (one more than the bounds) those above every bound. Kept 30 days.
CREATE TABLE IF NOT EXISTS api_health
(
    at                DateTime('UTC'),
    instance          LowCardinality(String),
    interval_seconds  Float32,
    kind              LowCardinality(String),
    name              LowCardinality(String),
    outcome           LowCardinality(String),
    count             UInt64,
    total_ms          Float64,
    max_ms            Float32,
    bucket_bounds_ms  Array(Float32),
    bucket_counts     Array(UInt64)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (instance, at, kind, name, outcome)
TTL at + INTERVAL 30 DAY;
