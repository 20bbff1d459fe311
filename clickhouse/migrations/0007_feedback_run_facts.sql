-- The rest of the run's facts on its feedback row (status, provider, tags, the key that sent it), so
-- the success-rate and rating figures aggregate feedback alone. Joining feedback to the spans of the
-- range instead took 1.3 s over 30 days at 10M runs (bench/api.ts), most of every dashboard route.
-- Rows written before this migration read status_code '' (not an error).
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS provider LowCardinality(String) DEFAULT '' AFTER model;
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS status_code LowCardinality(String) DEFAULT '' AFTER provider;
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS tags Array(LowCardinality(String)) AFTER user_id;
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS ingest_key_id LowCardinality(String) DEFAULT '' AFTER tags;
