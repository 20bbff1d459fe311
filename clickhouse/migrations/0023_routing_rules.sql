-- Routing rules of the gateway (issue 17): calls matching a prompt (name, version), a requested model,
-- tags or an end user are sent to another model, for a share of their traffic (canaries), sticky per end
-- user or session. Applying a model_switch suggestion writes one (suggestion_id). Versioned metadata,
-- read with FINAL; a deleted rule is a newer version with is_deleted = 1.
CREATE TABLE IF NOT EXISTS routing_rules
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
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (project_id, id);
