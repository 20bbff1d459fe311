// Ratings and feedback over HTTP: a re-rating replaces the earlier one (the run shows the last and
// the feedback table holds one current row), each write keeps the fields it does not change, viewers
// may not rate (403), another org's run is a 404, and bad ratings are 400s naming `rating`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";
import { llmRun, runId } from "./runs-fixtures.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let member: Client;
let viewer: Client;
let bob: Client;
let pA: string;
let pB: string;
let rated: SpanRow;
let other: SpanRow;
let bobRun: SpanRow;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const a = await signedUp(api, "alice@example.com");
  owner = a.client;
  pA = a.me.projects[0].id;
  member = await invitedMember(api, owner, a.me.orgs[0].id, "mia@example.com", "member");
  viewer = await invitedMember(api, owner, a.me.orgs[0].id, "vera@example.com", "viewer");
  const b = await signedUp(api, "bob@example.com");
  bob = b.client;
  pB = b.me.projects[0].id;
  rated = llmRun(pA, { model: "gpt-4o", prompt_name: "checkout", prompt_version: "v2", user_id: "end-user-1" });
  other = llmRun(pA, { start: new Date("2026-11-20T11:00:00Z") });
  bobRun = llmRun(pB);
  await insertSpans(db.store, { rows: [rated, other, bobRun] });
});
after(async () => {
  await api.close();
  await db.close();
});

async function shown(run: SpanRow) {
  const reply = await owner.get(`/api/runs?projectId=${pA}&limit=200`);
  return reply.body.items.find((item: any) => item.id === runId(run));
}

test("a rating shows on the run; a re-rating replaces it, and one current feedback row remains", async () => {
  const first = await owner.post(`/api/runs/${runId(rated)}/rate`, { projectId: pA, rating: 2 });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual(
    { ...first.body, updatedAt: undefined },
    { id: runId(rated), rating: 2, success: null, feedback: null, updatedAt: undefined },
  );
  const second = await member.post(`/api/runs/${runId(rated)}/rate`, { rating: 5 });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.equal((await shown(rated)).rating, 5);
  assert.equal((await owner.get(`/api/runs/${runId(rated)}`)).body.rating, 5);
  const rows = await db.store.query<{ rows: number; rating: number; model: string; prompt_version: string; user_id: string }>(
    `SELECT count() AS rows, any(rating) AS rating, any(model) AS model, any(prompt_version) AS prompt_version, any(user_id) AS user_id
     FROM feedback FINAL WHERE project_id = {p:String} AND is_deleted = 0`,
    { p: pA },
  );
  assert.deepEqual(
    rows,
    [{ rows: 1, rating: 5, model: "gpt-4o", prompt_version: "v2", user_id: "end-user-1" }],
    "the run's dimensions are copied in for the rating figures",
  );
  assert.equal((await shown(other)).rating, null);
});

test("feedback keeps the rating; a later rating keeps the feedback", async () => {
  const feedback = await owner.post(`/api/runs/${runId(rated)}/feedback`, { text: 'Wrong total, "quoted", again', success: false });
  assert.equal(feedback.status, 200, JSON.stringify(feedback.body));
  assert.deepEqual([feedback.body.rating, feedback.body.success, feedback.body.feedback], [5, false, 'Wrong total, "quoted", again']);
  const rerated = await owner.post(`/api/runs/${runId(rated)}/rate`, { rating: 3 });
  assert.deepEqual([rerated.body.rating, rerated.body.success, rerated.body.feedback], [3, false, 'Wrong total, "quoted", again']);
  const onlySuccess = await owner.post(`/api/runs/${runId(rated)}/feedback`, { success: true });
  assert.deepEqual(
    [onlySuccess.body.rating, onlySuccess.body.success, onlySuccess.body.feedback],
    [3, true, 'Wrong total, "quoted", again'],
  );
  const cleared = await owner.post(`/api/runs/${runId(rated)}/feedback`, { text: "", success: null });
  assert.deepEqual([cleared.body.rating, cleared.body.success, cleared.body.feedback], [3, null, null]);
  const item = await shown(rated);
  assert.deepEqual([item.rating, item.success, item.feedback], [3, null, null]);
});

