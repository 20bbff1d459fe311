// Synced prices in the ingest, against the real store: a price sync's install-wide price prices a new run
// of a model the catalogue does not know and changes a catalogue model's price from its date, for every
// project, while a project's own override still wins over it.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { insertPriceOverride, insertSyncedPrices, migrate, openStore, type NewSyncedPrice, type Store } from "@promptmetrics/clickhouse";
import { createIngestService, DEFAULT_INGEST_CONFIG, type IngestService } from "../../src/index.ts";
import type { DecodedSpan } from "../../src/otlp/types.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-synced-"));
let store: Store;
let service: IngestService;

before(async () => {
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  service = createIngestService({ store, config: DEFAULT_INGEST_CONFIG });
});
after(async () => {
  await service.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function synced(model: string, effectiveFrom: string, input: string, output: string): NewSyncedPrice {
  return {
    model,
    effectiveFrom,
    provider: "openai",
    kind: "chat",
    inputPerMtok: input,
    cachedInputPerMtok: null,
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
    cacheWrite30mPerMtok: null,
    cacheWrite12hPerMtok: null,
    outputPerMtok: output,
    rules: "{}",
    source: "fixture.json",
    sourceModel: model,
  };
}

// Runs a few minutes ago, so they are inside the ingest's accepted window whatever the date.
const now = Date.now() - 5 * 60_000;
let sequence = 0;
function span(model: string): DecodedSpan {
  const i = ++sequence;
  const start = BigInt(now + i * 1000) * 1_000_000n;
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
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": model,
      "gen_ai.usage.input_tokens": 1_000_000,
      "gen_ai.usage.output_tokens": 100_000,
    },
    events: [],
    status: { code: 0, message: "" },
    resource: { attributes: { "service.name": "synced" } },
    scope: { name: "t", version: "1" },
  };
}

async function storedCost(projectId: string, model: string): Promise<[string | null, string, string]> {
  const rows = await store.query<{ cost_usd: string | null; price_source: string; priced_model: string }>(
    "SELECT cost_usd, price_source, priced_model FROM spans FINAL WHERE project_id = {p:String} AND request_model = {m:String}",
    { p: projectId, m: model },
  );
  assert.equal(rows.length, 1, `one run of ${model} in ${projectId}`);
  return [rows[0]!.cost_usd, rows[0]!.price_source, rows[0]!.priced_model];
}

test("a synced price prices new runs for every project; a project's override still wins", async () => {
  const today = new Date(now).toISOString().slice(0, 10);
  await insertSyncedPrices(store, { prices: [synced("gpt-fixture-1", today, "1.5", "6"), synced("gpt-4o", today, "2", "8")] });
  await insertPriceOverride(store, {
    id: "po_1",
    projectId: "proj_override",
    model: "gpt-4o",
    effectiveFrom: "2020-01-01 00:00:00.000",
    inputPerMtok: "1",
    cachedInputPerMtok: null,
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
    outputPerMtok: "4",
  });
  await service.pricers.refresh();

  for (const projectId of ["proj_plain", "proj_override"]) {
    await service.ingestSpans({ projectId, keyId: `key_${projectId}` }, [span("gpt-fixture-1"), span("gpt-4o-2024-08-06")], 100);
  }

  // gpt-fixture-1 (unknown to the catalogue): 1M × $1.50/M + 100k × $6/M = $2.10, in both projects.
  assert.deepEqual(await storedCost("proj_plain", "gpt-fixture-1"), ["2.1", "synced", "gpt-fixture-1"]);
  assert.deepEqual(await storedCost("proj_override", "gpt-fixture-1"), ["2.1", "synced", "gpt-fixture-1"]);
  // gpt-4o: synced 1M × $2/M + 100k × $8/M = $2.80 instead of the catalogue's $3.50 ...
  assert.deepEqual(await storedCost("proj_plain", "gpt-4o-2024-08-06"), ["2.8", "synced", "gpt-4o"]);
  // ... but the project's override ($1 / $4) wins: $1 + $0.40 = $1.40.
  assert.deepEqual(await storedCost("proj_override", "gpt-4o-2024-08-06"), ["1.4", "override", "gpt-4o"]);
});
