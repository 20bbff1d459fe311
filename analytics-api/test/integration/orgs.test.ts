// Orgs as their members run them: invitations by link, roles changed and members removed by owners and
// admins within the rules (only owners touch owners, an org keeps an owner), viewers only look.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  invitedMember,
  openTestStore,
  PASSWORD,
  signedUp,
  startApi,
  type Client,
  type TestApi,
  type TestStore,
} from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
// Starts at the real time: the store drops sessions a day past their expiry by a TTL on its own clock.
let clock = Date.now();
let owner: Client;
let orgId: string;
let projectId: string;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, now: () => new Date(clock), publicUrl: "https://metrics.example.com/" });
  const signup = await signedUp(api, "owner@example.com", "Olive");
  owner = signup.client;
  orgId = signup.me.orgs[0].id;
  projectId = signup.me.projects[0].id;
});
after(async () => {
  await api.close();
  await db.close();
});

async function membersOf(client: Client): Promise<Array<[string, string]>> {
  const reply = await client.get(`/api/orgs/${orgId}/members`);
  assert.equal(reply.status, 200);
  return reply.body.map((member: any) => [member.email, member.role]);
}

async function userIdOf(email: string): Promise<string> {
  const reply = await owner.get(`/api/orgs/${orgId}/members`);
  return reply.body.find((member: any) => member.email === email).userId;
}

describe("invitations", () => {
  test("invite → preview → accept: the new member sees the org's project", async () => {
    const invitation = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "Mia@Example.com", role: "member" });
    assert.equal(invitation.status, 201);
    assert.equal(invitation.body.email, "mia@example.com");
    assert.equal(invitation.body.role, "member");
    assert.equal(invitation.body.url, `https://metrics.example.com/invite/${invitation.body.token}`);
    assert.equal(Date.parse(invitation.body.expiresAt) - clock, 7 * 24 * 3600_000);

    const [row] = await db.store.query<{ token_hash: string }>("SELECT token_hash FROM invitations FINAL WHERE id = {id:String}", {
      id: invitation.body.id,
    });
    assert.notEqual(row?.token_hash, invitation.body.token, "the token is stored hashed");

    const pending = await owner.get(`/api/orgs/${orgId}/invitations`);
    assert.deepEqual(
      pending.body.map((i: any) => [i.email, i.role]),
      [["mia@example.com", "member"]],
    );
    assert.equal(pending.body[0].token, undefined);

    const preview = await api.browser().get(`/api/invitations/${invitation.body.token}`);
    assert.equal(preview.status, 200);
    assert.deepEqual(
      { ...preview.body, expiresAt: undefined },
      { orgId, orgName: "Default", email: "mia@example.com", role: "member", signedIn: false, expiresAt: undefined },
    );

    const mia = api.browser();
    const accepted = await mia.post(`/api/invitations/${invitation.body.token}/accept`, { password: PASSWORD, name: "Mia" });
    assert.equal(accepted.status, 201);
    assert.equal(accepted.body.orgId, orgId);
    assert.deepEqual(
      (await mia.get("/api/projects")).body.map((p: any) => [p.id, p.role]),
      [[projectId, "member"]],
    );
    assert.deepEqual(await membersOf(mia), [
      ["owner@example.com", "owner"],
      ["mia@example.com", "member"],
    ]);

    assert.equal((await api.browser().get(`/api/invitations/${invitation.body.token}`)).status, 404, "a used link is gone");
    assert.equal((await api.browser().post(`/api/invitations/${invitation.body.token}/accept`, { password: PASSWORD })).status, 404);
    assert.deepEqual((await owner.get(`/api/orgs/${orgId}/invitations`)).body, []);
  });

  test("a signed-in user accepts with their account; only the invited address may", async () => {
    const { client: other } = await signedUp(api, "sam@example.com");
    const forSam = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "sam@example.com", role: "viewer" });
    const { client: stranger } = await signedUp(api, "stranger@example.com");
    const wrongUser = await stranger.post(`/api/invitations/${forSam.body.token}/accept`);
    assert.equal(wrongUser.status, 403);
    const preview = await other.get(`/api/invitations/${forSam.body.token}`);
    assert.equal(preview.body.signedIn, true);
    const accepted = await other.post(`/api/invitations/${forSam.body.token}/accept`);
    assert.equal(accepted.status, 200);
    assert.deepEqual(accepted.body.orgs.map((org: any) => org.role).sort(), ["owner", "viewer"], "own org plus the invited one");
    assert.ok(accepted.body.projects.some((p: any) => p.id === projectId && p.role === "viewer"));
  });

  test("accepting without signing in when the address has an account asks to sign in (409)", async () => {
    const invitation = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "stranger@example.com", role: "member" });
    const anonymous = await api.browser().post(`/api/invitations/${invitation.body.token}/accept`, { password: PASSWORD });
    assert.equal(anonymous.status, 409);
    const noPassword = await api.browser().post(`/api/invitations/${invitation.body.token}/accept`);
    assert.equal(noPassword.status, 400);
    assert.equal(noPassword.body.error.field, "password");
    assert.equal((await owner.delete(`/api/orgs/${orgId}/invitations/${invitation.body.id}`)).status, 204);
    assert.equal((await api.browser().get(`/api/invitations/${invitation.body.token}`)).status, 404, "a withdrawn link is gone");
  });

  test("an invitation expires after 7 days; a newer one to the same address replaces the older", async () => {
    const first = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "late@example.com", role: "member" });
    const second = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "late@example.com", role: "admin" });
    assert.equal((await api.browser().get(`/api/invitations/${first.body.token}`)).status, 404);
    assert.equal((await api.browser().get(`/api/invitations/${second.body.token}`)).body.role, "admin");
    const start = clock;
    try {
      clock = start + 7 * 24 * 3600_000;
      assert.equal((await api.browser().get(`/api/invitations/${second.body.token}`)).status, 404);
      assert.equal((await api.browser().post(`/api/invitations/${second.body.token}/accept`, { password: PASSWORD })).status, 404);
      assert.deepEqual((await owner.get(`/api/orgs/${orgId}/invitations`)).body, []);
    } finally {
      clock = start;
    }
  });

  test("inviting someone already in the org is a 409", async () => {
    const reply = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "mia@example.com", role: "admin" });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.field, "email");
  });
});