test("feedback alone, without a rating, shows on an unrated run", async () => {
  const reply = await member.post(`/api/runs/${runId(other)}/feedback?projectId=${pA}`, { success: true });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const item = await shown(other);
  assert.deepEqual([item.rating, item.success, item.feedback], [null, true, null]);
});

test("rated=true and rated=false split the runs by whether they have a rating", async () => {
  const ratedOnly = await owner.get(`/api/runs?projectId=${pA}&rated=true`);
  assert.deepEqual(
    ratedOnly.body.items.map((item: any) => item.id),
    [runId(rated)],
  );
  const unrated = await owner.get(`/api/runs?projectId=${pA}&rated=false`);
  assert.deepEqual(
    unrated.body.items.map((item: any) => item.id),
    [runId(other)],
  );
});

test("many concurrent writes to one run leave exactly one current row, holding every field", async () => {
  const writes = await Promise.all([
    owner.post(`/api/runs/${runId(other)}/rate`, { rating: 4 }),
    member.post(`/api/runs/${runId(other)}/feedback`, { text: "fine" }),
    owner.post(`/api/runs/${runId(other)}/feedback`, { success: false }),
  ]);
  assert.deepEqual(
    writes.map((reply) => reply.status),
    [200, 200, 200],
  );
  const item = await shown(other);
  assert.deepEqual([item.rating, item.feedback, item.success], [4, "fine", false]);
});

test("viewers may not rate or give feedback (403); another org's run is a 404", async () => {
  const before = (await shown(rated)).rating;
  assert.equal((await viewer.post(`/api/runs/${runId(rated)}/rate`, { rating: 1 })).status, 403);
  assert.equal((await viewer.post(`/api/runs/${runId(rated)}/feedback`, { text: "meh" })).status, 403);
  assert.equal((await bob.post(`/api/runs/${runId(rated)}/rate`, { rating: 1 })).status, 404);
  assert.equal((await bob.post(`/api/runs/${runId(rated)}/rate`, { projectId: pA, rating: 1 })).status, 404);
  assert.equal((await bob.post(`/api/runs/${runId(rated)}/rate`, { projectId: pB, rating: 1 })).status, 404);
  assert.equal((await bob.post(`/api/runs/${runId(rated)}/feedback`, { text: "mole" })).status, 404);
  assert.equal((await owner.post(`/api/runs/${runId(bobRun)}/rate`, { rating: 1 })).status, 404);
  assert.equal((await api.browser().post(`/api/runs/${runId(rated)}/rate`, { rating: 1 })).status, 401);
  assert.equal((await shown(rated)).rating, before);
});

test("a rating outside 1..5, or not a whole number, is a 400 naming rating", async () => {
  for (const rating of [0, 6, 3.5, "3", null, -1]) {
    const reply = await owner.post(`/api/runs/${runId(rated)}/rate`, { rating });
    assert.equal(reply.status, 400, String(rating));
    assert.equal(reply.body.error.field, "rating", String(rating));
  }
  const missing = await owner.post(`/api/runs/${runId(rated)}/rate`, {});
  assert.equal(missing.body.error.field, "rating");
  const unknown = await owner.post(`/api/runs/${runId(rated)}/rate`, { rating: 4, stars: 4 });
  assert.equal(unknown.body.error.field, "stars");
  const empty = await owner.post(`/api/runs/${runId(rated)}/feedback`, {});
  assert.deepEqual([empty.status, empty.body.error.field], [400, "text"]);
  const badSuccess = await owner.post(`/api/runs/${runId(rated)}/feedback`, { success: "yes" });
  assert.deepEqual([badSuccess.status, badSuccess.body.error.field], [400, "success"]);
  const conflicting = await owner.post(`/api/runs/${runId(rated)}/rate?projectId=${pB}`, { projectId: pA, rating: 4 });
  assert.deepEqual([conflicting.status, conflicting.body.error.field], [400, "projectId"]);
});
