// Sign-up, sign-in and sessions as a browser meets them: who owns what after sign-up, cookies and
// their flags, sessions stored hashed and expiring, rate-limited sign-in, CSRF refusals, sign-up off.
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { insertOrg, insertProject } from "@promptmetrics/clickhouse";
import { openTestStore, PASSWORD, signedUp, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";

const DAY = 24 * 3600_000;
let db: TestStore;
let api: TestApi;
// Starts at the real time: the store drops sessions a day past their expiry by a TTL on its own clock.
let clock = Date.now();
let bootstrapOrgId: string;

before(async () => {
  db = await openTestStore();
  // What `promptmetrics start` leaves on a fresh install (cli/src/bootstrap.ts): an org and a project, no user.
  const org = await insertOrg(db.store, { id: `org_${randomUUID()}`, name: "Default" });
  await insertProject(db.store, { id: `proj_${randomUUID()}`, orgId: org.id, name: "Default project" });
  bootstrapOrgId = org.id;
  // Behind a proxy on the same host (PROMPTMETRICS_TRUST_PROXY=loopback): the tests below speak for the
  // client with X-Forwarded-For and -Proto, as that proxy would.
  api = await startApi({ store: db.store, now: () => new Date(clock), trustProxy: ["loopback"] });
});
after(async () => {
  await api.close();
  await db.close();
});

describe("sign-up", () => {
  test("the first user becomes owner of the org the first start created, and sees its project", async () => {
    const { me } = await signedUp(api, "Ada@Example.com", "Ada");
    assert.equal(me.user.email, "ada@example.com");
    assert.equal(me.user.name, "Ada");
    assert.deepEqual(
      me.orgs.map((org: any) => [org.id, org.name, org.role]),
      [[bootstrapOrgId, "Default", "owner"]],
    );
    assert.deepEqual(
      me.projects.map((p: any) => [p.name, p.orgId, p.role]),
      [["Default project", bootstrapOrgId, "owner"]],
    );
  });

  test("a later sign-up gets an org of its own with a default project, and nothing of the first org", async () => {
    const { client, me } = await signedUp(api, "grace@example.com");
    assert.equal(me.user.name, "grace");
    assert.equal(me.orgs.length, 1);
    assert.notEqual(me.orgs[0].id, bootstrapOrgId);
    assert.equal(me.orgs[0].name, "grace's org");
    assert.equal(me.orgs[0].role, "owner");
    const projects = await client.get("/api/projects");
    assert.equal(projects.status, 200);
    assert.deepEqual(
      projects.body.map((p: any) => [p.name, p.orgId]),
      [["Default project", me.orgs[0].id]],
    );
    assert.deepEqual(Object.keys(projects.body[0]).sort(), ["createdAt", "id", "name", "orgId", "role"]);
  });

  test("emails are unique whatever their case; passwords need 10 characters; unknown fields are refused", async () => {
    const again = await api.browser().post("/api/auth/signup", { email: "ADA@example.COM", password: PASSWORD });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.field, "email");
    const short = await api.browser().post("/api/auth/signup", { email: "short@example.com", password: "123456789" });
    assert.equal(short.status, 400);
    assert.equal(short.body.error.field, "password");
    const extra = await api.browser().post("/api/auth/signup", { email: "extra@example.com", password: PASSWORD, plan: "pro" });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.error.field, "plan");
    assert.match(extra.body.error.message, /Unknown parameter "plan"/);
    const badEmail = await api.browser().post("/api/auth/signup", { email: "' OR 1=1 --", password: PASSWORD });
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.body.error.field, "email");
    const notJson = await api
      .browser()
      .request("POST", "/api/auth/signup", { rawBody: "{oops", headers: { "content-type": "application/json" } });
    assert.equal(notJson.status, 400);
    const huge = await api
      .browser()
      .post("/api/auth/signup", { email: "big@example.com", password: PASSWORD, name: "x".repeat(2 * 1024 * 1024) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, "payload_too_large");
  });
});

