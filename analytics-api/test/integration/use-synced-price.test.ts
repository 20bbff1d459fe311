// "Use this price" against the real store: a model the catalogue does not know shows the install's synced
// price in the unknown-models list; an admin's POST .../use-synced-price stores it as the project's override
// for every run, and the model's stored runs get the cost worked out by hand (and leave the list). Viewers
// and members may not, another org's project is a 404, and a model without a synced price is a 404 naming it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { insertSpans, insertSyncedPrices, type NewSyncedPrice } from "@promptmetrics/clickhouse";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

const MODEL = "nova-ultra-7";

let db: TestStore;
let api: TestApi;
let owner: Client;
let member: Client;
let viewer: Client;
let outsider: Client;
let projectId: string;
let otherProjectId: string;

const synced: NewSyncedPrice = {
  model: MODEL,
  effectiveFrom: "2026-01-01",
  provider: "openai",
  kind: "chat",
  inputPerMtok: "3",
  cachedInputPerMtok: "0.3",
  cacheWrite5mPerMtok: null,
  cacheWrite1hPerMtok: null,
  cacheWrite30mPerMtok: null,
  cacheWrite12hPerMtok: "6",
  outputPerMtok: "15",
  rules: JSON.stringify({ longContext: { aboveInputTokens: 272000, prices: { input: "6", output: "22.5" } } }),
  source: "https://example.com/prices.json",
  sourceModel: `openai/${MODEL}`,
};

/** A stored DateTime64(9) text, `hoursAgo` hours before now. */
function dbTime(hoursAgo: number, plusMs = 0): string {
  return new Date(Date.now() - hoursAgo * 3_600_000 + plusMs).toISOString().replace("T", " ").replace("Z", "000000");
}

function unknownRun(project: string, i: number, model = MODEL) {
  return llmSpanRow({
    project_id: project,
    trace_id: `${"ab".repeat(15)}${i.toString(16).padStart(2, "0")}`,
    span_id: `${"cd".repeat(7)}${i.toString(16).padStart(2, "0")}`,
    start_time: dbTime(2 + i),
    end_time: dbTime(2 + i, 1000),
    ingested_at: dbTime(2 + i, 2000).slice(0, 23),
    model,
    request_model: model,
    response_model: model,
    price_source: "unknown",
    input_tokens: 1000,
    output_tokens: 200,
    cost_usd: null,
  });
}

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  member = await invitedMember(api, owner, signup.me.orgs[0].id, "member@example.com", "member");
  viewer = await invitedMember(api, owner, signup.me.orgs[0].id, "viewer@example.com", "viewer");
  const other = await signedUp(api, "outsider@example.com");
  outsider = other.client;
  otherProjectId = other.me.projects[0].id;
  await insertSyncedPrices(db.store, { prices: [synced] });
  await insertSpans(db.store, {
    rows: [
      unknownRun(projectId, 1),
      unknownRun(projectId, 2),
      unknownRun(projectId, 3),
      unknownRun(projectId, 4, "mystery-9"),
      unknownRun(otherProjectId, 5),
    ],
  });
});
after(async () => {
  await api.close();
  await db.close();
});

async function costs(project: string, model: string): Promise<Array<{ cost: string | null; source: string }>> {
  return db.store.query(
    "SELECT toString(cost_usd) AS cost, price_source AS source FROM spans FINAL WHERE project_id = {p:String} AND model = {m:String} ORDER BY span_id",
    { p: project, m: model },
  );
}

test("the unknown-models list shows the synced price a model resolves to, and null for one the list does not know", async () => {
  const list = await viewer.get(`/api/projects/${projectId}/unknown-models`);
  assert.equal(list.status, 200);
  const byModel = new Map(list.body.map((m: { model: string }) => [m.model, m]));
  const nova = byModel.get(MODEL) as { runs: number; syncedPrice: unknown };
  assert.equal(nova.runs, 3);
  assert.deepEqual(nova.syncedPrice, {
    model: MODEL,
    inputPerMtok: "3",
    cachedInputPerMtok: "0.3",
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
    outputPerMtok: "15",
    source: "https://example.com/prices.json",
    effectiveFrom: "2026-01-01",
  });
  assert.equal((byModel.get("mystery-9") as { syncedPrice: unknown }).syncedPrice, null);
});

