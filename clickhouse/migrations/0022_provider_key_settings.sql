-- The gateway (issue 17) reads provider_keys: where to send a project's calls and with which key. Per
-- connection: the upstream base URL ('' = the provider's public API), the provider's own settings as JSON
-- (Azure OpenAI: resource endpoint, API version and the model → deployment map), who connected it, and
-- which master key sealed `ciphertext` (the first 16 hex digits of its SHA-256), so a wrong or rotated
-- PROMPTMETRICS_MASTER_KEY is named at start-up instead of failing on the first call.
ALTER TABLE provider_keys ADD COLUMN IF NOT EXISTS base_url String AFTER hint;
ALTER TABLE provider_keys ADD COLUMN IF NOT EXISTS settings String AFTER base_url;
ALTER TABLE provider_keys ADD COLUMN IF NOT EXISTS created_by String AFTER settings;
ALTER TABLE provider_keys ADD COLUMN IF NOT EXISTS master_key_id String AFTER created_by;
