// Golden SQL for the feedback figures: current feedback (FINAL) alone, read with the spans' column names;
// the member dimension still joins it to its runs and their key owners.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildRunFeedbackQuery } from "./run-feedback.ts";

test("daily ratings and success flags by prompt version in New York, for one model", () => {
  const { sql, params } = buildRunFeedbackQuery({
    projectId: "p1",
    from: new Date("2026-11-20T05:00:00Z"),
    to: new Date("2026-11-27T05:00:00Z"),
    filters: { model: ["gpt-4o"], namedPromptsOnly: true },
    dimensions: ["prompt", "promptVersion"],
    bucket: { granularity: "day", timeZone: "America/New_York" },
  });
  assert.equal(
    sql,
    `SELECT
    toUnixTimestamp(toStartOfDay(start_time, {tz:String})) AS bucket,
    prompt_name AS key_0,
    prompt_version AS key_1,
    countIf(rating IS NOT NULL) AS rated_runs,
    sum(ifNull(rating, 0)) AS rating_sum,
    countIf(success = true AND status_code = 'error') AS success_on_error,
    countIf(success = false AND status_code != 'error') AS failure_on_ok
FROM
(
    SELECT run_start_time AS start_time, model, provider, status_code, prompt_name, prompt_version, user_id, tags, rating, success
    FROM feedback FINAL
    WHERE project_id = {projectId:String}
      AND is_deleted = 0
      AND run_start_time >= {from:DateTime64(3, 'UTC')} AND run_start_time < {to:DateTime64(3, 'UTC')}
) AS spans
WHERE model IN {model:Array(String)}
  AND prompt_name != ''
GROUP BY bucket, key_0, key_1
ORDER BY bucket, key_0, key_1`,
  );
  assert.deepEqual(params, {
    projectId: "p1",
    from: new Date("2026-11-20T05:00:00Z"),
    to: new Date("2026-11-27T05:00:00Z"),
    model: ["gpt-4o"],
    tz: "America/New_York",
  });
});

test("totals: no keys, no GROUP BY", () => {
  const { sql } = buildRunFeedbackQuery({
    projectId: "p1",
    from: new Date("2026-11-20T00:00:00Z"),
    to: new Date("2026-11-21T00:00:00Z"),
    filters: {},
  });
  assert.match(sql, /^SELECT\n {4}countIf\(rating IS NOT NULL\) AS rated_runs,/);
  assert.doesNotMatch(sql, /GROUP BY (bucket|key_)/);
});

test("by member: joined to the runs and their key owners", () => {
  const { sql } = buildRunFeedbackQuery({
    projectId: "p1",
    from: new Date("2026-11-20T00:00:00Z"),
    to: new Date("2026-11-21T00:00:00Z"),
    filters: {},
    dimensions: ["member"],
  });
  assert.match(sql, /INNER JOIN/);
  assert.match(sql, /key_owners/);
});
