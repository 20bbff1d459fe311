// Golden SQL for the run figures: the text and parameters the builders produce for representative
// requests. The metric blocks are the same in every query, so they are spelled out once here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildRunMetricsQuery } from "./run-metrics.ts";

const MERGED = `
    sum(requests) AS requests,
    sum(errors) AS errors,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    toFloat64(sum(cost_usd)) AS cost_usd,
    sum(latency_ms_sum) AS latency_ms_sum,
    quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(latency_ms_digest) AS latency_ms_quantiles,
    sum(ttft_ms_sum) AS ttft_ms_sum,
    sum(ttft_count) AS ttft_count,
    sum(quality_runs) AS quality_runs,
    sum(quality_ok_runs) AS quality_ok_runs`.slice(1);

const ROLLUP_COLUMNS = `
        requests,
        errors,
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        reasoning_tokens,
        cost_usd,
        latency_ms_sum,
        latency_ms_digest,
        ttft_ms_sum,
        ttft_count,
        quality_runs,
        quality_ok_runs`.slice(1);

const RAW = `
        toInt64(count()) AS requests,
        toInt64(countIf(status_code = 'error')) AS errors,
        toInt64(sum(input_tokens)) AS input_tokens,
        toInt64(sum(output_tokens)) AS output_tokens,
        toInt64(sum(cache_read_tokens)) AS cache_read_tokens,
        toInt64(sum(cache_write_tokens)) AS cache_write_tokens,
        toInt64(sum(reasoning_tokens)) AS reasoning_tokens,
        sum(ifNull(cost_usd, toDecimal64(0, 12))) AS cost_usd,
        sum(duration_ns / 1e6) AS latency_ms_sum,
        quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6)) AS latency_ms_digest,
        sum(ifNull(ttft_ms, 0)) AS ttft_ms_sum,
        toInt64(countIf(ttft_ms IS NOT NULL)) AS ttft_count,
        toInt64(count()) AS quality_runs,
        toInt64(countIf(quality_flags = 0)) AS quality_ok_runs`.slice(1);

test("totals for a model over 'the last 105 minutes': whole hours from the rollup, the partial ones from spans", () => {
  const { sql, params } = buildRunMetricsQuery({
    projectId: "p1",
    from: new Date("2026-11-20T10:30:00Z"),
    to: new Date("2026-11-20T12:15:00Z"),
    filters: { model: ["' OR 1=1 --"] },
    source: "rollup_model_hourly",
  });
  assert.equal(
    sql,
    `SELECT
${MERGED}
FROM
(
    SELECT
${ROLLUP_COLUMNS}
    FROM rollup_model_hourly
    WHERE project_id = {projectId:String}
      AND bucket >= {rollupFrom:DateTime64(3, 'UTC')} AND bucket < {rollupTo:DateTime64(3, 'UTC')}
      AND model IN {model:Array(String)}
    UNION ALL
    SELECT
${RAW}
    FROM spans FINAL
    WHERE project_id = {projectId:String}
      AND is_llm
      AND (start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {rollupFrom:DateTime64(3, 'UTC')}
           OR start_time >= {rollupTo:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')})
      AND model IN {model:Array(String)}
)`,
  );
  assert.deepEqual(params, {
    projectId: "p1",
    from: new Date("2026-11-20T10:30:00Z"),
    to: new Date("2026-11-20T12:15:00Z"),
    rollupFrom: new Date("2026-11-20T11:00:00Z"),
    rollupTo: new Date("2026-11-20T12:00:00Z"),
    model: ["' OR 1=1 --"],
  });
});

