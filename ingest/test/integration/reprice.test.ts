// Repricing after a new override: runs of a model that had no price get one, the rollups follow, and
// the project's list of unknown models empties. Other projects' runs are untouched.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  getLlmSpansPage,
  insertPriceOverride,
  insertSpans,
  listPriceOverrides,
  listUnknownModels,
  repriceRuns,
} from "@promptmetrics/clickhouse";
import { createProjectPricers } from "@promptmetrics/runs";
import { startIngestHarness } from "@promptmetrics/testing/ingest-harness";
import type { DecodedSpan } from "../../src/otlp/types.ts";

function span(i: number, model: string): DecodedSpan {
  const start = BigInt(Date.parse("2026-11-10T12:00:00Z") + i * 1000) * 1_000_000n;
  return {
    traceId: `${"ab".repeat(15)}${i.toString(16).padStart(2, "0")}`,
    spanId: `${"cd".repeat(7)}${i.toString(16).padStart(2, "0")}`,
    parentSpanId: "",
    name: `chat ${model}`,
    kind: 3,
    startTimeUnixNano: start,
    endTimeUnixNano: start + 800_000_000n,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "acme",
      "gen_ai.request.model": model,
      "gen_ai.usage.input_tokens": 1_000_000,
      "gen_ai.usage.output_tokens": 200_000,
    },
    events: [],
    status: { code: 0, message: "" },
    resource: { attributes: { "service.name": "reprice" } },
    scope: { name: "t", version: "1" },
  };
}

test("reprice gives unknown-model runs the override's price and brings the rollups in line", async () => {
  const h = await startIngestHarness();
  try {
    const other = await h.addProject("Other");
    await h.service.ingestSpans({ projectId: h.projectId, keyId: h.keyId }, [span(1, "acme-large"), span(2, "acme-large")], 100);
    await h.service.ingestSpans({ projectId: other.projectId, keyId: other.keyId }, [span(3, "acme-large")], 100);
    assert.deepEqual(
      (await listUnknownModels(h.store, { projectId: h.projectId })).map((m) => [m.model, m.runs]),
      [["acme-large", 2]],
    );
    // A run logged through the API with its own cost (POST /api/runs/create): a reprice keeps it.
    const [template] = await getLlmSpansPage(h.store, {
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-12-01T00:00:00Z"),
      limit: 1,
    });
    await insertSpans(h.store, {
      rows: [
        {
          ...template!,
          span_id: "ee".repeat(8),
          cost_usd: "0.25",
          reported_cost_usd: "0.25",
          price_source: "caller",
          project_id: other.projectId,
        },
      ],
    });

    await insertPriceOverride(h.store, {
      id: "po_1",
      projectId: h.projectId,
      model: "acme-large",
      effectiveFrom: "2026-11-01 00:00:00.000",
      inputPerMtok: "3",
      cachedInputPerMtok: null,
      cacheWrite5mPerMtok: null,
      cacheWrite1hPerMtok: null,
      outputPerMtok: "12",
    });
    const pricers = createProjectPricers({ load: () => listPriceOverrides(h.store) });
    await pricers.refresh();
    const range = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    const report = await repriceRuns(h.store, { ...range, pricerFor: pricers.forProject, pageSize: 2 });
    assert.deepEqual(report, { scanned: 4, changed: 2, partitions: [202611] });

    // 1M input × $3/M + 200k output × $12/M = $3 + $2.40 = $5.40 per run.
    const runs = await h.store.query("SELECT cost_usd, priced_model FROM llm_runs WHERE project_id = {p:String}", { p: h.projectId });
    assert.deepEqual(runs, [
      { cost_usd: "5.4", priced_model: "acme-large" },
      { cost_usd: "5.4", priced_model: "acme-large" },
    ]);
    const [rollup] = await h.store.query(
      "SELECT sum(requests) AS requests, sum(cost_usd) AS cost, sum(unpriced_requests) AS unpriced FROM rollup_model_hourly WHERE project_id = {p:String}",
      { p: h.projectId },
    );
    assert.deepEqual(rollup, { requests: 2, cost: "10.8", unpriced: 0 });
    assert.deepEqual(await listUnknownModels(h.store, { projectId: h.projectId }), []);
    const untouched = await h.store.query("SELECT cost_usd FROM llm_runs WHERE project_id = {p:String} ORDER BY span_id", {
      p: other.projectId,
    });
    assert.deepEqual(untouched, [{ cost_usd: null }, { cost_usd: "0.25" }], "another project's runs keep their own price, absent or given");
    const again = await repriceRuns(h.store, { ...range, pricerFor: pricers.forProject });
    assert.deepEqual(again, { scanned: 4, changed: 0, partitions: [] }, "a second reprice with the same prices changes nothing");
    const scoped = await repriceRuns(h.store, { ...range, projectId: other.projectId, pricerFor: pricers.forProject });
    assert.deepEqual(scoped, { scanned: 2, changed: 0, partitions: [] }, "a reprice of one project reads only its runs");
    pricers.close();
  } finally {
    await h.close();
  }
});
