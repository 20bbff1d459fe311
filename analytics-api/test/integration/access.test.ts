// Tenant isolation for every account route family: another org's project, member, invitation, ingest key
// or token is a 404 (never a 403 that would confirm it exists), no route answers without credentials,
// and a router handed to the app gets the same project authorizer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Router } from "express";
import { openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";
import { requireRole } from "../../src/index.ts";

let db: TestStore;
let api: TestApi;
// Alice's org is the target; Bob owns another org and tries to reach into Alice's.
let alice: Client;
let bob: Client;
let a: { orgId: string; projectId: string; userId: string; keyId: string; tokenId: string; invitationId: string };
let b: { orgId: string; projectId: string };

before(async () => {
  db = await openTestStore();
  api = await startApi({
    store: db.store,
    // The analytics router arrives this way; here a probe that reports what the authorizer decided.
    routers: [
      ({ authorizeProject }) =>
        Router()
          .get("/api/probe/:projectId", async (req, res) => {
            res.json(await authorizeProject(req, req.params.projectId));
          })
          .post("/api/probe/:projectId/admin-only", async (req, res) => {
            requireRole(await authorizeProject(req, req.params.projectId), "admin");
            res.json({ ok: true });
          }),
    ],
  });
  const aliceSignup = await signedUp(api, "alice@example.com");
  alice = aliceSignup.client;
  const key = await alice.post(`/api/projects/${aliceSignup.me.projects[0].id}/ingest-keys`, { name: "alice key" });
  const token = await alice.post("/api/tokens", { name: "alice token" });
  const invitation = await alice.post(`/api/orgs/${aliceSignup.me.orgs[0].id}/invitations`, { email: "carol@example.com", role: "member" });
  a = {
    orgId: aliceSignup.me.orgs[0].id,
    projectId: aliceSignup.me.projects[0].id,
    userId: aliceSignup.me.user.id,
    keyId: key.body.id,
    tokenId: token.body.id,
    invitationId: invitation.body.id,
  };
  const bobSignup = await signedUp(api, "bob@example.com");
  bob = bobSignup.client;
  b = { orgId: bobSignup.me.orgs[0].id, projectId: bobSignup.me.projects[0].id };
});
after(async () => {
  await api.close();
  await db.close();
});

describe("another org's things are not found", () => {
  // [what, method, path, body]: functions, because the ids exist only once `before` has run.
  const cases: Array<[string, string, () => string, (() => unknown)?]> = [
    ["project", "GET", () => `/api/projects/${a.projectId}`],
    ["project creation in the org", "POST", () => "/api/projects", () => ({ orgId: a.orgId, name: "mole" })],
    ["org", "GET", () => `/api/orgs/${a.orgId}`],
    ["members", "GET", () => `/api/orgs/${a.orgId}/members`],
    ["member role", "PATCH", () => `/api/orgs/${a.orgId}/members/${a.userId}`, () => ({ role: "viewer" })],
    ["member removal", "DELETE", () => `/api/orgs/${a.orgId}/members/${a.userId}`],
    ["their member through my org", "PATCH", () => `/api/orgs/${b.orgId}/members/${a.userId}`, () => ({ role: "viewer" })],
    ["invitations", "GET", () => `/api/orgs/${a.orgId}/invitations`],
    ["invitation creation", "POST", () => `/api/orgs/${a.orgId}/invitations`, () => ({ email: "mole@example.com", role: "owner" })],
    ["invitation withdrawal", "DELETE", () => `/api/orgs/${a.orgId}/invitations/${a.invitationId}`],
    ["their invitation through my org", "DELETE", () => `/api/orgs/${b.orgId}/invitations/${a.invitationId}`],
    ["ingest keys", "GET", () => `/api/projects/${a.projectId}/ingest-keys`],
    ["ingest key creation", "POST", () => `/api/projects/${a.projectId}/ingest-keys`, () => ({ name: "mole" })],
    ["ingest key revocation", "DELETE", () => `/api/projects/${a.projectId}/ingest-keys/${a.keyId}`],
    ["their ingest key through my project", "DELETE", () => `/api/projects/${b.projectId}/ingest-keys/${a.keyId}`],
    ["their API token", "DELETE", () => `/api/tokens/${a.tokenId}`],
    ["a project through a router handed to the app", "GET", () => `/api/probe/${a.projectId}`],
    ...["overview", "costs", "trends", "models", "success-rate", "users", "prompts"].map((route): [string, string, () => string] => [
      `analytics ${route}`,
      "GET",
      () => `/api/analytics/${route}?projectId=${a.projectId}&from=7d`,
    ]),
  ];
  /** The same request with Alice's ids swapped for ids that exist nowhere. */
  const madeUp = (text: string) =>
    [a.orgId, a.projectId, a.keyId, a.tokenId, a.invitationId, a.userId].reduce((out, id) => out.replaceAll(id, "no_such_id"), text);

  for (const [what, method, path, body] of cases) {
    test(`${what}: ${method} is a 404 for a member of another org, as for an id that does not exist`, async () => {
      const payload = body?.();
      const reply = await bob.request(method, path(), payload === undefined ? {} : { body: payload });
      assert.equal(reply.status, 404, JSON.stringify(reply.body));
      assert.equal(reply.body.error.code, "not_found");
      const other = await bob.request(
        method,
        madeUp(path()),
        payload === undefined ? {} : { body: JSON.parse(madeUp(JSON.stringify(payload))) },
      );
      assert.equal(other.status, 404);
    });
  }

  test("nothing changed in Alice's org, and Bob's lists hold only his own", async () => {
    assert.deepEqual(
      (await alice.get(`/api/orgs/${a.orgId}/members`)).body.map((m: any) => [m.email, m.role]),
      [["alice@example.com", "owner"]],
    );
    assert.deepEqual(
      (await alice.get(`/api/orgs/${a.orgId}/invitations`)).body.map((i: any) => i.id),
      [a.invitationId],
    );
    assert.deepEqual(
      (await alice.get(`/api/projects/${a.projectId}/ingest-keys`)).body.map((k: any) => k.id),
      [a.keyId],
    );
    assert.deepEqual(
      (await alice.get("/api/tokens")).body.map((t: any) => t.id),
      [a.tokenId],
    );
    assert.deepEqual(
      (await bob.get("/api/projects")).body.map((p: any) => p.id),
      [b.projectId],
    );
    assert.deepEqual(
      (await bob.get("/api/orgs")).body.map((o: any) => o.id),
      [b.orgId],
    );
    assert.deepEqual((await bob.get("/api/tokens")).body, []);
  });

  test("a hostile id is just an id", async () => {
    for (const id of ["' OR 1=1 --", "x') OR ('1'='1", "%27%20OR%201%3D1"]) {
      assert.equal((await bob.get(`/api/projects/${encodeURIComponent(id)}`)).status, 404);
      assert.equal((await bob.get(`/api/probe/${encodeURIComponent(id)}`)).status, 404);
    }
    const login = await api.browser().post("/api/auth/login", { email: "alice@example.com' OR 1=1 --", password: "whatever" });
    assert.equal(login.status, 400);
  });
});

describe("credentials and roles", () => {
  test("every account route but sign-up, sign-in, sign-out and invitation links needs credentials (401)", async () => {
    const anonymous = api.browser();
    const routes: Array<[string, string]> = [
      ["GET", "/api/auth/me"],
      ["GET", "/api/projects"],
      ["POST", "/api/projects"],
      ["GET", `/api/projects/${a.projectId}`],
      ["GET", "/api/orgs"],
      ["GET", `/api/orgs/${a.orgId}`],
      ["GET", `/api/orgs/${a.orgId}/members`],
      ["PATCH", `/api/orgs/${a.orgId}/members/${a.userId}`],
      ["DELETE", `/api/orgs/${a.orgId}/members/${a.userId}`],
      ["GET", `/api/orgs/${a.orgId}/invitations`],
      ["POST", `/api/orgs/${a.orgId}/invitations`],
      ["DELETE", `/api/orgs/${a.orgId}/invitations/${a.invitationId}`],
      ["GET", `/api/projects/${a.projectId}/ingest-keys`],
      ["POST", `/api/projects/${a.projectId}/ingest-keys`],
      ["DELETE", `/api/projects/${a.projectId}/ingest-keys/${a.keyId}`],
      ["GET", "/api/tokens"],
      ["POST", "/api/tokens"],
      ["DELETE", `/api/tokens/${a.tokenId}`],
      ["GET", `/api/probe/${a.projectId}`],
    ];
    for (const [method, path] of routes) {
      const reply = await anonymous.request(method, path, method === "GET" || method === "DELETE" ? {} : { body: {} });
      assert.equal(reply.status, 401, `${method} ${path}: ${JSON.stringify(reply.body)}`);
    }
    assert.equal((await anonymous.get("/api/nowhere")).status, 404);
  });

  test("the authorizer answers the caller's role; a role check after it is a 403", async () => {
    const probe = await alice.get(`/api/probe/${a.projectId}`);
    assert.deepEqual(probe.body, { projectId: a.projectId, orgId: a.orgId, role: "owner", userId: a.userId });
    assert.equal((await alice.post(`/api/probe/${a.projectId}/admin-only`)).status, 200);
    const invitation = await alice.post(`/api/orgs/${a.orgId}/invitations`, { email: "vic@example.com", role: "viewer" });
    const vic = api.browser();
    await vic.post(`/api/invitations/${invitation.body.token}/accept`, { password: "correct horse battery" });
    assert.equal((await vic.get(`/api/probe/${a.projectId}`)).body.role, "viewer");
    assert.equal((await vic.post(`/api/probe/${a.projectId}/admin-only`)).status, 403);
    assert.equal((await bob.post(`/api/probe/${a.projectId}/admin-only`)).status, 404);
  });

  test("unknown fields and query parameters are a 400 naming them on every family", async () => {
    const checks: Array<[string, string, unknown, string]> = [
      ["POST", "/api/auth/login", { email: "alice@example.com", password: "x", remember: true }, "remember"],
      ["POST", "/api/projects", { orgId: a.orgId, name: "P", colour: "red" }, "colour"],
      ["PATCH", `/api/orgs/${a.orgId}/members/${a.userId}`, { role: "owner", title: "CEO" }, "title"],
      ["POST", `/api/orgs/${a.orgId}/invitations`, { email: "z@example.com", role: "member", message: "hi" }, "message"],
      ["POST", `/api/projects/${a.projectId}/ingest-keys`, { name: "k", expiresAt: "2027-01-01" }, "expiresAt"],
      ["POST", "/api/tokens", { name: "t", scopes: ["read"] }, "scopes"],
      ["POST", "/api/auth/logout", { everywhere: true }, "everywhere"],
    ];
    for (const [method, path, body, field] of checks) {
      const reply = await alice.request(method, path, { body });
      assert.equal(reply.status, 400, `${method} ${path}`);
      assert.equal(reply.body.error.field, field, `${method} ${path}`);
      assert.equal(reply.body.error.code, "validation_error");
    }
    for (const path of [
      "/api/projects?orgId=x",
      "/api/orgs?page=2",
      `/api/orgs/${a.orgId}/members?role=owner`,
      "/api/tokens?all=1",
      "/api/auth/me?x=1",
    ]) {
      const reply = await alice.get(path);
      assert.equal(reply.status, 400, path);
      assert.equal(reply.body.error.field, new URL(path, "http://x").searchParams.keys().next().value);
    }
  });
});
