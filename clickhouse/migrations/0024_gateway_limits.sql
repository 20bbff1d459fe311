-- Limits the gateway enforces before it calls a provider (issue 17): requests per minute of an ingest
-- key, and spend caps per day or month (UTC) for a project, one key, one end user or each end user
-- (subject '*'). max_value: a whole number of requests, or USD as exact decimal text. Versioned
-- metadata read with FINAL; deleting writes a newer version with is_deleted = 1.
CREATE TABLE IF NOT EXISTS gateway_limits
(
    project_id   String,
    id           String,
    scope        LowCardinality(String),
    subject      String,
    metric       LowCardinality(String),
    max_value    String,
    created_by   String,
    created_at   DateTime64(3, 'UTC'),
    version      UInt64,
    is_deleted   UInt8,
    CONSTRAINT known_scope CHECK scope IN ('project', 'key', 'end_user'),
    CONSTRAINT known_metric CHECK metric IN ('requests_per_minute', 'spend_per_day', 'spend_per_month')
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (project_id, id);
