// Changing a password (issue 16): the current password is checked again and spends the sign-in
// budgets, the new one follows the sign-up rules, every other session is signed out (the answer says how
// many) and this one stays; API tokens cannot do it, and another site cannot make a browser do it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openTestStore, PASSWORD, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let clock = Date.now();

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, now: () => new Date(clock) });
});
after(async () => {
  await api.close();
  await db.close();
});

async function signIn(email: string, password: string): Promise<{ status: number; client: Client }> {
  const client = api.browser();
  const reply = await client.post("/api/auth/login", { email, password });
  return { status: reply.status, client };
}

test("a change signs out the other sessions, keeps this one, and only the new password signs in", async () => {
  const { client: here } = await signedUp(api, "ada@example.com");
  const laptop = (await signIn("ada@example.com", PASSWORD)).client;
  const phone = (await signIn("ada@example.com", PASSWORD)).client;
  const grace = (await signedUp(api, "grace@example.com")).client;

  const newPassword = "a new 'password' <with> \"quotes\" & ünïcødé ☃";
  const changed = await here.post("/api/auth/password", { currentPassword: PASSWORD, newPassword });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.body, {
    changed: true,
    otherSessionsEnded: 2,
    message: "Password changed. 2 other sessions were signed out; this one stays signed in.",
  });
  assert.equal((await here.get("/api/auth/me")).status, 200, "this session stays");
  assert.equal((await laptop.get("/api/auth/me")).status, 401);
  assert.equal((await phone.get("/api/auth/me")).status, 401);
  assert.equal((await grace.get("/api/auth/me")).status, 200, "another user's session is untouched");
  assert.equal((await signIn("ada@example.com", PASSWORD)).status, 401, "the old password");
  const again = await signIn("ada@example.com", newPassword);
  assert.equal(again.status, 200, "the new password");

  const back = await again.client.post("/api/auth/password", { currentPassword: newPassword, newPassword: PASSWORD });
  assert.equal(back.body.message, "Password changed. 1 other session was signed out; this one stays signed in.");
  const alone = await again.client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "third password here" });
  assert.equal(alone.body.message, "Password changed. You had no other sessions; this one stays signed in.");
});

test("the current password must be right, and the new one must follow the sign-up rules and differ", async () => {
  const { client } = await signedUp(api, "rules@example.com");
  const wrong = await client.post("/api/auth/password", { currentPassword: "not my password", newPassword: "long enough new one" });
  assert.equal(wrong.status, 403);
  assert.deepEqual(wrong.body.error, { code: "wrong_password", message: "The current password is wrong", field: "currentPassword" });
  assert.equal((await client.get("/api/auth/me")).status, 200, "a wrong current password does not sign this session out");

  const short = await client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "short" });
  assert.equal(short.status, 400);
  assert.equal(short.body.error.field, "newPassword");
  assert.match(short.body.error.message, /at least 10 characters/);
  const huge = await client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "x".repeat(1025) });
  assert.equal(huge.body.error.field, "newPassword");
  const same = await client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: PASSWORD });
  assert.equal(same.status, 400);
  assert.deepEqual(same.body.error, { code: "validation_error", message: "must differ from the current password", field: "newPassword" });
  for (const body of [{}, { currentPassword: PASSWORD }, { newPassword: "long enough new one" }, { currentPassword: 1, newPassword: 2 }]) {
    assert.equal((await client.post("/api/auth/password", body)).status, 400, JSON.stringify(body));
  }
  const extra = await client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "long enough new one", email: "x@y.z" });
  assert.equal(extra.status, 400);
  assert.equal((await signIn("rules@example.com", PASSWORD)).status, 200, "nothing above changed it");
});

test("guessing the current password is rate-limited like sign-in: 429 with Retry-After, the right one too", async () => {
  const start = clock;
  try {
    const { client } = await signedUp(api, "guess@example.com");
    for (let i = 0; i < 10; i++) {
      const attempt = await client.post("/api/auth/password", { currentPassword: `guess number ${i}`, newPassword: "long enough new one" });
      assert.equal(attempt.status, 403, `guess ${i + 1}`);
      clock += 1000;
    }
    const limited = await client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "long enough new one" });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, "rate_limited");
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    assert.equal((await signIn("guess@example.com", PASSWORD)).status, 429, "the same budget as the sign-in page");
  } finally {
    clock = start;
  }
});

test("no session is a 401, an API token a 403, another site's page a 403", async () => {
  const { client } = await signedUp(api, "token@example.com");
  const body = { currentPassword: PASSWORD, newPassword: "long enough new one" };
  assert.equal((await api.browser().post("/api/auth/password", body)).status, 401);
  const token = (await client.post("/api/tokens", { name: "script" })).body.token;
  const byToken = await api.browser({ origin: null }).post("/api/auth/password", body, { authorization: `Bearer ${token}` });
  assert.equal(byToken.status, 403);
  assert.equal(byToken.body.error.message, "A password is changed from a signed-in session, not with an API token");
  client.origin = "https://evil.example";
  const forged = await client.post("/api/auth/password", body);
  assert.equal(forged.status, 403);
  assert.equal(forged.body.error.code, "csrf_rejected");
  client.origin = api.url;
  assert.equal((await signIn("token@example.com", PASSWORD)).status, 200, "still the old password");
});
