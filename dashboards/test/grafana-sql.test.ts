// The emulation of Grafana + the ClickHouse plugin that panels.test.ts relies on, held to the plugin's
// own expectations (pkg/macros/macros_test.go, src/data/CHDatasource.test.ts in grafana/clickhouse-datasource).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ALL_VALUE,
  applyConditionalAll,
  expandMacros,
  interpolateVariables,
  renderGrafanaSql,
  type ResolvedVariable,
} from "./support/grafana-sql.ts";

const FROM = new Date("2014-11-12T11:45:26.371Z");
const TO = new Date("2015-11-12T11:45:26.371Z");
const context = { from: FROM, to: TO, intervalMs: 20_000 };

const variable = (name: string, value: string | string[], allOptions: string[] = []): ResolvedVariable => ({ name, value, allOptions });

test("time macros expand to whole-second toDateTime and millisecond fromUnixTimestamp64Milli, as the plugin's tests expect", () => {
  assert.equal(expandMacros("$__timeFilter(ts)", context), "ts >= toDateTime(1415792726) AND ts <= toDateTime(1447328726)");
  assert.equal(
    expandMacros("$__timeFilter_ms(ts)", context),
    "ts >= fromUnixTimestamp64Milli(1415792726371) AND ts <= fromUnixTimestamp64Milli(1447328726371)",
  );
  assert.equal(expandMacros("$__fromTime, $__toTime", context), "toDateTime(1415792726), toDateTime(1447328726)");
  assert.equal(expandMacros("$__fromTime_ms", context), "fromUnixTimestamp64Milli(1415792726371)");
  assert.equal(expandMacros("$__dateFilter(d)", context), "d >= toDate('2014-11-12') AND d <= toDate('2015-11-12')");
});

test("interval macros: $__timeInterval, $__timeInterval_ms and $__interval_s, never confused with one another", () => {
  assert.equal(expandMacros("$__timeInterval(col)", context), "toStartOfInterval(toDateTime(col), INTERVAL 20 second)");
  assert.equal(expandMacros("$__timeInterval_ms(col)", context), "toStartOfInterval(toDateTime64(col, 3), INTERVAL 20000 millisecond)");
  assert.equal(expandMacros("count() / $__interval_s", context), "count() / 20");
  assert.equal(expandMacros("$__interval_s", { ...context, intervalMs: 250 }), "1");
});

test("macros in comments are dropped with the comment; unknown macros and string literals are left alone", () => {
  assert.equal(
    expandMacros("SELECT 1 -- $__timeFilter()\nWHERE $__unknown(x) AND s = '--'", context),
    "SELECT 1 \nWHERE $__unknown(x) AND s = '--'",
  );
  assert.throws(() => expandMacros("$__timeFilter()", context), /expected 1 argument/);
});

test("$__conditionalAll becomes 1=1 for All or an empty value and the condition otherwise", () => {
  const sql =
    "select stuff from table where $__conditionalAll(fieldVal in ($fieldVal), $fieldVal) and $__conditionalAll(fieldVal in ($fieldVal2), $fieldVal2);";
  assert.equal(
    applyConditionalAll(sql, [variable("fieldVal", ["val1", "val2"]), variable("fieldVal2", [ALL_VALUE])]),
    "select stuff from table where fieldVal in ($fieldVal) and 1=1;",
  );
  assert.equal(applyConditionalAll("$__conditionalAll(foo, ${fieldVal})", [variable("fieldVal", "")]), "1=1");
});

test("variables: lists as the plugin formats them, singlequote escaping quotes, All expanded where no macro swallowed it", () => {
  const vars = [variable("model", ["gpt-4o", "o3"]), variable("team", ["O'Brien"]), variable("env", [ALL_VALUE], ["prod", "dev"])];
  assert.equal(interpolateVariables("IN ($model)", vars), "IN ('gpt-4o','o3')");
  assert.equal(
    interpolateVariables("IN (${model:singlequote}) AND t = ${team:singlequote}", vars),
    "IN ('gpt-4o','o3') AND t = 'O\\'Brien'",
  );
  assert.equal(interpolateVariables("IN (${env:singlequote}) AND $__timeFilter(x)", vars), "IN ('prod','dev') AND $__timeFilter(x)");
});

test("the whole pipeline: conditionalAll first, then variables, then macros", () => {
  const sql =
    "SELECT $__timeInterval(bucket) AS time FROM r WHERE $__timeFilter(bucket) AND $__conditionalAll(project_id IN (${project:singlequote}), $project)";
  assert.equal(
    renderGrafanaSql(sql, [variable("project", ["p1"])], context),
    "SELECT toStartOfInterval(toDateTime(bucket), INTERVAL 20 second) AS time FROM r WHERE bucket >= toDateTime(1415792726) AND bucket <= toDateTime(1447328726) AND project_id IN ('p1')",
  );
});
