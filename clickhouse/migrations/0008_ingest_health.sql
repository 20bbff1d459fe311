-- The ingest's own health, one row per ingest process every interval (10 s by default), so Grafana can
-- chart every replica from ClickHouse without scraping each process. Counters are deltas over the
-- interval; queue figures are the values at its end. Kept 30 days.
CREATE TABLE IF NOT EXISTS ingest_health
(
    at                    DateTime('UTC'),
    instance              LowCardinality(String),
    interval_seconds      Float32,
    requests              UInt64,
    requests_throttled    UInt64,
    requests_failed       UInt64,
    spans_received        UInt64,
    spans_accepted        UInt64,
    spans_duplicate       UInt64,
    spans_rejected        UInt64,
    rejected_by_reason    Map(LowCardinality(String), UInt64),
    unknown_model_spans   UInt64,
    queue_rows            UInt64,
    queue_bytes           UInt64,
    inserts               UInt64,
    insert_failures       UInt64,
    insert_ms             Array(Float32)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (instance, at)
TTL at + INTERVAL 30 DAY;
