-- Routing rules do more than switch the model (issue 17): a rule may name fallback models, tried in turn
-- when the call still fails after its retries (same API dialect; `model` or `model@connection`, as the
-- x-promptmetrics-fallbacks header), and turn on the response cache for its calls (seconds, at most a
-- day; 0 = no caching). target_model may now be '' (the rule leaves the model alone). The defaults make
-- rules written before this migration read as they did: no fallbacks, no caching.
ALTER TABLE routing_rules ADD COLUMN IF NOT EXISTS fallback_models Array(String) DEFAULT [] AFTER sticky;
ALTER TABLE routing_rules ADD COLUMN IF NOT EXISTS cache_ttl_seconds UInt32 DEFAULT 0 AFTER fallback_models;
