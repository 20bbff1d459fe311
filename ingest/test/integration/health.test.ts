// The ingest's health rows: what one process accepted, refused and queued reaches ingest_health with
// the right figures, per interval, and shutdown writes the last interval.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listIngestHealth } from "@promptmetrics/clickhouse";
import { startIngestHarness, type IngestHarness } from "@promptmetrics/testing/ingest-harness";

let h: IngestHarness;
before(async () => {
  // Interval off: the test writes rows itself with record(), so the figures are exact.
  h = await startIngestHarness({ healthIntervalMs: 0 });
});
after(() => h.close());

function chatSpan(spanId: string, traceId = "0af7651916cd43dd8448eb211c80319c") {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId,
    spanId,
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: String(now - 900_000_000n),
    endTimeUnixNano: String(now),
    attributes: [
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: spanId.endsWith("f") ? "no-such-model-x" : "gpt-4o" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "100" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "20" } },
    ],
  };
}

async function post(spans: object[], key = h.ingestKey): Promise<number> {
  const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "test" }, spans }] }] });
  const response = await fetch(`${h.url}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

test("a health row holds the interval's requests, spans by outcome, unknown models and insert timings", async () => {
  assert.equal(
    await post([chatSpan("00f067aa0ba902b1"), chatSpan("00f067aa0ba902bf"), { ...chatSpan("00f067aa0ba902b3"), endTimeUnixNano: "1" }]),
    200,
  );
  assert.equal(await post([chatSpan("00f067aa0ba902b1")]), 200); // the same span again: a duplicate
  assert.equal(await post([chatSpan("00f067aa0ba902b4")], "pm_ingest_wrong"), 401);
  await h.service.recordHealth();

  const [row] = await listIngestHealth(h.store, { limit: 1 });
  assert.ok(row);
  assert.match(row.instance, /:\d+$/);
  assert.equal(row.requests, 3);
  assert.equal(row.requestsThrottled, 0);
  assert.equal(row.spansReceived, 4);
  assert.equal(row.spansAccepted, 2);
  assert.equal(row.spansDuplicate, 1);
  assert.equal(row.spansRejected, 1);
  assert.deepEqual(row.rejectedByReason, { invalid_time: 1 });
  assert.equal(row.unknownModelSpans, 1);
  assert.equal(row.queueRows, 0);
  assert.equal(row.inserts, 2);
  assert.equal(row.insertMs.length, 2);
  assert.ok(row.insertMs.every((ms) => ms > 0));
});

test("the next row counts only what happened since the previous one", async () => {
  assert.equal(await post([chatSpan("00f067aa0ba902c1")]), 200);
  await h.service.recordHealth();
  const [latest] = await listIngestHealth(h.store, { limit: 1 });
  assert.ok(latest);
  assert.equal(latest.requests, 1);
  assert.equal(latest.spansAccepted, 1);
  assert.equal(latest.spansRejected, 0);
  assert.deepEqual(latest.rejectedByReason, {});
  assert.equal(latest.insertMs.length, 1);
});
