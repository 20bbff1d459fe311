-- The scheduler's record of job runs (analytics-api/src/scheduler/), shared by every process on the
-- store: a row when a run starts and a row when it ends, per job and slot (the scheduled time the run
-- is for). Append-only and read back with argMax, as ClickHouse has no transactions. `at` is the
-- scheduler's clock (the system clock, or a test's), not the server's. Which process may run a job is
-- decided by a lease in account_lock_claims (name "job:<job>"), not by this table. Rows are dropped after
-- 90 days; a job with no history runs its latest slot.
CREATE TABLE IF NOT EXISTS scheduler_runs
(
    job       String,
    slot      DateTime64(3, 'UTC'),
    attempt   UInt16,
    run_id    String,
    state     LowCardinality(String),
    error     String,
    took_ms   UInt32,
    at        DateTime64(3, 'UTC'),
    CONSTRAINT known_state CHECK state IN ('started', 'succeeded', 'failed')
)
ENGINE = MergeTree
ORDER BY (job, slot, at)
TTL toDateTime(at) + INTERVAL 90 DAY;
