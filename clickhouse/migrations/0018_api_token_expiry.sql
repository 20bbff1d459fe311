-- API tokens expire (issue 16): when a token stops working. NULL for ingest keys, and for tokens made
-- before this migration, which the API treats as expiring at their creation + the longest allowed life.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS expires_at Nullable(DateTime64(3, 'UTC')) AFTER revoked_at;
