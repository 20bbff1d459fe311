// API tokens: created from a session and shown once, stored hashed, acting with exactly their creator's
// rights (which follow the creator's memberships), refused once revoked.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let viewer: Client;
let orgId: string;
let projectId: string;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  orgId = signup.me.orgs[0].id;
  projectId = signup.me.projects[0].id;
  viewer = await invitedMember(api, owner, orgId, "viewer@example.com", "viewer");
});
after(async () => {
  await api.close();
  await db.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const script = () => api.browser({ origin: null });

test("a token is shown once, listed without its secret, and stored as its SHA-256", async () => {
  const created = await owner.post("/api/tokens", { name: "grafana" });
  assert.equal(created.status, 201);
  const token: string = created.body.token;
  assert.match(token, /^pm_api_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(Object.keys(created.body).sort(), ["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "token"]);
  const list = await owner.get("/api/tokens");
  assert.deepEqual(
    list.body.map((t: any) => [t.id, t.name, t.prefix]),
    [[created.body.id, "grafana", token.slice(0, 13)]],
  );
  assert.ok(!JSON.stringify(list.body).includes(token));
  const rows = await db.store.query<Record<string, unknown>>("SELECT * FROM api_keys WHERE id = {id:String}", { id: created.body.id });
  assert.equal(rows[0]!.secret_hash, createHash("sha256").update(token).digest("hex"));
  assert.equal(rows[0]!.kind, "api");
  assert.ok(!JSON.stringify(rows).includes(token));
});

test("a token acts with its creator's rights: the same projects, the same role limits", async () => {
  const ownerToken = (await owner.post("/api/tokens", { name: "owner script" })).body.token;
  const viewerToken = (await viewer.post("/api/tokens", { name: "viewer script" })).body.token;

  const me = await script().get("/api/auth/me", bearer(viewerToken));
  assert.equal(me.status, 200);
  assert.equal(me.body.user.email, "viewer@example.com");
  assert.deepEqual(
    (await script().get("/api/projects", bearer(viewerToken))).body.map((p: any) => [p.id, p.role]),
    [[projectId, "viewer"]],
  );

  assert.equal(
    (await script().post(`/api/projects/${projectId}/ingest-keys`, { name: "by viewer token" }, bearer(viewerToken))).status,
    403,
  );
  assert.equal((await script().post(`/api/projects/${projectId}/ingest-keys`, { name: "by owner token" }, bearer(ownerToken))).status, 201);

  const viewerId = me.body.user.id;
  assert.equal((await script().patch(`/api/orgs/${orgId}/members/${viewerId}`, { role: "member" }, bearer(ownerToken))).status, 200);
  assert.equal(
    (await script().post(`/api/projects/${projectId}/ingest-keys`, { name: "after promotion" }, bearer(viewerToken))).status,
    201,
    "rights follow the creator's role",
  );
  assert.equal((await script().delete(`/api/orgs/${orgId}/members/${viewerId}`, bearer(ownerToken))).status, 204);
  assert.deepEqual((await script().get("/api/projects", bearer(viewerToken))).body, [], "and their membership");
  assert.equal((await script().get(`/api/projects/${projectId}`, bearer(viewerToken))).status, 404);
});

test("using a token records when it was last used", async () => {
  const created = await owner.post("/api/tokens", { name: "used" });
  assert.equal((await script().get("/api/projects", bearer(created.body.token))).status, 200);
  const deadline = Date.now() + 10_000;
  let lastUsedAt: string | null = null;
  while (lastUsedAt === null && Date.now() < deadline) {
    lastUsedAt = (await owner.get("/api/tokens")).body.find((t: any) => t.id === created.body.id).lastUsedAt;
    if (lastUsedAt === null) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(lastUsedAt !== null, "the write is asynchronous, but it lands");
});

test("a revoked token is a 401 at once; only its owner can see or revoke it", async () => {
  const created = await owner.post("/api/tokens", { name: "short-lived" });
  assert.equal((await script().get("/api/projects", bearer(created.body.token))).status, 200);
  assert.equal((await viewer.delete(`/api/tokens/${created.body.id}`)).status, 404, "another user's token is not found");
  assert.ok(!(await viewer.get("/api/tokens")).body.some((t: any) => t.id === created.body.id));
  assert.equal((await owner.delete(`/api/tokens/${created.body.id}`)).status, 204);
  const refused = await script().get("/api/projects", bearer(created.body.token));
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error.code, "unauthorized");
  assert.ok(!(await owner.get("/api/tokens")).body.some((t: any) => t.id === created.body.id));
});

test("a token cannot mint tokens; ingest keys and malformed tokens are not API tokens", async () => {
  const token = (await owner.post("/api/tokens", { name: "no minting" })).body.token;
  assert.equal((await script().post("/api/tokens", { name: "child" }, bearer(token))).status, 403);
  const ingestKey = (await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "ingest" })).body.key;
  assert.equal((await script().get("/api/projects", bearer(ingestKey))).status, 401);
  assert.equal((await script().get("/api/projects", { authorization: "Bearer" })).status, 401);
  assert.equal((await script().get("/api/projects", { authorization: "Basic b3duZXI6cHc=" })).status, 401);
  assert.equal(
    (await owner.get("/api/projects", { authorization: "Bearer pm_api_forged" })).status,
    401,
    "a bad token is not rescued by a good cookie",
  );
});
