// The sign-in and sign-up budgets as an attacker meets them: a forged X-Forwarded-For buys no fresh
// budget unless a proxy is configured, one password sprayed over many accounts from many addresses
// runs into the install's failure budget, many addresses against one account into the account's, and
// sign-up (which says whether an email has an account) is limited per address and install-wide.
// The budgets live in the store and are shared by every app on it, so each test runs on a clock of its
// own, hours apart, so that no test's attempts fall in another's window.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiEnvSchema, apiSettingsFromEnv } from "../../src/env.ts";
import type { ApiAppOptions } from "../../src/index.ts";
import { openTestStore, PASSWORD, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";

const HOUR = 3600_000;
const WRONG = "not the password at all";
let db: TestStore;
let setup: TestApi;
let hours = 0;
const apis: TestApi[] = [];

before(async () => {
  db = await openTestStore();
  // The accounts under attack, made by an app whose sign-up budget is out of the way.
  setup = await startApi({ store: db.store, signupRateLimit: { max: 100, windowMs: HOUR } });
  for (const email of ["victim@example.com", "bystander@example.com"]) {
    const reply = await setup.browser().post("/api/auth/signup", { email, password: PASSWORD });
    assert.equal(reply.status, 201);
  }
});
after(async () => {
  await Promise.all([setup, ...apis].map((api) => api.close()));
  await db.close();
});

/** An app on a clock of its own, two hours past the previous test's. */
async function app(options: Omit<ApiAppOptions, "store" | "now">): Promise<{ api: TestApi; advance(ms: number): void }> {
  hours += 2;
  let at = Date.now() + hours * HOUR;
  const api = await startApi({ store: db.store, now: () => new Date(at), ...options });
  apis.push(api);
  return { api, advance: (ms) => (at += ms) };
}

const from = (ip: string) => ({ "x-forwarded-for": ip });
const signIn = (api: TestApi, email: string, password: string, ip: string) =>
  api.browser().post("/api/auth/login", { email, password }, from(ip));
const signUp = (api: TestApi, email: string, ip: string) => api.browser().post("/api/auth/signup", { email, password: PASSWORD }, from(ip));

test("by default a forged X-Forwarded-For is not believed: every attempt from one socket spends one budget", async () => {
  const { api } = await app({ loginRateLimit: { max: 3, windowMs: HOUR } });
  for (let i = 1; i <= 3; i++) assert.equal((await signIn(api, "victim@example.com", WRONG, `198.51.100.${i}`)).status, 401);
  const refused = await signIn(api, "victim@example.com", WRONG, "198.51.100.4");
  assert.equal(refused.status, 429, "a new forged address is still the same client");
  assert.equal(refused.body.error.code, "rate_limited");
  assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
});

test("with PROMPTMETRICS_TRUST_PROXY=loopback the local proxy's X-Forwarded-For names the client", async () => {
  const settings = apiSettingsFromEnv(apiEnvSchema.parse({ PROMPTMETRICS_TRUST_PROXY: "loopback" }));
  assert.deepEqual(settings.trustProxy, ["loopback"]);
  const { api } = await app({ ...settings, loginRateLimit: { max: 3, windowMs: HOUR } });
  for (let i = 0; i < 3; i++) assert.equal((await signIn(api, "victim@example.com", WRONG, "203.0.113.1")).status, 401);
  assert.equal((await signIn(api, "victim@example.com", WRONG, "203.0.113.1")).status, 429);
  assert.equal((await signIn(api, "victim@example.com", WRONG, "203.0.113.2")).status, 401, "another client has a budget of its own");
  assert.equal((await signIn(api, "victim@example.com", PASSWORD, "203.0.113.3")).status, 200);
});

test("one password sprayed over many accounts from many addresses runs into the install's failure budget", async () => {
  const { api, advance } = await app({ trustProxy: ["loopback"], globalLoginFailureLimit: { max: 5, windowMs: HOUR } });
  const emails = Array.from({ length: 8 }, (_, i) => `user${i}@example.com`);
  const statuses = [];
  for (const [i, email] of emails.entries()) statuses.push((await signIn(api, email, "Summer2026!!", `192.0.2.${i + 1}`)).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
  const refused = await signIn(api, "victim@example.com", "Summer2026!!", "192.0.2.100");
  assert.equal(refused.status, 429);
  assert.match(refused.body.error.message, /on this server/);
  assert.ok(Number(refused.headers.get("retry-after")) > 0 && Number(refused.headers.get("retry-after")) <= 3600);
  assert.equal(
    (await signIn(api, "victim@example.com", PASSWORD, "192.0.2.101")).status,
    429,
    "while it lasts, everyone waits: the answer must not tell a right password",
  );
  advance(HOUR + 1);
  assert.equal((await signIn(api, "victim@example.com", PASSWORD, "192.0.2.101")).status, 200, "once the failures leave the window");
});

test("many addresses against one account run into the account's failure budget; a success spends none of it", async () => {
  const { api } = await app({ trustProxy: ["loopback"], accountLoginFailureLimit: { max: 4, windowMs: HOUR } });
  for (let i = 1; i <= 3; i++) assert.equal((await signIn(api, "victim@example.com", WRONG, `192.0.2.${i}`)).status, 401);
  assert.equal((await signIn(api, "victim@example.com", PASSWORD, "192.0.2.50")).status, 200, "the owner signs in meanwhile");
  assert.equal((await signIn(api, "victim@example.com", WRONG, "192.0.2.4")).status, 401, "the fourth failure");
  const refused = await signIn(api, "victim@example.com", WRONG, "192.0.2.5");
  assert.equal(refused.status, 429, "a fifth address gets no fresh guess");
  assert.match(refused.body.error.message, /this account/);
  assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
  assert.equal((await signIn(api, "bystander@example.com", WRONG, "192.0.2.5")).status, 401, "other accounts are not held up");
  assert.equal((await signIn(api, "nobody@example.com", WRONG, "192.0.2.5")).status, 401);
});

test("sign-up is limited per client address, probing for taken emails included; forged addresses do not help", async () => {
  const { api } = await app({ signupRateLimit: { max: 3, windowMs: HOUR } });
  assert.equal((await signUp(api, "new1@example.com", "198.51.100.1")).status, 201);
  assert.equal((await signUp(api, "victim@example.com", "198.51.100.2")).status, 409);
  assert.equal((await signUp(api, "bystander@example.com", "198.51.100.3")).status, 409);
  const refused = await signUp(api, "ceo@example.com", "198.51.100.4");
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, "rate_limited");
  assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
  assert.equal(refused.headers.getSetCookie().length, 0);
  assert.equal(
    (await api.browser().post("/api/auth/login", { email: "ceo@example.com", password: PASSWORD })).status,
    401,
    "no account was made",
  );
});

test("sign-up is limited install-wide, whatever the addresses", async () => {
  const { api } = await app({ trustProxy: ["loopback"], globalSignupRateLimit: { max: 3, windowMs: HOUR } });
  const statuses = [];
  for (let i = 1; i <= 5; i++) statuses.push((await signUp(api, `wave${i}@example.com`, `203.0.113.${i}`)).status);
  assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
});