describe("sessions", () => {
  test("sign-in sets an httpOnly, SameSite=Lax session cookie whose secret is stored only as a hash", async () => {
    const browser = api.browser();
    const login = await browser.post("/api/auth/login", { email: "ada@example.com", password: PASSWORD });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.email, "ada@example.com");
    const [cookie] = login.headers.getSetCookie();
    assert.match(cookie!, /^pm_session=[A-Za-z0-9_-]{43}; Max-Age=1209600; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(cookie!, /Secure/, "plain http: a Secure cookie would never come back");

    const secret = browser.cookies.get("pm_session")!;
    const rows = await db.store.query<{ id: string }>("SELECT id FROM sessions FINAL WHERE is_deleted = 0");
    assert.ok(rows.some((row) => row.id === createHash("sha256").update(secret).digest("hex")));
    assert.ok(!rows.some((row) => row.id === secret));

    const me = await browser.get("/api/auth/me");
    assert.equal(me.status, 200);
    assert.deepEqual(
      me.body.orgs.map((org: any) => org.role),
      ["owner"],
    );
  });

  test("over https (as a trusted local proxy reports it) the cookie is also Secure", async () => {
    const login = await api
      .browser()
      .post("/api/auth/login", { email: "ada@example.com", password: PASSWORD }, { "x-forwarded-proto": "https" });
    assert.equal(login.status, 200);
    assert.match(login.headers.getSetCookie()[0]!, /; Secure/);
  });

  test("a wrong password or unknown email is a 401 that does not say which", async () => {
    const wrong = await api.browser().post("/api/auth/login", { email: "ada@example.com", password: "not the password" });
    const unknown = await api.browser().post("/api/auth/login", { email: "nobody@example.com", password: "not the password" });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error.message, unknown.body.error.message);
    assert.equal(wrong.headers.getSetCookie().length, 0);
  });

  test("sign-out ends the session in the store: the old cookie no longer works", async () => {
    const browser = api.browser();
    await browser.post("/api/auth/login", { email: "ada@example.com", password: PASSWORD });
    const secret = browser.cookies.get("pm_session")!;
    const logout = await browser.post("/api/auth/logout");
    assert.equal(logout.status, 204);
    assert.match(logout.headers.getSetCookie()[0]!, /^pm_session=;/);
    const replay = api.browser();
    replay.cookies.set("pm_session", secret);
    assert.equal((await replay.get("/api/auth/me")).status, 401);
    assert.equal((await api.browser().get("/api/auth/me")).status, 401);
  });

  test("a session lasts 14 days, and one used in its second week is renewed", async () => {
    const start = clock;
    const browser = api.browser();
    await browser.post("/api/auth/login", { email: "grace@example.com", password: PASSWORD });
    const idle = api.browser();
    await idle.post("/api/auth/login", { email: "grace@example.com", password: PASSWORD });
    try {
      clock = start + 8 * DAY;
      const renewed = await browser.get("/api/auth/me");
      assert.equal(renewed.status, 200);
      assert.match(renewed.headers.getSetCookie()[0] ?? "", /^pm_session=.*Max-Age=1209600/);
      clock = start + 15 * DAY;
      assert.equal((await idle.get("/api/auth/me")).status, 401, "expired after 14 days unused");
      assert.equal((await browser.get("/api/auth/me")).status, 200, "renewed on day 8, good until day 22");
      clock = start + 23 * DAY;
      assert.equal((await browser.get("/api/auth/me")).status, 401);
    } finally {
      clock = start;
    }
  });

  test("sign-in is limited to 10 attempts per IP and email in 15 minutes: then 429 with Retry-After", async () => {
    const start = clock;
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    try {
      for (let i = 0; i < 10; i++) {
        const attempt = await api
          .browser()
          .post("/api/auth/login", { email: "grace@example.com", password: `wrong password ${i}` }, from("203.0.113.7"));
        assert.equal(attempt.status, 401);
        clock += 1000;
      }
      const limited = await api.browser().post("/api/auth/login", { email: "grace@example.com", password: PASSWORD }, from("203.0.113.7"));
      assert.equal(limited.status, 429, "even the right password waits");
      assert.equal(limited.body.error.code, "rate_limited");
      assert.equal(limited.headers.get("retry-after"), String(15 * 60 - 10));
      assert.equal(
        (await api.browser().post("/api/auth/login", { email: "grace@example.com", password: PASSWORD }, from("203.0.113.8"))).status,
        200,
        "another IP",
      );
      assert.equal(
        (await api.browser().post("/api/auth/login", { email: "ada@example.com", password: PASSWORD }, from("203.0.113.7"))).status,
        200,
        "another email",
      );
      clock = start + 15 * 60_000 + 1;
      assert.equal(
        (await api.browser().post("/api/auth/login", { email: "grace@example.com", password: PASSWORD }, from("203.0.113.7"))).status,
        200,
        "after the window",
      );
    } finally {
      clock = start;
    }
  });
});

