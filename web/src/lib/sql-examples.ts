// The SQL console's example queries, listed in its sidebar (the tables beside them come from the API's
// document: api/sql-tables.ts).

export interface SqlExample {
  title: string;
  query: string;
}

export const SQL_EXAMPLES: readonly SqlExample[] = [
  {
    title: "Cost by model, last 7 days",
    query: `SELECT model, count() AS runs, sum(cost_usd) AS cost, round(avg(latency_ms)) AS avg_ms
FROM llm_runs
WHERE start_time >= now() - INTERVAL 7 DAY
GROUP BY model
ORDER BY cost DESC`,
  },
  {
    title: "Daily requests and p95 latency (rollup)",
    query: `SELECT toDate(bucket) AS day, sum(requests) AS requests, sum(cost_usd) AS cost,
       quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(latency_ms_digest)[3] AS p95_ms
FROM rollup_model_hourly
GROUP BY day
ORDER BY day`,
  },
  {
    title: "Most expensive runs today",
    query: `SELECT start_time, model, user_id, input_tokens, output_tokens, cost_usd, trace_id, span_id
FROM llm_runs
WHERE start_time >= today()
ORDER BY cost_usd DESC
LIMIT 20`,
  },
  {
    title: "Rating and failures by model",
    query: `SELECT r.model, avg(f.rating) AS rating, countIf(f.success = false) AS failures, count() AS rated
FROM llm_runs AS r
INNER JOIN feedback AS f ON f.trace_id = r.trace_id AND f.span_id = r.span_id
GROUP BY r.model
ORDER BY rated DESC`,
  },
  {
    title: "Error messages, most frequent first",
    query: `SELECT model, status_message, count() AS errors
FROM llm_runs
WHERE status = 'error'
GROUP BY model, status_message
ORDER BY errors DESC
LIMIT 50`,
  },
  {
    title: "Top users by cost, last 30 days",
    query: `SELECT user_id, sum(requests) AS requests, sum(cost_usd) AS cost
FROM rollup_user_hourly
WHERE bucket >= now() - INTERVAL 30 DAY
GROUP BY user_id
ORDER BY cost DESC
LIMIT 25`,
  },
];

export const DEFAULT_SQL = SQL_EXAMPLES[0]!.query;
