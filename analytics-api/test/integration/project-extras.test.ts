// The project routes the dashboard's onboarding and settings use: status (runs so far, the OTLP port),
// loading sample data, price overrides and unknown models. Numbers and rows as a user sees them, the
// roles that may write, and another org's project answering 404 like a missing one.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let member: Client;
let viewer: Client;
let outsider: Client;
let projectId: string;
let otherProjectId: string;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, otlpPort: 4318 });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  member = await invitedMember(api, owner, signup.me.orgs[0].id, "member@example.com", "member");
  viewer = await invitedMember(api, owner, signup.me.orgs[0].id, "viewer@example.com", "viewer");
  const other = await signedUp(api, "outsider@example.com");
  outsider = other.client;
  otherProjectId = other.me.projects[0].id;
});
after(async () => {
  await api.close();
  await db.close();
});

test("a new project has no runs yet, and the status says where to send spans", async () => {
  const status = await viewer.get(`/api/projects/${projectId}/status`);
  assert.equal(status.status, 200);
  assert.deepEqual(status.body, { runs: 0, spans: 0, lastSpanAt: null, otlpPort: 4318 });
  assert.equal((await viewer.get(`/api/projects/${projectId}/status?verbose=1`)).body.error.field, "verbose");
});

test("another org's project is a 404 on every route, reading or writing, like one that does not exist", async () => {
  for (const id of [projectId, "proj_missing"]) {
    assert.equal((await outsider.get(`/api/projects/${id}/status`)).status, 404);
    assert.equal((await outsider.post(`/api/projects/${id}/sample-data`, {})).status, 404);
    assert.equal((await outsider.get(`/api/projects/${id}/price-overrides`)).status, 404);
    assert.equal(
      (await outsider.post(`/api/projects/${id}/price-overrides`, { model: "x", inputPerMTok: "1", outputPerMTok: "2" })).status,
      404,
    );
    assert.equal((await outsider.get(`/api/projects/${id}/unknown-models`)).status, 404);
  }
  assert.equal((await api.browser().get(`/api/projects/${projectId}/status`)).status, 401);
});

// 20,000 synthetic runs and 2,260 runs of waste for the optimization engine (sample-waste.ts).
const SAMPLE = 22_260;

test("viewers may not load sample data; a member loads 30 days of runs that every figure then shows", async () => {
  assert.equal((await viewer.post(`/api/projects/${projectId}/sample-data`, {})).status, 403);
  assert.equal((await member.post(`/api/projects/${projectId}/sample-data`, { runs: 5 })).body.error.field, "runs");

  const loaded = await member.post(`/api/projects/${projectId}/sample-data`, {});
  assert.equal(loaded.status, 201);
  assert.equal(loaded.body.runs, SAMPLE);
  // About a tenth of the runs are rated.
  assert.ok(loaded.body.feedback > 1_500 && loaded.body.feedback < 2_500, `feedback rows: ${loaded.body.feedback}`);

  const status = await viewer.get(`/api/projects/${projectId}/status`);
  assert.equal(status.body.runs, SAMPLE);
  assert.equal(status.body.spans, SAMPLE);
  const newest = Date.parse(status.body.lastSpanAt);
  assert.ok(Date.now() - newest < 2 * 3_600_000, `the newest run started recently: ${status.body.lastSpanAt}`);

  const overview = await viewer.get(`/api/analytics/overview?projectId=${projectId}&from=31d`);
  assert.equal(overview.body.totals.requests, SAMPLE);
  assert.ok(overview.body.totals.costUsd > 1, `cost: ${overview.body.totals.costUsd}`);
  assert.ok(overview.body.totals.ratedRuns > 1_000);
  const models = await viewer.get(`/api/analytics/models?projectId=${projectId}&from=31d`);
  assert.deepEqual(models.body.models.map((row: { model: string }) => row.model).sort(), [
    "acme-internal-llm",
    "claude-haiku-4-5",
    "claude-sonnet-4-5",
    "gpt-4.1",
    "gpt-4o",
    "gpt-4o-mini",
    "o4-mini",
  ]);
  for (const row of models.body.models) {
    if (row.model === "acme-internal-llm") assert.equal(row.costUsd, 0, "the in-house model has no price");
    else assert.ok(row.costUsd > 0, `${row.model} is priced`);
  }
  const users = await viewer.get(`/api/analytics/users?projectId=${projectId}&from=31d&limit=1000`);
  assert.ok(users.body.byUser.length >= 40 && users.body.byUser.length <= 51, `end users: ${users.body.byUser.length}`);
  const prompts = await viewer.get(`/api/analytics/prompts?projectId=${projectId}&from=31d`);
  assert.ok(new Set(prompts.body.prompts.map((row: { prompt: string }) => row.prompt)).size >= 4);

  // The first recomputation finds a suggestion of every kind the sample's waste holds.
  const suggestions = await member.post("/api/optimization/refresh", { projectId });
  const kinds = new Set((suggestions.body.items as Array<{ kind: string }>).map((item) => item.kind));
  for (const kind of [
    "batch_api",
    "truncation",
    "unknown_price",
    "slow_model",
    "model_switch",
    "error_waste",
    "duplicate_requests",
    "prompt_caching",
  ])
    assert.ok(kinds.has(kind), `sample data shows ${kind}: ${[...kinds].join(", ")}`);
  const sonnet = (suggestions.body.items as Array<{ kind: string; evidenceKind: string; subject: Record<string, string> }>).find(
    (item) => item.kind === "model_switch" && item.subject["prompt"] === "support-answer",
  );
  assert.deepEqual(
    [sonnet?.subject["model"], sonnet?.subject["toModel"], sonnet?.evidenceKind],
    ["claude-sonnet-4-5", "claude-haiku-4-5", "measured"],
  );

  // A second load adds a second set (new ids), it does not collide with the first.
  const again = await member.post(`/api/projects/${projectId}/sample-data`, {});
  assert.equal(again.status, 201);
  assert.equal((await viewer.get(`/api/projects/${projectId}/status`)).body.runs, 2 * SAMPLE);
  assert.equal((await viewer.get(`/api/analytics/overview?projectId=${projectId}&from=31d`)).body.totals.requests, 2 * SAMPLE);
});