describe("cross-site requests", () => {
  test("a cookie-authenticated change from another origin, or with no Origin at all, is refused; the same request from our origin works", async () => {
    const { client, me } = await signedUp(api, "csrf-target@example.com");
    const orgId = me.orgs[0].id;
    client.origin = "https://evil.example";
    const forged = await client.post("/api/projects", { orgId, name: "Forged" });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, "csrf_rejected");
    client.origin = null;
    assert.equal((await client.post("/api/projects", { orgId, name: "Forged" })).status, 403);
    assert.equal(
      (await client.request("POST", "/api/projects", { body: { orgId, name: "Forged" }, headers: { referer: "https://evil.example/x" } }))
        .status,
      403,
    );
    assert.equal((await client.request("DELETE", "/api/tokens/anything", { headers: { origin: "https://evil.example" } })).status, 403);
    client.origin = api.url;
    const projects = await client.get("/api/projects");
    assert.deepEqual(
      projects.body.map((p: any) => p.name),
      ["Default project"],
      "nothing was created by the forged requests",
    );
    assert.equal((await client.post("/api/projects", { orgId, name: "Real" })).status, 201);
  });

  test("signing in from another origin is refused too (login CSRF); a script without Origin may sign in", async () => {
    const forged = api.browser({ origin: "https://evil.example" });
    assert.equal((await forged.post("/api/auth/login", { email: "ada@example.com", password: PASSWORD })).status, 403);
    const script = api.browser({ origin: null });
    assert.equal((await script.post("/api/auth/login", { email: "ada@example.com", password: PASSWORD })).status, 200);
  });

  test("Bearer API tokens work without an Origin, and from any origin", async () => {
    const { client, me } = await signedUp(api, "bearer@example.com");
    const token = (await client.post("/api/tokens", { name: "ci" })).body.token as string;
    const script = api.browser({ origin: "https://elsewhere.example" });
    const created = await script.post("/api/projects", { orgId: me.orgs[0].id, name: "From CI" }, { authorization: `Bearer ${token}` });
    assert.equal(created.status, 201);
    const bare = api.browser({ origin: null });
    assert.equal(
      (await bare.post("/api/projects", { orgId: me.orgs[0].id, name: "From CI 2" }, { authorization: `Bearer ${token}` })).status,
      201,
    );
  });
});

describe("sign-up turned off", () => {
  test("sign-up answers 403, yet an invited person can still create their account", async () => {
    const closed = await startApi({ store: db.store, disableSignup: true, now: () => new Date(clock) });
    try {
      const refused = await closed.browser().post("/api/auth/signup", { email: "walk-in@example.com", password: PASSWORD });
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /invitation/);

      const owner = closed.browser();
      assert.equal((await owner.post("/api/auth/login", { email: "ada@example.com", password: PASSWORD })).status, 200);
      const invitation = await owner.post(`/api/orgs/${bootstrapOrgId}/invitations`, { email: "invited@example.com", role: "member" });
      assert.equal(invitation.status, 201);
      const invited = closed.browser();
      const accepted = await invited.post(`/api/invitations/${invitation.body.token}/accept`, { password: PASSWORD, name: "Invited" });
      assert.equal(accepted.status, 201);
      assert.deepEqual(
        accepted.body.orgs.map((org: any) => [org.id, org.role]),
        [[bootstrapOrgId, "member"]],
      );
      assert.deepEqual(
        (await invited.get("/api/projects")).body.map((p: any) => p.name),
        ["Default project"],
      );
      assert.equal((await closed.browser().post("/api/auth/login", { email: "invited@example.com", password: PASSWORD })).status, 200);
    } finally {
      await closed.close();
    }
  });
});