test("viewers and members may not use a synced price; another org's project is a 404", async () => {
  const path = `/api/projects/${projectId}/unknown-models/use-synced-price`;
  assert.equal((await viewer.post(path, { model: MODEL })).status, 403);
  assert.equal((await member.post(path, { model: MODEL })).status, 403);
  assert.equal((await outsider.post(path, { model: MODEL })).status, 404);
  assert.equal((await outsider.post(`/api/projects/proj_missing/unknown-models/use-synced-price`, { model: MODEL })).status, 404);
  assert.equal((await costs(projectId, MODEL))[0]?.cost, null, "nothing was priced");
});

test("a model without a synced price is a 404 naming the field; a hostile model string is inert", async () => {
  const path = `/api/projects/${projectId}/unknown-models/use-synced-price`;
  const missing = await owner.post(path, { model: "mystery-9" });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.field, "model");
  assert.match(missing.body.error.message, /no price for model "mystery-9"/);
  const hostile = `x'); DROP TABLE spans; --{p:String}\u0000<script>`;
  assert.equal((await owner.post(path, { model: hostile })).status, 404);
  assert.equal((await owner.post(path, {})).body.error.field, "model");
  assert.equal((await owner.post(path, { model: MODEL, from: "2026-01-01" })).body.error.field, "from");
  assert.equal((await costs(projectId, MODEL)).length, 3, "the spans are still there");
});

test("an admin uses the synced price: an override for every run, and the model's runs re-priced by it", async () => {
  const used = await owner.post(`/api/projects/${projectId}/unknown-models/use-synced-price`, { model: MODEL });
  assert.equal(used.status, 200);
  assert.equal(used.body.repricedRuns, 3);
  assert.equal(used.body.override.model, MODEL);
  assert.equal(used.body.override.effectiveFrom, "1970-01-01T00:00:00.000Z");
  assert.equal(used.body.override.inputPerMTok, "3");
  assert.equal(used.body.override.cachedInputPerMTok, "0.3");
  assert.equal(used.body.override.outputPerMTok, "15");
  assert.deepEqual(used.body.dropped, ["12-hour cache write 6", "long-context prices above 272000 input tokens"]);

  // 1000 input tokens at $3/M + 200 output tokens at $15/M = 0.003 + 0.003 = $0.006 a run.
  for (const run of await costs(projectId, MODEL)) {
    assert.equal(Number(run.cost), 0.006);
    assert.equal(run.source, "override");
  }
  // Another project's run of the same model is not this project's to re-price.
  assert.equal((await costs(otherProjectId, MODEL))[0]?.cost, null);

  const overrides = await viewer.get(`/api/projects/${projectId}/price-overrides`);
  assert.deepEqual(
    overrides.body.map((o: { model: string }) => o.model),
    [MODEL],
  );
  const list = await viewer.get(`/api/projects/${projectId}/unknown-models`);
  assert.deepEqual(
    list.body.map((m: { model: string }) => m.model),
    ["mystery-9"],
    "the re-priced model leaves the list (its rollups were rebuilt)",
  );
  const overview = await viewer.get(`/api/analytics/overview?projectId=${projectId}&from=1d`);
  assert.ok(Math.abs(overview.body.totals.costUsd - 0.018) < 1e-9, `cost: ${overview.body.totals.costUsd}`);

  // Used again: the same day's override already exists.
  assert.equal((await owner.post(`/api/projects/${projectId}/unknown-models/use-synced-price`, { model: MODEL })).status, 400);
});
