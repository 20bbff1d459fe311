-- Per-project settings of the optimization engine: the window suggestions look at, and which traffic the
-- project marks as offline (nobody waits for it, so the Batch API fits) by tag or service name, besides
-- the engine's own rule (not streamed and no end user). One versioned row per project, read with FINAL.
CREATE TABLE IF NOT EXISTS optimization_settings
(
    project_id        String,
    window_days       UInt16,
    offline_tags      Array(String),
    offline_services  Array(String),
    updated_at        DateTime64(3, 'UTC'),
    updated_by        String,
    version           UInt64,
    CONSTRAINT window_range CHECK window_days >= 1 AND window_days <= 365
)
ENGINE = ReplacingMergeTree(version)
ORDER BY project_id;
