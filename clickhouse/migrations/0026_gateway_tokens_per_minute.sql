-- Tokens per minute join the gateway's limits (issue 17): the input and output tokens of a project's,
-- one key's or one/each end user's runs in the last 60 s. Only the metric constraint widens; rows
-- written before read as they did. On a cluster the renderer also makes the Distributed table again,
-- which holds a copy of the constraint (see CONSTRAINT_COMMANDS in render-cluster-ddl.ts).
ALTER TABLE gateway_limits DROP CONSTRAINT IF EXISTS known_metric, ADD CONSTRAINT IF NOT EXISTS known_metric CHECK metric IN ('requests_per_minute', 'tokens_per_minute', 'spend_per_day', 'spend_per_month');
