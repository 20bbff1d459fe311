-- PromptMetrics schema for the self-managed cluster pm: every migration in order, rendered with
-- ON CLUSTER, Replicated engines on <table>_local and Distributed tables under the original names.
-- Create the database on every host first (CREATE DATABASE IF NOT EXISTS <db> ON CLUSTER pm),
-- then run this on any one host: clickhouse-client --database <db> --multiquery < schema.sql
-- Every statement is re-runnable; the INSERTs record each migration in schema_migrations.

-- schema_migrations (bookkeeping)
CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER pm
(
    version     UInt32,
    name        String,
    checksum    String,
    applied_at  DateTime64(3, 'UTC')
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/every_host/{database}/schema_migrations', '{shard}-{replica}')
ORDER BY version;

-- 0001_spans.sql
CREATE TABLE IF NOT EXISTS spans_local ON CLUSTER pm
(
    project_id            LowCardinality(String),
    trace_id              String,
    span_id               String,
    parent_span_id        String,
    start_time            DateTime64(9, 'UTC'),
    end_time              DateTime64(9, 'UTC'),
    duration_ns           UInt64,
    name                  String,
    kind                  LowCardinality(String),
    service_name          LowCardinality(String),
    scope_name            LowCardinality(String),
    scope_version         LowCardinality(String),
    status_code           LowCardinality(String),
    status_message        String CODEC(ZSTD(1)),
    resource_attributes   Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    span_attributes       Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    event_times           Array(DateTime64(9, 'UTC')) CODEC(ZSTD(1)),
    event_names           Array(LowCardinality(String)),
    event_attributes      Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    is_llm                Bool,
    provider              LowCardinality(String),
    operation             LowCardinality(String),
    request_model         LowCardinality(String),
    response_model        LowCardinality(String),
    model                 LowCardinality(String),
    priced_model          LowCardinality(String),
    price_source          LowCardinality(String),
    service_tier          LowCardinality(String),
    input_tokens          UInt64,
    output_tokens         UInt64,
    cache_read_tokens     UInt64,
    cache_write_tokens    UInt64,
    cache_write_1h_tokens UInt64,
    reasoning_tokens      UInt64,
    usage_estimated       Bool,
    cost_usd              Nullable(Decimal(18, 12)),
    cost_input_usd        Decimal(18, 12),
    cost_cache_read_usd   Decimal(18, 12),
    cost_cache_write_usd  Decimal(18, 12),
    cost_output_usd       Decimal(18, 12),
    cost_reasoning_usd    Decimal(18, 12),
    reported_cost_usd     Nullable(Decimal(18, 12)),
    ttft_ms               Nullable(Float64),
    finish_reason         LowCardinality(String),
    user_id               String,
    session_id            String,
    prompt_name           LowCardinality(String),
    prompt_version        LowCardinality(String),
    tags                  Array(LowCardinality(String)),
    input_text            String CODEC(ZSTD(3)),
    output_text           String CODEC(ZSTD(3)),
    ingest_key_id         LowCardinality(String),
    ingested_at           DateTime64(3, 'UTC'),
    version               UInt64,
    is_revision           Bool,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/spans_local', '{replica}', version)
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, is_llm, start_time, trace_id, span_id);

-- 0001_spans.sql
CREATE TABLE IF NOT EXISTS spans ON CLUSTER pm AS spans_local
ENGINE = Distributed(pm, currentDatabase(), spans_local, cityHash64(project_id, trace_id));

-- 0001_spans.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 1, '0001_spans.sql', 'a8ef50323abde9453d00e29dfd6722dc2a2f04a973c1dabf4376bddbd8e34ac0', now64(3);

-- 0002_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_model_hourly_local ON CLUSTER pm
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/rollup_model_hourly_local', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, provider, model);

-- 0002_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_model_hourly ON CLUSTER pm AS rollup_model_hourly_local
ENGINE = Distributed(pm, currentDatabase(), rollup_model_hourly_local, cityHash64(project_id, bucket, provider, model));

-- 0002_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_user_hourly_local ON CLUSTER pm
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/rollup_user_hourly_local', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, user_id);

-- 0002_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_user_hourly ON CLUSTER pm AS rollup_user_hourly_local
ENGINE = Distributed(pm, currentDatabase(), rollup_user_hourly_local, cityHash64(project_id, bucket, user_id));

-- 0002_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_prompt_hourly_local ON CLUSTER pm
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/rollup_prompt_hourly_local', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, prompt_name, prompt_version, model);

-- 0002_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_prompt_hourly ON CLUSTER pm AS rollup_prompt_hourly_local
ENGINE = Distributed(pm, currentDatabase(), rollup_prompt_hourly_local, cityHash64(project_id, bucket, prompt_name, prompt_version, model));

-- 0002_rollups.sql
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_model_hourly_mv ON CLUSTER pm TO rollup_model_hourly_local AS
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
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model;

-- 0002_rollups.sql
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_user_hourly_mv ON CLUSTER pm TO rollup_user_hourly_local AS
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
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, user_id;

-- 0002_rollups.sql
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_prompt_hourly_mv ON CLUSTER pm TO rollup_prompt_hourly_local AS
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
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision AND prompt_name != ''
GROUP BY project_id, bucket, prompt_name, prompt_version, model;

-- 0002_rollups.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 2, '0002_rollups.sql', 'a32978c53fb4439a073a9e63c8bc7542ed689a957c2c1ac0523975281738809e', now64(3);

-- 0003_llm_runs.sql
CREATE OR REPLACE VIEW llm_runs ON CLUSTER pm AS
SELECT
    project_id,
    trace_id,
    span_id,
    parent_span_id,
    start_time,
    end_time,
    service_name,
    provider,
    model,
    request_model,
    response_model,
    operation,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    reasoning_tokens,
    usage_estimated,
    cost_usd,
    cost_input_usd,
    cost_cache_read_usd,
    cost_cache_write_usd,
    cost_output_usd,
    cost_reasoning_usd,
    reported_cost_usd,
    priced_model,
    service_tier,
    duration_ns / 1e6 AS latency_ms,
    ttft_ms,
    if(status_code = 'error', 'error', 'ok') AS status,
    status_message,
    finish_reason,
    user_id,
    session_id,
    prompt_name,
    prompt_version,
    tags,
    input_text,
    output_text,
    span_attributes AS attributes,
    resource_attributes
FROM spans FINAL
WHERE is_llm;

-- 0003_llm_runs.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 3, '0003_llm_runs.sql', '0d54731463b17a83110bf1af7a3affff001abbd488e6413c3bab6750a739b572', now64(3);

-- 0004_feedback.sql
CREATE TABLE IF NOT EXISTS feedback_local ON CLUSTER pm
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/feedback_local', '{replica}', version, is_deleted)
ORDER BY (project_id, span_id);

-- 0004_feedback.sql
CREATE TABLE IF NOT EXISTS feedback ON CLUSTER pm AS feedback_local
ENGINE = Distributed(pm, currentDatabase(), feedback_local, cityHash64(project_id, span_id));

-- 0004_feedback.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 4, '0004_feedback.sql', 'b3c1d376192847bff5c948ca5697628c65ffeb12b01f86c9aa5a208be80570cb', now64(3);

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS orgs_local ON CLUSTER pm
(
    id          String,
    name        String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/orgs_local', '{replica}', version, is_deleted)
ORDER BY id;

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS orgs ON CLUSTER pm AS orgs_local
ENGINE = Distributed(pm, currentDatabase(), orgs_local, cityHash64(id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS projects_local ON CLUSTER pm
(
    id          String,
    org_id      String,
    name        String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/projects_local', '{replica}', version, is_deleted)
ORDER BY id;

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS projects ON CLUSTER pm AS projects_local
ENGINE = Distributed(pm, currentDatabase(), projects_local, cityHash64(id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS users_local ON CLUSTER pm
(
    id             String,
    email          String,
    name           String,
    password_hash  String,
    created_at     DateTime64(3, 'UTC'),
    updated_at     DateTime64(3, 'UTC'),
    version        UInt64,
    is_deleted     UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/users_local', '{replica}', version, is_deleted)
ORDER BY id;

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS users ON CLUSTER pm AS users_local
ENGINE = Distributed(pm, currentDatabase(), users_local, cityHash64(id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS memberships_local ON CLUSTER pm
(
    org_id      String,
    user_id     String,
    role        LowCardinality(String),
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8,
    CONSTRAINT known_role CHECK role IN ('owner', 'admin', 'member', 'viewer')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/memberships_local', '{replica}', version, is_deleted)
ORDER BY (org_id, user_id);

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS memberships ON CLUSTER pm AS memberships_local
ENGINE = Distributed(pm, currentDatabase(), memberships_local, cityHash64(org_id, user_id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS api_keys_local ON CLUSTER pm
(
    id           String,
    kind         LowCardinality(String),
    org_id       String,
    project_id   String,
    user_id      String,
    name         String,
    prefix       String,
    secret_hash  String,
    created_at   DateTime64(3, 'UTC'),
    revoked_at   Nullable(DateTime64(3, 'UTC')),
    version      UInt64,
    is_deleted   UInt8,
    CONSTRAINT known_kind CHECK kind IN ('ingest', 'api')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/api_keys_local', '{replica}', version, is_deleted)
ORDER BY id;

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS api_keys ON CLUSTER pm AS api_keys_local
ENGINE = Distributed(pm, currentDatabase(), api_keys_local, cityHash64(id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS api_key_last_used_local ON CLUSTER pm
(
    key_id        String,
    last_used_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/api_key_last_used_local', '{replica}')
ORDER BY key_id;

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS api_key_last_used ON CLUSTER pm AS api_key_last_used_local
ENGINE = Distributed(pm, currentDatabase(), api_key_last_used_local, cityHash64(key_id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS provider_keys_local ON CLUSTER pm
(
    id          String,
    org_id      String,
    project_id  String,
    provider    LowCardinality(String),
    name        String,
    ciphertext  String,
    hint        String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/provider_keys_local', '{replica}', version, is_deleted)
ORDER BY id;

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS provider_keys ON CLUSTER pm AS provider_keys_local
ENGINE = Distributed(pm, currentDatabase(), provider_keys_local, cityHash64(id));

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS price_overrides_local ON CLUSTER pm
(
    id                     String,
    project_id             String,
    model                  String,
    effective_from         DateTime64(3, 'UTC'),
    input_per_mtok         Decimal(18, 9),
    cached_input_per_mtok  Nullable(Decimal(18, 9)),
    cache_write_5m_per_mtok Nullable(Decimal(18, 9)),
    cache_write_1h_per_mtok Nullable(Decimal(18, 9)),
    output_per_mtok        Decimal(18, 9),
    created_at             DateTime64(3, 'UTC'),
    updated_at             DateTime64(3, 'UTC'),
    version                UInt64,
    is_deleted             UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/price_overrides_local', '{replica}', version, is_deleted)
ORDER BY (project_id, id);

-- 0005_metadata.sql
CREATE TABLE IF NOT EXISTS price_overrides ON CLUSTER pm AS price_overrides_local
ENGINE = Distributed(pm, currentDatabase(), price_overrides_local, cityHash64(project_id, id));

-- 0005_metadata.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 5, '0005_metadata.sql', '631a61e187077b50313384cc18a4e162708fde6073be6049e171e227d703b8e1', now64(3);

-- 0006_accounts.sql
CREATE TABLE IF NOT EXISTS sessions_local ON CLUSTER pm
(
    id          String,
    user_id     String,
    created_at  DateTime64(3, 'UTC'),
    expires_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/sessions_local', '{replica}', version, is_deleted)
ORDER BY id
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- 0006_accounts.sql
CREATE TABLE IF NOT EXISTS sessions ON CLUSTER pm AS sessions_local
ENGINE = Distributed(pm, currentDatabase(), sessions_local, cityHash64(id));

-- 0006_accounts.sql
CREATE TABLE IF NOT EXISTS invitations_local ON CLUSTER pm
(
    id           String,
    org_id       String,
    email        String,
    role         LowCardinality(String),
    token_hash   String,
    invited_by   String,
    created_at   DateTime64(3, 'UTC'),
    expires_at   DateTime64(3, 'UTC'),
    accepted_at  Nullable(DateTime64(3, 'UTC')),
    accepted_by  String,
    version      UInt64,
    is_deleted   UInt8,
    CONSTRAINT known_role CHECK role IN ('owner', 'admin', 'member', 'viewer')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/invitations_local', '{replica}', version, is_deleted)
ORDER BY (org_id, id);

-- 0006_accounts.sql
CREATE TABLE IF NOT EXISTS invitations ON CLUSTER pm AS invitations_local
ENGINE = Distributed(pm, currentDatabase(), invitations_local, cityHash64(org_id, id));

-- 0006_accounts.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 6, '0006_accounts.sql', 'd5ebd5e4052988412a34c76a09bc4144c184c67c080eb5f1dbae18cb79e28206', now64(3);

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS provider LowCardinality(String) DEFAULT '' AFTER model;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback ON CLUSTER pm ADD COLUMN IF NOT EXISTS provider LowCardinality(String) DEFAULT '' AFTER model;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS status_code LowCardinality(String) DEFAULT '' AFTER provider;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback ON CLUSTER pm ADD COLUMN IF NOT EXISTS status_code LowCardinality(String) DEFAULT '' AFTER provider;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS tags Array(LowCardinality(String)) AFTER user_id;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback ON CLUSTER pm ADD COLUMN IF NOT EXISTS tags Array(LowCardinality(String)) AFTER user_id;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS ingest_key_id LowCardinality(String) DEFAULT '' AFTER tags;

-- 0007_feedback_run_facts.sql
ALTER TABLE feedback ON CLUSTER pm ADD COLUMN IF NOT EXISTS ingest_key_id LowCardinality(String) DEFAULT '' AFTER tags;

-- 0007_feedback_run_facts.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 7, '0007_feedback_run_facts.sql', '547ee3b4e50997eeb7f69194a8329bfd6d8d1aef3ecbcc9292043d2a8a4a3e27', now64(3);

-- 0008_ingest_health.sql
CREATE TABLE IF NOT EXISTS ingest_health_local ON CLUSTER pm
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/ingest_health_local', '{replica}')
PARTITION BY toYYYYMM(at)
ORDER BY (instance, at)
TTL at + INTERVAL 30 DAY;

-- 0008_ingest_health.sql
CREATE TABLE IF NOT EXISTS ingest_health ON CLUSTER pm AS ingest_health_local
ENGINE = Distributed(pm, currentDatabase(), ingest_health_local, cityHash64(instance));

-- 0008_ingest_health.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 8, '0008_ingest_health.sql', 'b897d9d16d638f97eefdce4ecb97b86ff02fb5c4957c834fc350abe0b7ded5f7', now64(3);

-- 0009_shared_account_state.sql
CREATE TABLE IF NOT EXISTS account_lock_claims_local ON CLUSTER pm
(
    name      LowCardinality(String),
    holder    String,
    released  UInt8,
    at        DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/account_lock_claims_local', '{replica}')
ORDER BY (name, at)
TTL toDateTime(at) + INTERVAL 1 DAY;

-- 0009_shared_account_state.sql
CREATE TABLE IF NOT EXISTS account_lock_claims ON CLUSTER pm AS account_lock_claims_local
ENGINE = Distributed(pm, currentDatabase(), account_lock_claims_local, cityHash64(name));

-- 0009_shared_account_state.sql
CREATE TABLE IF NOT EXISTS login_attempts_local ON CLUSTER pm
(
    key         String,
    attempt_id  String,
    kind        LowCardinality(String),
    at          DateTime64(3, 'UTC') DEFAULT now64(3),
    CONSTRAINT known_kind CHECK kind IN ('attempt', 'refused', 'cleared')
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/login_attempts_local', '{replica}')
ORDER BY (key, at)
TTL toDateTime(at) + INTERVAL 1 DAY;

-- 0009_shared_account_state.sql
CREATE TABLE IF NOT EXISTS login_attempts ON CLUSTER pm AS login_attempts_local
ENGINE = Distributed(pm, currentDatabase(), login_attempts_local, cityHash64(key));

-- 0009_shared_account_state.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 9, '0009_shared_account_state.sql', 'ecb92c0e24945516dc28d99fa45fd93a66497967a2fb658d073b5812386b2bf7', now64(3);

-- 0010_error_and_member_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_error_hourly_local ON CLUSTER pm
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/rollup_error_hourly_local', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, provider, model, http_status, message);

-- 0010_error_and_member_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_error_hourly ON CLUSTER pm AS rollup_error_hourly_local
ENGINE = Distributed(pm, currentDatabase(), rollup_error_hourly_local, cityHash64(project_id, bucket, provider, model, http_status, message));

-- 0010_error_and_member_rollups.sql
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_error_hourly_mv ON CLUSTER pm TO rollup_error_hourly_local AS
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
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision AND status_code = 'error'
GROUP BY project_id, bucket, provider, model, http_status, message;

-- 0010_error_and_member_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_member_hourly_local ON CLUSTER pm
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/rollup_member_hourly_local', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (project_id, bucket, provider, model, ingest_key_id, created_by);

-- 0010_error_and_member_rollups.sql
CREATE TABLE IF NOT EXISTS rollup_member_hourly ON CLUSTER pm AS rollup_member_hourly_local
ENGINE = Distributed(pm, currentDatabase(), rollup_member_hourly_local, cityHash64(project_id, bucket, provider, model, ingest_key_id, created_by));

-- 0010_error_and_member_rollups.sql
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_member_hourly_mv ON CLUSTER pm TO rollup_member_hourly_local AS
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
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model, ingest_key_id, created_by;

-- 0010_error_and_member_rollups.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 10, '0010_error_and_member_rollups.sql', 'd9527e35b78cd78c13b03c0ed423141a16a13335f12459cf263d12dad0e03125', now64(3);

-- 0011_synced_prices.sql
CREATE TABLE IF NOT EXISTS synced_prices_local ON CLUSTER pm
(
    model                    String,
    effective_from           Date,
    provider                 LowCardinality(String),
    kind                     LowCardinality(String),
    input_per_mtok           Decimal(18, 9),
    cached_input_per_mtok    Nullable(Decimal(18, 9)),
    cache_write_5m_per_mtok  Nullable(Decimal(18, 9)),
    cache_write_1h_per_mtok  Nullable(Decimal(18, 9)),
    cache_write_30m_per_mtok Nullable(Decimal(18, 9)),
    cache_write_12h_per_mtok Nullable(Decimal(18, 9)),
    output_per_mtok          Decimal(18, 9),
    rules                    String,
    source                   String,
    source_model             String,
    synced_at                DateTime64(3, 'UTC'),
    version                  UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/synced_prices_local', '{replica}', version)
ORDER BY (model, effective_from);

-- 0011_synced_prices.sql
CREATE TABLE IF NOT EXISTS synced_prices ON CLUSTER pm AS synced_prices_local
ENGINE = Distributed(pm, currentDatabase(), synced_prices_local, cityHash64(model, effective_from));

-- 0011_synced_prices.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 11, '0011_synced_prices.sql', '7c2e4e268cbce6fdb5088bce7cea455bdcee3134790e4fa6d17de2cf3467b490', now64(3);

-- 0012_pricing_inputs.sql
ALTER TABLE spans_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS inference_geo LowCardinality(String) DEFAULT '' AFTER service_tier;

-- 0012_pricing_inputs.sql
ALTER TABLE spans ON CLUSTER pm ADD COLUMN IF NOT EXISTS inference_geo LowCardinality(String) DEFAULT '' AFTER service_tier;

-- 0012_pricing_inputs.sql
ALTER TABLE spans_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS cache_write_12h_tokens UInt64 DEFAULT 0 AFTER cache_write_1h_tokens;

-- 0012_pricing_inputs.sql
ALTER TABLE spans ON CLUSTER pm ADD COLUMN IF NOT EXISTS cache_write_12h_tokens UInt64 DEFAULT 0 AFTER cache_write_1h_tokens;

-- 0012_pricing_inputs.sql
CREATE OR REPLACE VIEW llm_runs ON CLUSTER pm AS
SELECT
    project_id,
    trace_id,
    span_id,
    parent_span_id,
    start_time,
    end_time,
    service_name,
    provider,
    model,
    request_model,
    response_model,
    operation,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    reasoning_tokens,
    usage_estimated,
    cost_usd,
    cost_input_usd,
    cost_cache_read_usd,
    cost_cache_write_usd,
    cost_output_usd,
    cost_reasoning_usd,
    reported_cost_usd,
    priced_model,
    service_tier,
    duration_ns / 1e6 AS latency_ms,
    ttft_ms,
    if(status_code = 'error', 'error', 'ok') AS status,
    status_message,
    finish_reason,
    user_id,
    session_id,
    prompt_name,
    prompt_version,
    tags,
    input_text,
    output_text,
    span_attributes AS attributes,
    resource_attributes,
    inference_geo,
    cache_write_1h_tokens,
    cache_write_12h_tokens
FROM spans FINAL
WHERE is_llm;

-- 0012_pricing_inputs.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 12, '0012_pricing_inputs.sql', 'c426a75108672175c7f388e85cf50e179fdbbbd38865cb8ab48499c9f5a6f8c1', now64(3);

-- 0013_scheduler_runs.sql
CREATE TABLE IF NOT EXISTS scheduler_runs_local ON CLUSTER pm
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/scheduler_runs_local', '{replica}')
ORDER BY (job, slot, at)
TTL toDateTime(at) + INTERVAL 90 DAY;

-- 0013_scheduler_runs.sql
CREATE TABLE IF NOT EXISTS scheduler_runs ON CLUSTER pm AS scheduler_runs_local
ENGINE = Distributed(pm, currentDatabase(), scheduler_runs_local, cityHash64(job));

-- 0013_scheduler_runs.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 13, '0013_scheduler_runs.sql', '505f3349b3be7a3f8ff77e1754737ea7ddf66b50c50dbf911bdcc175cfadfba1', now64(3);

-- 0014_suggestions.sql
CREATE TABLE IF NOT EXISTS suggestions_local ON CLUSTER pm
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/suggestions_local', '{replica}', version)
ORDER BY (project_id, id);

-- 0014_suggestions.sql
CREATE TABLE IF NOT EXISTS suggestions ON CLUSTER pm AS suggestions_local
ENGINE = Distributed(pm, currentDatabase(), suggestions_local, cityHash64(project_id, id));

-- 0014_suggestions.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 14, '0014_suggestions.sql', 'a1b98f72c81e61e5420d2ff76fe00732ea269b8f317cf71b0d403caf014cd569', now64(3);

-- 0015_run_evidence.sql
ALTER TABLE spans_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS input_hash String DEFAULT '' AFTER output_text;

-- 0015_run_evidence.sql
ALTER TABLE spans ON CLUSTER pm ADD COLUMN IF NOT EXISTS input_hash String DEFAULT '' AFTER output_text;

-- 0015_run_evidence.sql
ALTER TABLE spans_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS prefix_hash String DEFAULT '' AFTER input_hash;

-- 0015_run_evidence.sql
ALTER TABLE spans ON CLUSTER pm ADD COLUMN IF NOT EXISTS prefix_hash String DEFAULT '' AFTER input_hash;

-- 0015_run_evidence.sql
ALTER TABLE spans_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS prefix_tokens UInt32 DEFAULT 0 AFTER prefix_hash;

-- 0015_run_evidence.sql
ALTER TABLE spans ON CLUSTER pm ADD COLUMN IF NOT EXISTS prefix_tokens UInt32 DEFAULT 0 AFTER prefix_hash;

-- 0015_run_evidence.sql
ALTER TABLE spans_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_flags UInt8 DEFAULT 0 AFTER prefix_tokens;

-- 0015_run_evidence.sql
ALTER TABLE spans ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_flags UInt8 DEFAULT 0 AFTER prefix_tokens;

-- 0015_run_evidence.sql
CREATE OR REPLACE VIEW llm_runs ON CLUSTER pm AS
SELECT
    project_id,
    trace_id,
    span_id,
    parent_span_id,
    start_time,
    end_time,
    service_name,
    provider,
    model,
    request_model,
    response_model,
    operation,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    reasoning_tokens,
    usage_estimated,
    cost_usd,
    cost_input_usd,
    cost_cache_read_usd,
    cost_cache_write_usd,
    cost_output_usd,
    cost_reasoning_usd,
    reported_cost_usd,
    priced_model,
    service_tier,
    duration_ns / 1e6 AS latency_ms,
    ttft_ms,
    if(status_code = 'error', 'error', 'ok') AS status,
    status_message,
    finish_reason,
    user_id,
    session_id,
    prompt_name,
    prompt_version,
    tags,
    input_text,
    output_text,
    span_attributes AS attributes,
    resource_attributes,
    inference_geo,
    cache_write_1h_tokens,
    cache_write_12h_tokens,
    input_hash,
    prefix_hash,
    prefix_tokens,
    quality_flags
FROM spans FINAL
WHERE is_llm;

-- 0015_run_evidence.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 15, '0015_run_evidence.sql', 'e475ca39bd6a9361758dd8ef086defec951738a069dffad4a127f5a439d24a76', now64(3);

-- 0016_optimization_settings.sql
CREATE TABLE IF NOT EXISTS optimization_settings_local ON CLUSTER pm
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/optimization_settings_local', '{replica}', version)
ORDER BY project_id;

-- 0016_optimization_settings.sql
CREATE TABLE IF NOT EXISTS optimization_settings ON CLUSTER pm AS optimization_settings_local
ENGINE = Distributed(pm, currentDatabase(), optimization_settings_local, cityHash64(project_id));

-- 0016_optimization_settings.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 16, '0016_optimization_settings.sql', 'ba150d711921d7f9cfd25e02656635bc97455e7fb82461e8b6fc844615b3e2be', now64(3);

-- 0017_quality_rollups.sql
ALTER TABLE rollup_model_hourly_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_model_hourly ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_user_hourly_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_user_hourly ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_prompt_hourly ON CLUSTER pm ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, UInt64) DEFAULT 0;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_model_hourly_mv ON CLUSTER pm MODIFY QUERY
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
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_user_hourly_mv ON CLUSTER pm MODIFY QUERY
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
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, user_id;

-- 0017_quality_rollups.sql
ALTER TABLE rollup_prompt_hourly_mv ON CLUSTER pm MODIFY QUERY
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
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision AND prompt_name != ''
GROUP BY project_id, bucket, prompt_name, prompt_version, model;

-- 0017_quality_rollups.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 17, '0017_quality_rollups.sql', '23ca1e9109ca0b7daf52fa992cc999197d7a0d1dd0f82ee091c49adf8c53ca2e', now64(3);

-- 0018_api_token_expiry.sql
ALTER TABLE api_keys_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS expires_at Nullable(DateTime64(3, 'UTC')) AFTER revoked_at;

-- 0018_api_token_expiry.sql
ALTER TABLE api_keys ON CLUSTER pm ADD COLUMN IF NOT EXISTS expires_at Nullable(DateTime64(3, 'UTC')) AFTER revoked_at;

-- 0018_api_token_expiry.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 18, '0018_api_token_expiry.sql', '29ae4ce7746cf1d42673a1947ab96a54af724cf3c2b684f78333518bafbb7b93', now64(3);

-- 0019_project_retention.sql
CREATE TABLE IF NOT EXISTS project_retention_local ON CLUSTER pm
(
    project_id      String,
    retention_days  Nullable(UInt16),
    updated_at      DateTime64(3, 'UTC'),
    updated_by      String,
    version         UInt64,
    CONSTRAINT retention_range CHECK retention_days IS NULL OR retention_days >= 1
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/project_retention_local', '{replica}', version)
ORDER BY project_id;

-- 0019_project_retention.sql
CREATE TABLE IF NOT EXISTS project_retention ON CLUSTER pm AS project_retention_local
ENGINE = Distributed(pm, currentDatabase(), project_retention_local, cityHash64(project_id));

-- 0019_project_retention.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 19, '0019_project_retention.sql', '0735a8f45c32db9d21b465a1d73c980b523e425942662b40e5ee86530f286983', now64(3);

-- 0020_api_health.sql
CREATE TABLE IF NOT EXISTS api_health_local ON CLUSTER pm
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/api_health_local', '{replica}')
PARTITION BY toYYYYMM(at)
ORDER BY (instance, at, kind, name, outcome)
TTL at + INTERVAL 30 DAY;

-- 0020_api_health.sql
CREATE TABLE IF NOT EXISTS api_health ON CLUSTER pm AS api_health_local
ENGINE = Distributed(pm, currentDatabase(), api_health_local, cityHash64(instance));

-- 0020_api_health.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 20, '0020_api_health.sql', '77741b22af991a3e5e26dd8726af1997c705db0c02b2e851d62a4eebf133bdbf', now64(3);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_model_hourly_local ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_model_hourly ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_user_hourly_local ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_user_hourly ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_prompt_hourly ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_error_hourly_local ON CLUSTER pm MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_error_hourly ON CLUSTER pm MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_member_hourly_local ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
ALTER TABLE rollup_member_hourly ON CLUSTER pm MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64);

-- 0021_signed_rollup_counters.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 21, '0021_signed_rollup_counters.sql', '9e8198822cb75bcaa344c1f2515db9d443d75b906d2b0289a7afc154befe6e19', now64(3);

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS base_url String AFTER hint;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys ON CLUSTER pm ADD COLUMN IF NOT EXISTS base_url String AFTER hint;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS settings String AFTER base_url;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys ON CLUSTER pm ADD COLUMN IF NOT EXISTS settings String AFTER base_url;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS created_by String AFTER settings;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys ON CLUSTER pm ADD COLUMN IF NOT EXISTS created_by String AFTER settings;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS master_key_id String AFTER created_by;

-- 0022_provider_key_settings.sql
ALTER TABLE provider_keys ON CLUSTER pm ADD COLUMN IF NOT EXISTS master_key_id String AFTER created_by;

-- 0022_provider_key_settings.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 22, '0022_provider_key_settings.sql', '61c0092f36e4640f36e4b10445d82fca34d7198c624aa7ed39050e278a9e3f5b', now64(3);

-- 0023_routing_rules.sql
CREATE TABLE IF NOT EXISTS routing_rules_local ON CLUSTER pm
(
    project_id             String,
    id                     String,
    name                   String,
    match_prompt_name      String,
    match_prompt_version   String,
    match_model            String,
    match_tags             Array(String),
    match_user_id          String,
    target_model           String,
    target_provider        LowCardinality(String),
    share                  Float64,
    sticky                 LowCardinality(String),
    suggestion_id          String,
    created_by             String,
    created_at             DateTime64(3, 'UTC'),
    version                UInt64,
    is_deleted             UInt8,
    CONSTRAINT known_sticky CHECK sticky IN ('user', 'session', 'none'),
    CONSTRAINT share_range CHECK share > 0 AND share <= 1
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/routing_rules_local', '{replica}', version, is_deleted)
ORDER BY (project_id, id);

-- 0023_routing_rules.sql
CREATE TABLE IF NOT EXISTS routing_rules ON CLUSTER pm AS routing_rules_local
ENGINE = Distributed(pm, currentDatabase(), routing_rules_local, cityHash64(project_id, id));

-- 0023_routing_rules.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 23, '0023_routing_rules.sql', '7b85f698144e97dffec5edc4b922f8535cb46a32e356c4526e9bcccbffa2f1db', now64(3);

-- 0024_gateway_limits.sql
CREATE TABLE IF NOT EXISTS gateway_limits_local ON CLUSTER pm
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/gateway_limits_local', '{replica}', version, is_deleted)
ORDER BY (project_id, id);

-- 0024_gateway_limits.sql
CREATE TABLE IF NOT EXISTS gateway_limits ON CLUSTER pm AS gateway_limits_local
ENGINE = Distributed(pm, currentDatabase(), gateway_limits_local, cityHash64(project_id, id));

-- 0024_gateway_limits.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 24, '0024_gateway_limits.sql', 'c045e34f7ef402ec6bf09f3a4c4b705dd469d1c1c09718ecf8ff388cde769cb9', now64(3);

-- 0025_gateway_keys_and_settings.sql
ALTER TABLE api_keys_local ON CLUSTER pm DROP CONSTRAINT IF EXISTS known_kind;

-- 0025_gateway_keys_and_settings.sql
CREATE OR REPLACE TABLE api_keys ON CLUSTER pm AS api_keys_local
ENGINE = Distributed(pm, currentDatabase(), api_keys_local, cityHash64(id));

-- 0025_gateway_keys_and_settings.sql
ALTER TABLE api_keys_local ON CLUSTER pm ADD CONSTRAINT IF NOT EXISTS known_kind CHECK kind IN ('ingest', 'api', 'gateway');

-- 0025_gateway_keys_and_settings.sql
CREATE OR REPLACE TABLE api_keys ON CLUSTER pm AS api_keys_local
ENGINE = Distributed(pm, currentDatabase(), api_keys_local, cityHash64(id));

-- 0025_gateway_keys_and_settings.sql
CREATE TABLE IF NOT EXISTS gateway_settings_local ON CLUSTER pm
(
    project_id              String,
    allow_key_passthrough   UInt8,
    updated_by              String,
    updated_at              DateTime64(3, 'UTC'),
    version                 UInt64,
    is_deleted              UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/gateway_settings_local', '{replica}', version, is_deleted)
ORDER BY project_id;

-- 0025_gateway_keys_and_settings.sql
CREATE TABLE IF NOT EXISTS gateway_settings ON CLUSTER pm AS gateway_settings_local
ENGINE = Distributed(pm, currentDatabase(), gateway_settings_local, cityHash64(project_id));

-- 0025_gateway_keys_and_settings.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 25, '0025_gateway_keys_and_settings.sql', '09cd8e5954fa0ceb4e07645a6a540424499b3422d07bef38690a8cf303943533', now64(3);

-- 0026_gateway_tokens_per_minute.sql
ALTER TABLE gateway_limits_local ON CLUSTER pm DROP CONSTRAINT IF EXISTS known_metric, ADD CONSTRAINT IF NOT EXISTS known_metric CHECK metric IN ('requests_per_minute', 'tokens_per_minute', 'spend_per_day', 'spend_per_month');

-- 0026_gateway_tokens_per_minute.sql
CREATE OR REPLACE TABLE gateway_limits ON CLUSTER pm AS gateway_limits_local
ENGINE = Distributed(pm, currentDatabase(), gateway_limits_local, cityHash64(project_id, id));

-- 0026_gateway_tokens_per_minute.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 26, '0026_gateway_tokens_per_minute.sql', '8f0e7dae16fc1d5d60a59409c224269c65b22495f595293ba982f98c1deab31b', now64(3);

-- 0027_routing_rule_actions.sql
ALTER TABLE routing_rules_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS fallback_models Array(String) DEFAULT [] AFTER sticky;

-- 0027_routing_rule_actions.sql
ALTER TABLE routing_rules ON CLUSTER pm ADD COLUMN IF NOT EXISTS fallback_models Array(String) DEFAULT [] AFTER sticky;

-- 0027_routing_rule_actions.sql
ALTER TABLE routing_rules_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS cache_ttl_seconds UInt32 DEFAULT 0 AFTER fallback_models;

-- 0027_routing_rule_actions.sql
ALTER TABLE routing_rules ON CLUSTER pm ADD COLUMN IF NOT EXISTS cache_ttl_seconds UInt32 DEFAULT 0 AFTER fallback_models;

-- 0027_routing_rule_actions.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 27, '0027_routing_rule_actions.sql', 'f86a498de705cf6a32bd9b995974b06a021ffdb7a80109ad59568c7c4c416c12', now64(3);

-- 0028_member_rollup_metrics.sql
ALTER TABLE rollup_member_hourly_local ON CLUSTER pm ADD COLUMN IF NOT EXISTS input_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS output_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cache_read_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cache_write_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reasoning_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS latency_ms_sum SimpleAggregateFunction(sum, Float64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS latency_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ADD COLUMN IF NOT EXISTS ttft_ms_sum SimpleAggregateFunction(sum, Float64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ttft_count SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ttft_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, Int64) DEFAULT 0;

-- 0028_member_rollup_metrics.sql
ALTER TABLE rollup_member_hourly ON CLUSTER pm ADD COLUMN IF NOT EXISTS input_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS output_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cache_read_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cache_write_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reasoning_tokens SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS latency_ms_sum SimpleAggregateFunction(sum, Float64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS latency_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ADD COLUMN IF NOT EXISTS ttft_ms_sum SimpleAggregateFunction(sum, Float64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ttft_count SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ttft_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    ADD COLUMN IF NOT EXISTS quality_runs SimpleAggregateFunction(sum, Int64) DEFAULT 0,
    ADD COLUMN IF NOT EXISTS quality_ok_runs SimpleAggregateFunction(sum, Int64) DEFAULT 0;

-- 0028_member_rollup_metrics.sql
ALTER TABLE rollup_member_hourly_mv ON CLUSTER pm MODIFY QUERY
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
    countIf(spans.cost_usd IS NULL) AS unpriced_requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(duration_ns / 1e6) AS latency_ms_sum,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6)) AS latency_ms_digest,
    sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum,
    countIf(ttft_ms IS NOT NULL) AS ttft_count,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL) AS ttft_ms_digest,
    count() AS quality_runs,
    countIf(quality_flags = 0) AS quality_ok_runs
FROM spans_local AS spans
WHERE is_llm AND NOT is_revision
GROUP BY project_id, bucket, provider, model, ingest_key_id, created_by;

-- 0028_member_rollup_metrics.sql
-- On a store that already holds runs, `promptmetrics migrate` backfills data here; this script cannot.
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 28, '0028_member_rollup_metrics.sql', '31146bfcc4fccec267b2ace8d46584d3cea8ae75dd28aa9ee57fdb3695ff2151', now64(3);

-- 0029_spans_vertical_merges.sql
ALTER TABLE spans_local ON CLUSTER pm MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;

-- 0029_spans_vertical_merges.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 29, '0029_spans_vertical_merges.sql', '5ec431e6dbef2c5ea16d508130278b603bb5fd50141aa1ce4ccb1a31aaa6f3ce', now64(3);

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_model_hourly_local ON CLUSTER pm MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_model_hourly_local ON CLUSTER pm ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        provider, model,
        sum(requests),
        sum(errors),
        sum(input_tokens),
        sum(output_tokens),
        sum(cache_read_tokens),
        sum(cache_write_tokens),
        sum(reasoning_tokens),
        sum(cost_usd),
        sum(latency_ms_sum),
        sum(ttft_ms_sum),
        sum(ttft_count),
        sum(quality_runs),
        sum(quality_ok_runs),
        quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)
    GROUP BY project_id, toStartOfDay(bucket), provider, model
);

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_model_hourly_local ON CLUSTER pm MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_user_hourly_local ON CLUSTER pm MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_user_hourly_local ON CLUSTER pm ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        user_id,
        sum(requests),
        sum(errors),
        sum(input_tokens),
        sum(output_tokens),
        sum(cache_read_tokens),
        sum(cache_write_tokens),
        sum(reasoning_tokens),
        sum(cost_usd),
        sum(latency_ms_sum),
        sum(ttft_ms_sum),
        sum(ttft_count),
        sum(quality_runs),
        sum(quality_ok_runs),
        quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)
    GROUP BY project_id, toStartOfDay(bucket), user_id
);

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_user_hourly_local ON CLUSTER pm MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        prompt_name, prompt_version, model,
        sum(requests),
        sum(errors),
        sum(input_tokens),
        sum(output_tokens),
        sum(cache_read_tokens),
        sum(cache_write_tokens),
        sum(reasoning_tokens),
        sum(cost_usd),
        sum(latency_ms_sum),
        sum(ttft_ms_sum),
        sum(ttft_count),
        sum(quality_runs),
        sum(quality_ok_runs),
        quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)
    GROUP BY project_id, toStartOfDay(bucket), prompt_name, prompt_version, model
);

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_member_hourly_local ON CLUSTER pm MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_member_hourly_local ON CLUSTER pm ADD PROJECTION IF NOT EXISTS daily
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        provider, model, ingest_key_id, created_by,
        sum(requests),
        sum(errors),
        sum(input_tokens),
        sum(output_tokens),
        sum(cache_read_tokens),
        sum(cache_write_tokens),
        sum(reasoning_tokens),
        sum(cost_usd),
        sum(latency_ms_sum),
        sum(ttft_ms_sum),
        sum(ttft_count),
        sum(quality_runs),
        sum(quality_ok_runs),
        quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)
    GROUP BY project_id, toStartOfDay(bucket), provider, model, ingest_key_id, created_by
);

-- 0030_rollup_daily_projections.sql
ALTER TABLE rollup_member_hourly_local ON CLUSTER pm MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2;

-- 0030_rollup_daily_projections.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 30, '0030_rollup_daily_projections.sql', '05bef8da4d282e99d7bfcb2cdeb10508d4ba0e0266d5a15ca356a49479ead7c7', now64(3);

-- 0031_rollup_prompt_daily_versions.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm ADD PROJECTION IF NOT EXISTS daily_versions
(
    SELECT
        project_id,
        toStartOfDay(bucket),
        prompt_name, prompt_version,
        sum(requests),
        sum(errors),
        sum(input_tokens),
        sum(output_tokens),
        sum(cache_read_tokens),
        sum(cache_write_tokens),
        sum(reasoning_tokens),
        sum(cost_usd),
        sum(latency_ms_sum),
        sum(ttft_ms_sum),
        sum(ttft_count),
        sum(quality_runs),
        sum(quality_ok_runs),
        quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)
    GROUP BY project_id, toStartOfDay(bucket), prompt_name, prompt_version
);

-- 0031_rollup_prompt_daily_versions.sql
ALTER TABLE rollup_prompt_hourly_local ON CLUSTER pm MATERIALIZE PROJECTION daily_versions SETTINGS mutations_sync = 2;

-- 0031_rollup_prompt_daily_versions.sql
INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT 31, '0031_rollup_prompt_daily_versions.sql', '45c4a5f57b474828fbc461f4899bbe79a8659f1f75093cbef8640b5f3f408238', now64(3);
