import assert from "node:assert/strict";
import { test } from "node:test";
import { IngestMetrics } from "./ingest-metrics.ts";

test("metrics render in the Prometheus text format", () => {
  const metrics = new IngestMetrics();
  metrics.countRequest("traces", 200);
  metrics.countRequest("traces", 200);
  metrics.spansReceived = 12;
  metrics.countRejected("invalid_id", 2);
  metrics.countUnknownModel();
  metrics.observeInsert(30);
  const text = metrics.render({ queuedRows: 5, queuedBytes: 640 });
  assert.match(text, /^promptmetrics_ingest_requests_total\{route="traces",status="200"\} 2$/m);
  assert.match(text, /^promptmetrics_ingest_spans_received_total 12$/m);
  assert.match(text, /^promptmetrics_ingest_spans_rejected_total\{reason="invalid_id"\} 2$/m);
  assert.match(text, /^promptmetrics_ingest_unknown_model_spans_total 1$/m);
  assert.match(text, /^promptmetrics_ingest_queue_rows 5$/m);
  assert.match(text, /^promptmetrics_ingest_insert_duration_ms_bucket\{le="25"\} 0$/m);
  assert.match(text, /^promptmetrics_ingest_insert_duration_ms_bucket\{le="50"\} 1$/m);
  assert.match(text, /^promptmetrics_ingest_insert_duration_ms_count 1$/m);
  assert.match(text, /^# TYPE promptmetrics_ingest_queue_bytes gauge$/m);
});

test("unknown models are one number: no model name, or any other tenant's text, becomes a label", () => {
  const metrics = new IngestMetrics();
  for (let i = 0; i < 250; i++) metrics.countUnknownModel();
  const text = metrics.render({ queuedRows: 0, queuedBytes: 0 });
  assert.match(text, /^promptmetrics_ingest_unknown_model_spans_total 250$/m);
  assert.equal(text.match(/^promptmetrics_ingest_unknown_model_spans_total/gm)?.length, 1, "one series, however many models");
  assert.equal(metrics.totals().unknownModelSpans, 250, "the health rows count the same");
});