test("daily Berlin cost series of the top models plus 'other', from whole rollup hours", () => {
  const { sql, params } = buildRunMetricsQuery({
    projectId: "p1",
    from: new Date("2026-11-19T23:00:00Z"),
    to: new Date("2026-11-26T23:00:00Z"),
    filters: { provider: ["openai"] },
    dimensions: ["model"],
    bucket: { granularity: "day", timeZone: "Europe/Berlin" },
    keep: ["gpt-4o", "gpt-4o-mini"],
    source: "rollup_model_hourly",
  });
  assert.equal(
    sql,
    `SELECT
    toUnixTimestamp(toStartOfDay(ts, {tz:String})) AS bucket,
    model IN {keep:Array(String)} AS in_keep,
    if(in_keep, model, '') AS key_0,
${MERGED}
FROM
(
    SELECT
        bucket AS ts,
        model,
${ROLLUP_COLUMNS}
    FROM rollup_model_hourly
    WHERE project_id = {projectId:String}
      AND bucket >= {rollupFrom:DateTime64(3, 'UTC')} AND bucket < {rollupTo:DateTime64(3, 'UTC')}
      AND provider IN {provider:Array(String)}
)
GROUP BY bucket, in_keep, key_0
ORDER BY bucket, in_keep, key_0`,
  );
  assert.deepEqual(params, {
    projectId: "p1",
    rollupFrom: new Date("2026-11-19T23:00:00Z"),
    rollupTo: new Date("2026-11-26T23:00:00Z"),
    provider: ["openai"],
    tz: "Europe/Berlin",
    keep: ["gpt-4o", "gpt-4o-mini"],
  });
});

test("top spenders by team member, for tagged error runs: raw spans with the key owners joined", () => {
  const { sql, params } = buildRunMetricsQuery({
    projectId: "p1",
    from: new Date("2026-11-20T00:00:00Z"),
    to: new Date("2026-11-27T00:00:00Z"),
    filters: { tag: ["beta"], status: ["error"] },
    dimensions: ["member"],
    limit: 11,
    source: "raw",
  });
  assert.equal(
    sql,
    `SELECT
    member_id AS key_0,
${MERGED}
FROM
(
    SELECT
        if(key_owners.member_id != '', key_owners.member_id, spans.span_attributes['promptmetrics.created_by']) AS member_id,
${RAW}
    FROM spans FINAL
    LEFT JOIN
    (
        SELECT id AS key_id, argMax(user_id, version) AS member_id
        FROM api_keys
        GROUP BY id
    ) AS key_owners ON key_owners.key_id = spans.ingest_key_id
    WHERE project_id = {projectId:String}
      AND is_llm
      AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
      AND hasAny(tags, {tag:Array(String)})
      AND if(status_code = 'error', 'error', 'ok') IN {status:Array(String)}
    GROUP BY member_id
)
GROUP BY key_0
ORDER BY cost_usd DESC, requests DESC, key_0
LIMIT {limit:UInt32}`,
  );
  assert.deepEqual(params, {
    projectId: "p1",
    from: new Date("2026-11-20T00:00:00Z"),
    to: new Date("2026-11-27T00:00:00Z"),
    tag: ["beta"],
    status: ["error"],
    limit: 11,
  });
});

test("Kolkata weeks by tag, named prompts only: raw spans bucketed in the zone, tags unrolled", () => {
  const { sql, params } = buildRunMetricsQuery({
    projectId: "p1",
    from: new Date("2026-11-01T18:30:00Z"),
    to: new Date("2026-11-29T18:30:00Z"),
    filters: { namedPromptsOnly: true },
    dimensions: ["tag"],
    bucket: { granularity: "week", timeZone: "Asia/Kolkata" },
    source: "raw",
  });
  assert.equal(
    sql,
    `SELECT
    toUnixTimestamp(toDateTime(toMonday(ts, {tz:String}), {tz:String})) AS bucket,
    tag AS key_0,
${MERGED}
FROM
(
    SELECT
        toDateTime(toMonday(start_time, {tz:String}), {tz:String}) AS ts,
        arrayJoin(if(empty(tags), [''], tags)) AS tag,
${RAW}
    FROM spans FINAL
    WHERE project_id = {projectId:String}
      AND is_llm
      AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
      AND prompt_name != ''
    GROUP BY ts, tag
)
GROUP BY bucket, key_0
ORDER BY bucket, key_0`,
  );
  assert.deepEqual(params, {
    projectId: "p1",
    from: new Date("2026-11-01T18:30:00Z"),
    to: new Date("2026-11-29T18:30:00Z"),
    tz: "Asia/Kolkata",
  });
});
