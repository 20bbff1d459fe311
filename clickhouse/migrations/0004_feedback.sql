-- One row per rated run: a new rating or feedback replaces the earlier one (newest version wins),
-- so re-rating never counts twice. The run's dimensions are copied in at rating time so that
-- success-rate and rating figures aggregate by model, prompt and user without a join on spans.
CREATE TABLE IF NOT EXISTS feedback
(
    project_id      LowCardinality(String),
    span_id         String,
    trace_id        String,
    run_start_time  DateTime64(9, 'UTC'),
    model           LowCardinality(String),
    prompt_name     LowCardinality(String),
    prompt_version  LowCardinality(String),
    user_id         String,
    rating          Nullable(UInt8),
    success         Nullable(Bool),
    comment         String CODEC(ZSTD(3)),
    author_user_id  String,
    created_at      DateTime64(3, 'UTC'),
    updated_at      DateTime64(3, 'UTC'),
    version         UInt64,
    is_deleted      UInt8,
    CONSTRAINT rating_range CHECK rating IS NULL OR (rating >= 1 AND rating <= 5)
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (project_id, span_id);