describe("roles and removal", () => {
  let admin: Client;
  let viewer: Client;

  before(async () => {
    admin = await invitedMember(api, owner, orgId, "adam@example.com", "member");
    viewer = await invitedMember(api, owner, orgId, "vera@example.com", "viewer");
  });

  test("an owner changes a member's role, and the new rights apply at once", async () => {
    const adamId = await userIdOf("adam@example.com");
    assert.equal(
      (await admin.post(`/api/orgs/${orgId}/invitations`, { email: "x@example.com", role: "viewer" })).status,
      403,
      "a member cannot invite",
    );
    const promoted = await owner.patch(`/api/orgs/${orgId}/members/${adamId}`, { role: "admin" });
    assert.equal(promoted.status, 200);
    assert.deepEqual([promoted.body.email, promoted.body.role], ["adam@example.com", "admin"]);
    assert.equal((await admin.post(`/api/orgs/${orgId}/invitations`, { email: "x@example.com", role: "viewer" })).status, 201);
  });

  test("admins manage members but cannot grant the owner role or touch an owner", async () => {
    const ownerId = await userIdOf("owner@example.com");
    const veraId = await userIdOf("vera@example.com");
    assert.equal((await admin.patch(`/api/orgs/${orgId}/members/${veraId}`, { role: "owner" })).status, 403);
    assert.equal((await admin.patch(`/api/orgs/${orgId}/members/${ownerId}`, { role: "member" })).status, 403);
    assert.equal((await admin.delete(`/api/orgs/${orgId}/members/${ownerId}`)).status, 403);
    assert.equal((await admin.post(`/api/orgs/${orgId}/invitations`, { email: "boss@example.com", role: "owner" })).status, 403);
    assert.equal((await admin.patch(`/api/orgs/${orgId}/members/${veraId}`, { role: "member" })).status, 200);
    assert.equal((await admin.patch(`/api/orgs/${orgId}/members/${veraId}`, { role: "viewer" })).status, 200);
    assert.equal((await admin.patch(`/api/orgs/${orgId}/members/no-such-user`, { role: "viewer" })).status, 404);
    const badRole = await admin.patch(`/api/orgs/${orgId}/members/${veraId}`, { role: "superuser" });
    assert.equal(badRole.status, 400);
    assert.equal(badRole.body.error.field, "role");
  });

  test("a viewer cannot change members, invite, create projects or create ingest keys (403), but can look", async () => {
    const miaId = await userIdOf("mia@example.com");
    assert.equal((await viewer.patch(`/api/orgs/${orgId}/members/${miaId}`, { role: "viewer" })).status, 403);
    assert.equal((await viewer.delete(`/api/orgs/${orgId}/members/${miaId}`)).status, 403);
    assert.equal((await viewer.post(`/api/orgs/${orgId}/invitations`, { email: "y@example.com", role: "viewer" })).status, 403);
    assert.equal((await viewer.get(`/api/orgs/${orgId}/invitations`)).status, 403);
    assert.equal((await viewer.post("/api/projects", { orgId, name: "Viewer's" })).status, 403);
    const key = await viewer.post(`/api/projects/${projectId}/ingest-keys`, { name: "viewer key" });
    assert.equal(key.status, 403);
    assert.equal(key.body.error.code, "forbidden");
    assert.equal((await viewer.get(`/api/projects/${projectId}/ingest-keys`)).status, 200);
    assert.equal((await viewer.get(`/api/orgs/${orgId}`)).body.role, "viewer");
    assert.ok((await membersOf(viewer)).length >= 4);
  });

  test("an org keeps at least one owner: the last owner can neither step down nor leave", async () => {
    const ownerId = await userIdOf("owner@example.com");
    const stepDown = await owner.patch(`/api/orgs/${orgId}/members/${ownerId}`, { role: "admin" });
    assert.equal(stepDown.status, 409);
    assert.match(stepDown.body.error.message, /at least one owner/);
    assert.equal((await owner.delete(`/api/orgs/${orgId}/members/${ownerId}`)).status, 409);

    const adamId = await userIdOf("adam@example.com");
    assert.equal((await owner.patch(`/api/orgs/${orgId}/members/${adamId}`, { role: "owner" })).status, 200);
    assert.equal((await owner.patch(`/api/orgs/${orgId}/members/${ownerId}`, { role: "admin" })).status, 200, "another owner exists now");
    assert.equal(
      (await admin.patch(`/api/orgs/${orgId}/members/${ownerId}`, { role: "owner" })).status,
      200,
      "Adam, now owner, restores Olive",
    );
  });

  test("a removed member loses the org's projects at once; anyone may leave an org", async () => {
    const miaClient = api.browser();
    await miaClient.post("/api/auth/login", { email: "mia@example.com", password: PASSWORD });
    assert.equal((await miaClient.get(`/api/projects/${projectId}`)).status, 200);
    const miaId = await userIdOf("mia@example.com");
    assert.equal((await admin.delete(`/api/orgs/${orgId}/members/${miaId}`)).status, 204);
    assert.deepEqual((await miaClient.get("/api/projects")).body, []);
    assert.equal((await miaClient.get(`/api/projects/${projectId}`)).status, 404);
    assert.equal((await miaClient.get(`/api/orgs/${orgId}/members`)).status, 404);
    assert.ok(!(await membersOf(owner)).some(([email]) => email === "mia@example.com"));

    const veraId = await userIdOf("vera@example.com");
    assert.equal((await viewer.delete(`/api/orgs/${orgId}/members/${veraId}`)).status, 204, "a viewer may leave");
    assert.equal((await viewer.get(`/api/orgs/${orgId}`)).status, 404);
  });

  test("a removed member can be invited back, with the new role", async () => {
    const back = await owner.post(`/api/orgs/${orgId}/invitations`, { email: "mia@example.com", role: "viewer" });
    assert.equal(back.status, 201);
    const mia = api.browser();
    await mia.post("/api/auth/login", { email: "mia@example.com", password: PASSWORD });
    assert.equal((await mia.post(`/api/invitations/${back.body.token}/accept`)).status, 200);
    assert.deepEqual(
      (await mia.get("/api/projects")).body.map((p: any) => p.role),
      ["viewer"],
    );
  });
});
