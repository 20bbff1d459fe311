-- Signed rollup counters (issue #16, nothing counted twice). When the ingest learns that a run it already
-- counted is the same provider call as another run (the Anthropic SDK's own span and Traceloop's for one
-- call, arriving in different exports or traces), it stores the duplicate as a plain span and subtracts
-- what the duplicate added to each rollup: rows of negative counts and cost, summed like any other row.
-- That needs signed counters; costs (Decimal) and latency sums (Float64) already are. Counts read the same
-- (sums of Int64 instead of UInt64). The t-digest and max columns are not retracted: a retracted run's
-- latency stays one sample of the digests (the two spans of one call time the same request).
--
-- MODIFY COLUMN rewrites the rollup parts (small: hourly rows); inserts go on meanwhile and are converted.

ALTER TABLE rollup_model_hourly MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

ALTER TABLE rollup_user_hourly MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

ALTER TABLE rollup_prompt_hourly MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN input_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN output_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_read_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN cache_write_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reasoning_tokens SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN ttft_count SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_runs SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN quality_ok_runs SimpleAggregateFunction(sum, Int64);

ALTER TABLE rollup_error_hourly MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64);

ALTER TABLE rollup_member_hourly MODIFY COLUMN requests SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN errors SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN unpriced_requests SimpleAggregateFunction(sum, Int64);