test("owners and admins add price overrides; everyone in the org reads them; other projects' stay apart", async () => {
  const body = { model: "acme-large", inputPerMTok: "1.50", outputPerMTok: "6", cachedInputPerMTok: "0.15" };
  assert.equal((await viewer.post(`/api/projects/${projectId}/price-overrides`, body)).status, 403);
  assert.equal((await member.post(`/api/projects/${projectId}/price-overrides`, body)).status, 403);

  const created = await owner.post(`/api/projects/${projectId}/price-overrides`, body);
  assert.equal(created.status, 201);
  assert.deepEqual(
    { ...created.body, id: undefined },
    {
      id: undefined,
      projectId,
      model: "acme-large",
      effectiveFrom: "1970-01-01T00:00:00.000Z",
      // Decimals come back as stored, without trailing zeros.
      inputPerMTok: "1.5",
      cachedInputPerMTok: "0.15",
      cacheWrite5mPerMTok: null,
      cacheWrite1hPerMTok: null,
      outputPerMTok: "6",
    },
  );
  const dated = await owner.post(`/api/projects/${projectId}/price-overrides`, {
    model: "gpt-4o",
    inputPerMTok: "2",
    outputPerMTok: "8",
    effectiveFrom: "2026-12-01",
  });
  assert.equal(dated.status, 201);
  assert.equal(dated.body.effectiveFrom, "2026-12-01T00:00:00.000Z");
  await outsider.post(`/api/projects/${otherProjectId}/price-overrides`, { model: "acme-small", inputPerMTok: "1", outputPerMTok: "1" });

  const list = await viewer.get(`/api/projects/${projectId}/price-overrides`);
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body
      .map((row: { model: string; inputPerMTok: string; outputPerMTok: string }) => [row.model, row.inputPerMTok, row.outputPerMTok])
      .sort(),
    [
      ["acme-large", "1.5", "6"],
      ["gpt-4o", "2", "8"],
    ],
  );
});

test("a bad or repeated override is a 400 naming the field", async () => {
  const post = (body: object) => owner.post(`/api/projects/${projectId}/price-overrides`, body);
  assert.equal(
    (await post({ model: "acme-large", inputPerMTok: "1", outputPerMTok: "2" })).body.error.field,
    "effectiveFrom",
    "same model, same start",
  );
  assert.equal((await post({ model: "m", inputPerMTok: "cheap", outputPerMTok: "2" })).body.error.field, "inputPerMTok");
  assert.equal(
    (await post({ model: "m", inputPerMTok: "1", outputPerMTok: "2", effectiveFrom: "2026-02-30" })).body.error.field,
    "effectiveFrom",
  );
  assert.equal((await post({ model: "m", inputPerMTok: "1", outputPerMTok: "2", currency: "EUR" })).body.error.field, "currency");
  assert.equal((await post({ inputPerMTok: "1", outputPerMTok: "2" })).body.error.field, "model");
});

test("models without a price are listed with their runs, waiting for one", async () => {
  const before = await viewer.get(`/api/projects/${projectId}/unknown-models`);
  assert.equal(before.status, 200);
  assert.deepEqual(
    before.body.map((row: { model: string; runs: number }) => [row.model, row.runs]),
    [["acme-internal-llm", 120]],
    "the sample's models are all priced but its in-house one (two loads of 60 runs)",
  );
  for (let i = 0; i < 3; i++) {
    const run = await member.post("/api/runs/create", {
      projectId,
      model: "mystery-model-9",
      provider: "acme",
      inputTokens: 100,
      outputTokens: 20,
    });
    assert.equal(run.status, 201);
    assert.equal(run.body.costUsd, null);
  }
  const after = await viewer.get(`/api/projects/${projectId}/unknown-models`);
  const mystery = after.body.find((row: { model: string }) => row.model === "mystery-model-9");
  assert.equal(after.body.length, 2);
  assert.equal(mystery.provider, "acme");
  assert.equal(mystery.runs, 3);
  assert.ok(Date.now() - Date.parse(mystery.lastSeen) < 2 * 3_600_000);
  assert.deepEqual((await outsider.get(`/api/projects/${otherProjectId}/unknown-models`)).body, []);
});
