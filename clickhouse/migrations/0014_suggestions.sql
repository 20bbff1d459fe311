-- The optimization engine's suggestions (analytics-api/src/optimization/): one row per version of a
-- suggestion, the newest winning (read with FINAL), so a recomputation or an apply / dismiss inserts a
-- new version and nothing is mutated. `id` is stable per (project, kind, subject): a recomputation
-- updates its suggestion instead of adding a copy. Money is USD as Decimal(18, 9); `subject`, `evidence`
-- are JSON text the API parses. `current` = 0 when the last recomputation no longer found it.
CREATE TABLE IF NOT EXISTS suggestions
(
    project_id              String,
    id                      String,
    kind                    LowCardinality(String),
    type                    LowCardinality(String),
    title                   String,
    description             String,
    subject                 String,
    monthly_savings_usd     Decimal(18, 9),
    confidence              LowCardinality(String),
    impact                  LowCardinality(String),
    evidence_kind           LowCardinality(String),
    evidence                String,
    status                  LowCardinality(String),
    current                 UInt8,
    status_changed_at       Nullable(DateTime64(3, 'UTC')),
    status_changed_by       String,
    dismiss_reason          String,
    dismissed_savings_usd   Decimal(18, 9),
    dismissed_evidence_kind LowCardinality(String),
    window_days             UInt16,
    computed_at             DateTime64(3, 'UTC'),
    created_at              DateTime64(3, 'UTC'),
    updated_at              DateTime64(3, 'UTC'),
    version                 UInt64,
    CONSTRAINT known_status CHECK status IN ('active', 'dismissed', 'applied'),
    CONSTRAINT known_type CHECK type IN ('cost', 'performance', 'quality'),
    CONSTRAINT known_confidence CHECK confidence IN ('high', 'medium', 'low'),
    CONSTRAINT known_impact CHECK impact IN ('high', 'medium', 'low')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, id);
