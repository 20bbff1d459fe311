// Golden SQL for the run list: every filter value is a typed parameter, the keyset condition follows
// the sort (a tuple with the run's identity, so ties never repeat or skip a run), and the page's rows
// are then read by key, so sorting never reads prompt text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildRunKeysQuery, buildRunRowsQuery } from "./list-runs.ts";

test("the page's keys: filters, search, the rated join and a cost cursor, most expensive first", () => {
  const { sql, params } = buildRunKeysQuery({
    projectId: "proj_1",
    filters: { from: new Date("2026-11-18T00:00:00Z"), model: ["gpt-4o"], rated: true, minCost: "0.01", q: "' OR 1=1 --" },
    sort: "cost",
    order: "desc",
    after: { key: "0.5", traceId: "t", spanId: "s" },
    limit: 51,
  });
  assert.equal(
    sql,
    `SELECT s.trace_id AS trace_id, s.span_id AS span_id, s.start_time AS start_time, toString(ifNull(s.cost_usd, toDecimal64(-1, 12))) AS sort_key
FROM spans AS s FINAL
LEFT JOIN
(
    SELECT span_id, trace_id, rating
    FROM feedback FINAL
    WHERE project_id = {projectId:String} AND is_deleted = 0
) AS fb ON fb.span_id = s.span_id AND fb.trace_id = s.trace_id
WHERE s.project_id = {projectId:String}
  AND s.is_llm
  AND s.start_time >= {from:DateTime64(3, 'UTC')}
  AND s.model IN {model:Array(String)}
  AND s.cost_usd >= {minCost:Decimal(18, 12)}
  AND (positionCaseInsensitiveUTF8(s.input_text, {q:String}) > 0 OR positionCaseInsensitiveUTF8(s.output_text, {q:String}) > 0)
  AND fb.rating IS NOT NULL
  AND (ifNull(s.cost_usd, toDecimal64(-1, 12)), s.trace_id, s.span_id) < ({afterKey:Decimal(18, 12)}, {afterTrace:String}, {afterSpan:String})
  AND ifNull(s.cost_usd, toDecimal64(-1, 12)) <= {afterKey:Decimal(18, 12)}
ORDER BY ifNull(s.cost_usd, toDecimal64(-1, 12)) DESC, s.trace_id DESC, s.span_id DESC
LIMIT {limit:UInt32}`,
  );
  assert.deepEqual(params, {
    projectId: "proj_1",
    limit: 51,
    from: new Date("2026-11-18T00:00:00Z"),
    model: ["gpt-4o"],
    minCost: "0.01",
    q: "' OR 1=1 --",
    afterKey: "0.5",
    afterTrace: "t",
    afterSpan: "s",
  });
});

test("oldest first by start time; without a rated filter the feedback is not joined", () => {
  const { sql } = buildRunKeysQuery({
    projectId: "proj_1",
    filters: { to: new Date("2026-11-25T00:00:00Z"), status: ["error"], sessionId: ["s1"], tag: ["beta"] },
    sort: "startTime",
    order: "asc",
    after: { key: "2026-11-20 10:00:00.000000000", traceId: "t", spanId: "s" },
    limit: 500,
  });
  assert.equal(
    sql,
    `SELECT s.trace_id AS trace_id, s.span_id AS span_id, s.start_time AS start_time, toString(s.start_time) AS sort_key
FROM spans AS s FINAL
WHERE s.project_id = {projectId:String}
  AND s.is_llm
  AND s.start_time < {to:DateTime64(3, 'UTC')}
  AND s.session_id IN {sessionId:Array(String)}
  AND hasAny(s.tags, {tag:Array(String)})
  AND if(s.status_code = 'error', 'error', 'ok') IN {status:Array(String)}
  AND (s.start_time, s.trace_id, s.span_id) > ({afterKey:DateTime64(9, 'UTC')}, {afterTrace:String}, {afterSpan:String})
  AND s.start_time >= {afterKey:DateTime64(9, 'UTC')}
ORDER BY s.start_time ASC, s.trace_id ASC, s.span_id ASC
LIMIT {limit:UInt32}`,
  );
});

test("the page's rows: by trace id within the page's start times, with their current feedback", () => {
  const keys = [
    { trace_id: "t2", span_id: "s2", start_time: "2026-11-20 10:05:00.000000000", sort_key: "3" },
    { trace_id: "t1", span_id: "s1", start_time: "2026-11-20 10:00:00.000000000", sort_key: "2" },
    { trace_id: "t2", span_id: "s3", start_time: "2026-11-20 10:01:00.000000000", sort_key: "1" },
  ];
  const { sql, params } = buildRunRowsQuery({ projectId: "proj_1", keys, withText: true });
  assert.ok(
    sql.endsWith(`FROM spans AS s FINAL
LEFT JOIN
(
    SELECT span_id, trace_id, rating, success, comment
    FROM feedback FINAL
    WHERE project_id = {projectId:String} AND is_deleted = 0 AND span_id IN {spanIds:Array(String)}
) AS fb ON fb.span_id = s.span_id AND fb.trace_id = s.trace_id
WHERE s.project_id = {projectId:String}
  AND s.is_llm
  AND s.start_time >= {firstStart:DateTime64(9, 'UTC')} AND s.start_time <= {lastStart:DateTime64(9, 'UTC')}
  AND s.trace_id IN {traceIds:Array(String)}
  AND concat(s.trace_id, '/', s.span_id) IN {keys:Array(String)}`),
  );
  assert.ok(sql.includes("s.input_text AS input_text, s.output_text AS output_text"));
  assert.ok(!buildRunRowsQuery({ projectId: "proj_1", keys }).sql.includes("s.input_text AS input_text"), "the list reads previews only");
  assert.deepEqual(params, {
    projectId: "proj_1",
    firstStart: "2026-11-20 10:00:00.000000000",
    lastStart: "2026-11-20 10:05:00.000000000",
    spanIds: ["s2", "s1", "s3"],
    traceIds: ["t2", "t1"],
    keys: ["t2/s2", "t1/s1", "t2/s3"],
  });
});

test("the quality filter: ok is no flag, failing any flag, a name its bit; several are any of them", () => {
  const where = (quality: Parameters<typeof buildRunKeysQuery>[0]["filters"]["quality"]) => {
    const { sql, params } = buildRunKeysQuery({ projectId: "p", filters: { quality }, sort: "startTime", order: "desc", limit: 10 });
    return [
      sql
        .split("\n")
        .find((line) => line.includes("quality_flags"))
        ?.trim(),
      params["qualityMask"],
    ];
  };
  assert.deepEqual(where(["ok"]), ["AND s.quality_flags = 0", undefined]);
  // failing: every defined bit, 1 + 2 + 4 + 8 + 16.
  assert.deepEqual(where(["failing"]), ["AND bitAnd(s.quality_flags, {qualityMask:UInt8}) != 0", 31]);
  // refusal 2, truncated 8.
  assert.deepEqual(where(["refusal", "truncated"]), ["AND bitAnd(s.quality_flags, {qualityMask:UInt8}) != 0", 10]);
  assert.deepEqual(where(["ok", "invalid_json"]), ["AND (s.quality_flags = 0 OR bitAnd(s.quality_flags, {qualityMask:UInt8}) != 0)", 4]);
  assert.deepEqual(where(undefined), [undefined, undefined]);
});
