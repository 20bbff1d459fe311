-- Two more inputs of a run's price, stored so that a reprice keeps them: where the call was processed
-- (Anthropic's inference_geo, an OpenAI project's region; '' = not known, and anything but 'global' pays
-- the model's regional uplift) and the cache writes made with OpenAI's 12-hour retention (a subset of
-- cache_write_tokens, as cache_write_1h_tokens is for Anthropic's 1-hour TTL). Rows written before this
-- migration read '' and 0, which is what they were priced with. The rollups do not split cache writes by
-- lifetime, so only spans and the llm_runs view change.
ALTER TABLE spans ADD COLUMN IF NOT EXISTS inference_geo LowCardinality(String) DEFAULT '' AFTER service_tier;
ALTER TABLE spans ADD COLUMN IF NOT EXISTS cache_write_12h_tokens UInt64 DEFAULT 0 AFTER cache_write_1h_tokens;

-- llm_runs as in 0003, with the processing geography and the cache writes by lifetime added.
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
    cache_write_12h_tokens
FROM spans FINAL
WHERE is_llm;
