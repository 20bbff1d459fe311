// The rollups stay exact under a high-concurrency ingest: many exporters at once, overlapping inserts on
// two writer sessions, batches of every size. Every hourly rollup must then say what the raw spans say,
// hour by hour: runs, errors, cost and tokens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findRollupDisagreements } from "@promptmetrics/clickhouse";
import { startIngestHarness } from "@promptmetrics/testing/ingest-harness";
import { startOtlpLoad } from "@promptmetrics/testing/otlp-load";

test("after 24 exporters at once through overlapping inserts, every rollup agrees with the raw spans hour by hour", async () => {
  // No linger: batches of every size, and two inserts in flight whenever the queue allows.
  const h = await startIngestHarness({ lingerMs: 0, concurrentInserts: 2 });
  try {
    const load = startOtlpLoad({ url: h.url, ingestKey: h.ingestKey, clients: 24, spansPerBatch: 40, batchesPerClient: 5, hoursBack: 3 });
    const report = await load.done;
    assert.equal(report.batchesAbandoned, 0);
    assert.equal(report.acked.size, 24 * 5 * 40);

    const [stored] = await h.store.query<{ rows: number; distinct_ids: number }>(
      "SELECT count() AS rows, uniqExact(trace_id, span_id) AS distinct_ids FROM spans WHERE project_id = {p:String}",
      { p: h.projectId },
    );
    assert.deepEqual(stored, { rows: report.acked.size, distinct_ids: report.acked.size }, "each acknowledged span stored once");

    const now = Date.now();
    const disagreements = await findRollupDisagreements(h.store, { from: new Date(now - 5 * 3_600_000), to: new Date(now + 3_600_000) });
    assert.deepEqual(disagreements, [], "runs and cost of every rollup, every hour");

    // Tokens and errors too, per model and hour, against the raw spans.
    const [tokens] = await h.store.query<{ differing_hours: number; hours: number }>(
      `SELECT countIf(r.input_tokens != s.input_tokens OR r.output_tokens != s.output_tokens OR r.errors != s.errors) AS differing_hours,
              count() AS hours
       FROM (SELECT bucket, model, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(errors) AS errors
             FROM rollup_model_hourly WHERE project_id = {p:String} GROUP BY bucket, model) AS r
       FULL OUTER JOIN
            (SELECT toDateTime(toStartOfHour(start_time), 'UTC') AS bucket, model,
                    sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, countIf(status_code = 'error') AS errors
             FROM spans FINAL WHERE project_id = {p:String} AND is_llm AND NOT is_revision GROUP BY bucket, model) AS s
       USING (bucket, model)
       SETTINGS join_use_nulls = 0`,
      { p: h.projectId },
    );
    assert.ok(Number(tokens!.hours) >= 3, `the load spans several hours (${tokens!.hours} model-hours)`);
    assert.equal(Number(tokens!.differing_hours), 0);
  } finally {
    await h.close();
  }
});
