-- Sign-in sessions and org invitations, versioned like the metadata tables of 0005: a change inserts a
-- newer version (is_deleted = 1 to delete), and readers use FINAL on these small tables.

-- `id` is the SHA-256 of the opaque session secret held in the browser's cookie; the secret itself is
-- never stored, so a leaked table cannot be replayed as cookies. Rows are dropped a day after expiry.
CREATE TABLE IF NOT EXISTS sessions
(
    id          String,
    user_id     String,
    created_at  DateTime64(3, 'UTC'),
    expires_at  DateTime64(3, 'UTC'),
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- An invitation to join an org by link. Only the SHA-256 of the link's token is stored.
CREATE TABLE IF NOT EXISTS invitations
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (org_id, id);
