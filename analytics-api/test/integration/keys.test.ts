// Ingest keys as a project's members manage them: the secret is shown once and stored hashed, the list
// shows prefix, creator and last use, revocation reaches the list the ingest reads, and who may do what.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { insertApiKey, listIngestKeyEntries, recordApiKeysUsed } from "@promptmetrics/clickhouse";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let member: Client;
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
  member = await invitedMember(api, owner, orgId, "member@example.com", "member");
  viewer = await invitedMember(api, owner, orgId, "viewer@example.com", "viewer");
});
after(async () => {
  await api.close();
  await db.close();
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

test("a new key's secret is in the creation answer only, and the store holds just its hash", async () => {
  const created = await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "checkout service" });
  assert.equal(created.status, 201);
  const secret: string = created.body.key;
  assert.match(secret, /^pm_ingest_[A-Za-z0-9_-]{43}$/);
  assert.equal(created.body.prefix, secret.slice(0, "pm_ingest_".length + 6));
  assert.equal(created.body.name, "checkout service");
  assert.equal(created.body.projectId, projectId);
  assert.equal(created.body.lastUsedAt, null);
  assert.equal(created.body.createdBy.email, "owner@example.com");

  const list = await owner.get(`/api/projects/${projectId}/ingest-keys`);
  assert.equal(list.status, 200);
  const listed = list.body.find((key: any) => key.id === created.body.id);
  assert.deepEqual(Object.keys(listed).sort(), ["createdAt", "createdBy", "id", "lastUsedAt", "name", "prefix", "projectId"]);
  assert.ok(!JSON.stringify(list.body).includes(secret));

  const rows = await db.store.query<Record<string, unknown>>("SELECT * FROM api_keys WHERE id = {id:String}", { id: created.body.id });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.secret_hash, sha256(secret));
  assert.ok(!JSON.stringify(rows).includes(secret), "no column holds the secret");
});

test("the list shows when a key was last used and who created it", async () => {
  const created = await member.post(`/api/projects/${projectId}/ingest-keys`, { name: "batch jobs" });
  assert.equal(created.status, 201, "members may create keys");
  const usedAt = new Date("2026-11-21T08:30:00.123Z");
  // What the ingest writes, at most once a minute per key.
  await recordApiKeysUsed(db.store, { usedAt: new Map([[created.body.id, usedAt]]) });
  await recordApiKeysUsed(db.store, { usedAt: new Map([[created.body.id, new Date("2026-11-20T00:00:00Z")]]) });
  const listed = (await viewer.get(`/api/projects/${projectId}/ingest-keys`)).body.find((key: any) => key.id === created.body.id);
  assert.equal(listed.lastUsedAt, usedAt.toISOString());
  assert.equal(listed.createdBy.email, "member@example.com");
});

test("revoking takes the key off the list and marks it revoked in what the ingest reads", async () => {
  const created = await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "to revoke" });
  const before = (await listIngestKeyEntries(db.store)).find((entry) => entry.id === created.body.id);
  assert.equal(before?.revoked, false);
  assert.equal((await owner.delete(`/api/projects/${projectId}/ingest-keys/${created.body.id}`)).status, 204);
  // The ingest re-reads this list every 3 s (ingest/src/auth/ingest-keys.ts), so it refuses the key within that.
  const after = (await listIngestKeyEntries(db.store)).find((entry) => entry.id === created.body.id);
  assert.equal(after?.revoked, true);
  assert.ok(!(await owner.get(`/api/projects/${projectId}/ingest-keys`)).body.some((key: any) => key.id === created.body.id));
  assert.equal((await owner.delete(`/api/projects/${projectId}/ingest-keys/${created.body.id}`)).status, 404, "already revoked");
});

test("a member revokes their own keys only; a viewer neither creates nor revokes", async () => {
  const ownersKey = await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "owner's" });
  const membersKey = await member.post(`/api/projects/${projectId}/ingest-keys`, { name: "member's" });
  assert.equal((await member.delete(`/api/projects/${projectId}/ingest-keys/${ownersKey.body.id}`)).status, 403);
  assert.equal((await viewer.delete(`/api/projects/${projectId}/ingest-keys/${membersKey.body.id}`)).status, 403);
  assert.equal((await viewer.post(`/api/projects/${projectId}/ingest-keys`, { name: "viewer's" })).status, 403);
  assert.equal((await member.delete(`/api/projects/${projectId}/ingest-keys/${membersKey.body.id}`)).status, 204);
  assert.equal((await owner.delete(`/api/projects/${projectId}/ingest-keys/${ownersKey.body.id}`)).status, 204);
});

test("a key name is required, bounded, and the only field", async () => {
  const missing = await owner.post(`/api/projects/${projectId}/ingest-keys`, {});
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.field, "name");
  const extra = await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "x", secret: "mine" });
  assert.equal(extra.status, 400);
  assert.equal(extra.body.error.field, "secret");
  assert.equal((await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "x".repeat(101) })).body.error.field, "name");
  const query = await owner.get(`/api/projects/${projectId}/ingest-keys?includeRevoked=1`);
  assert.equal(query.status, 400);
  assert.equal(query.body.error.field, "includeRevoked");
});

test("a viewer never sees any part of a chosen key, nor a prefix older versions stored whole", async () => {
  // As older versions stored PROMPTMETRICS_INIT_INGEST_KEY: the whole key when it started with pm_,
  // else its first quarter. Either lets a viewer write into the project or guess the rest.
  const legacy = [
    { id: "key_legacy_whole", secret: "pm_prodsecretkey_1", storedPrefix: "pm_prodsecretkey_1" },
    { id: "key_legacy_quarter", secret: "acme-ingest-key-0123456789abcdef", storedPrefix: "acme-ing" },
  ];
  for (const key of legacy) {
    await insertApiKey(db.store, {
      id: key.id,
      kind: "ingest",
      orgId,
      projectId,
      userId: "",
      name: "PROMPTMETRICS_INIT_INGEST_KEY",
      prefix: key.storedPrefix,
      secretHash: sha256(key.secret),
    });
  }
  const list = await viewer.get(`/api/projects/${projectId}/ingest-keys`);
  assert.equal(list.status, 200);
  const text = JSON.stringify(list.body);
  for (const key of legacy) {
    assert.ok(!text.includes(key.storedPrefix), `${key.storedPrefix} is not shown`);
    assert.ok(!text.includes(key.secret));
  }
  assert.doesNotMatch(text, /prodsecret/);
  const shown = (id: string) => list.body.find((key: any) => key.id === id).prefix;
  assert.equal(shown("key_legacy_whole"), `custom_${sha256("pm_prodsecretkey_1").slice(0, 6)}`, "the fingerprint a chosen key now gets");
  assert.match(shown("key_legacy_quarter"), /^custom_[0-9a-f]{6}$/);
  for (const key of list.body) assert.match(key.prefix, /^(pm_ingest_[A-Za-z0-9_-]{6}|custom_[0-9a-f]{6})$/);
});
