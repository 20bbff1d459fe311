-- Accounts and configuration. Every table is versioned: an update or delete inserts a new row with a
-- higher version (is_deleted = 1 for a delete), so nothing ever needs a mutation. The tables are
-- small and read through FINAL, and the services cache what they read on hot paths (key lookups).
CREATE TABLE IF NOT EXISTS orgs
(
    id          String,
    name        String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id;

CREATE TABLE IF NOT EXISTS projects
(
    id          String,
    org_id      String,
    name        String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id;

-- password_hash is scrypt (memory-hard) in a self-describing string: scrypt$N$r$p$salt$hash.
CREATE TABLE IF NOT EXISTS users
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id;

CREATE TABLE IF NOT EXISTS memberships
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (org_id, user_id);

-- Ingest keys (kind = 'ingest', bound to a project) and API tokens (kind = 'api', acting with the rights
-- of user_id). Only a SHA-256 of the secret is stored; the secret is shown once at creation.
-- The secrets are 256-bit random, so a fast hash is enough (no password stretching needed).
CREATE TABLE IF NOT EXISTS api_keys
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id;

-- When each key was last used: written at most once a minute per key by the services, merged by max.
CREATE TABLE IF NOT EXISTS api_key_last_used
(
    key_id        String,
    last_used_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY key_id;

-- Provider API keys, encrypted with AES-256-GCM under the install's secret; `ciphertext` holds
-- version, IV, auth tag and data. `hint` is the last four characters, for display.
CREATE TABLE IF NOT EXISTS provider_keys
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id;

-- Per-project prices on top of the catalogue: an override of a catalogue model from `effective_from`,
-- or a custom model the catalogue does not know. USD per 1M tokens; NULL means "as the catalogue".
CREATE TABLE IF NOT EXISTS price_overrides
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (project_id, id);
