-- Gateway keys (issue 17): api_keys of kind 'gateway' authenticate calls through the gateway and nothing
-- else (not OTLP ingest, not the API), so a key handed to an app can carry its own limits without being
-- able to write spans. Dropped and added again, so that a rerun after a crash between the two finishes.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS known_kind;
ALTER TABLE api_keys ADD CONSTRAINT IF NOT EXISTS known_kind CHECK kind IN ('ingest', 'api', 'gateway');

-- A project's gateway settings. allow_key_passthrough: a caller may send its own provider key (with the
-- project key in x-promptmetrics-key), which is forwarded for that call and never stored. Versioned
-- metadata read with FINAL.
CREATE TABLE IF NOT EXISTS gateway_settings
(
    project_id              String,
    allow_key_passthrough   UInt8,
    updated_by              String,
    updated_at              DateTime64(3, 'UTC'),
    version                 UInt64,
    is_deleted              UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY project_id;
