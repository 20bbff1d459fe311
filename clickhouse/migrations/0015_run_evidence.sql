-- Content-free evidence of every LLM run, for advice that works without content capture (the optimization
-- engine): input_hash, the first 32 hex digits of the SHA-256 of the request's canonical form (messages,
-- system, tools and the parameters that change the answer, never the model; '' = not known), so runs with
-- the same input_hash are duplicate requests; prefix_hash and prefix_tokens, the same for the request's
-- stable prefix (up to the last cache breakpoint, else before the last user turn) and its size in tokens
-- (exact when cache_read_tokens + cache_write_tokens > 0, else estimated); quality_flags, a bitmask of free
-- heuristics: 1 empty_output, 2 refusal, 4 invalid_json, 8 truncated, 16 error. The rules are in
-- docs/design/instrumentation.md ("Run evidence"). Rows written before this migration read '', 0 and 0:
-- not known. The rollups do not group by any of them, so only spans and the llm_runs view change.
ALTER TABLE spans ADD COLUMN IF NOT EXISTS input_hash String DEFAULT '' AFTER output_text;
ALTER TABLE spans ADD COLUMN IF NOT EXISTS prefix_hash String DEFAULT '' AFTER input_hash;
ALTER TABLE spans ADD COLUMN IF NOT EXISTS prefix_tokens UInt32 DEFAULT 0 AFTER prefix_hash;
ALTER TABLE spans ADD COLUMN IF NOT EXISTS quality_flags UInt8 DEFAULT 0 AFTER prefix_tokens;

-- llm_runs as in 0012, with the evidence added.
CREATE OR REPLACE VIEW llm_runs AS
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
