-- llm_runs: the documented, stable view with one row per LLM call, for ad-hoc SQL and Grafana.
-- Its columns are a contract (see ARCHITECTURE.md): add columns freely, never rename or drop one.
-- FINAL collapses a span re-sent by a retrying exporter (or rewritten by a reprice) into one row even
-- before background merges; the dashboards read the rollups, so this view is not on their hot path.
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
    resource_attributes
FROM spans FINAL
WHERE is_llm;
