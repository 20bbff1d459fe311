-- Per-project retention: after how many days a project's runs (with their content and feedback) and its
-- hourly rollups are deleted, by the scheduler's retention.enforce job. NULL: the install's default
-- (PROMPTMETRICS_RETENTION_DAYS, or kept for ever). One versioned row per project, read with FINAL.
CREATE TABLE IF NOT EXISTS project_retention
(
    project_id      String,
    retention_days  Nullable(UInt16),
    updated_at      DateTime64(3, 'UTC'),
    updated_by      String,
    version         UInt64,
    CONSTRAINT retention_range CHECK retention_days IS NULL OR retention_days >= 1
)
ENGINE = ReplacingMergeTree(version)
ORDER BY project_id;
