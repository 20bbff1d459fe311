// How long credentials last and how hard they may be used (issue 16): a session ends after its idle
// time and, however active, at its absolute lifetime from the sign-in; API tokens expire (a default, a
// chosen number of days up to a maximum, shown in every answer) and an expired one gets a 401 that says
// so; each token has a request budget, past which it gets 429 with Retry-After.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { insertApiKey } from "@promptmetrics/clickhouse";
import { generateKey } from "../../src/access/api-keys.ts";
import { openTestStore, PASSWORD, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
let db: TestStore;
let api: TestApi;
// Starts at the real time: the store drops sessions a day past their expiry by a TTL on its own clock.
let clock = Date.now();
let owner: Client;
let ownerId: string;
let projectId: string;

before(async () => {
  db = await openTestStore();
  api = await startApi({
    store: db.store,
    now: () => new Date(clock),
    sessionPolicy: { idleMs: 2 * DAY, absoluteMs: 5 * DAY },
    tokenLifetime: { defaultDays: 30, maxDays: 60 },
    tokenRateLimit: { max: 5, windowMs: 60_000 },
  });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  ownerId = signup.me.user.id;
  projectId = signup.me.projects[0].id;
});
after(async () => {
  await api.close();
  await db.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const script = () => api.browser({ origin: null });

async function signedIn(): Promise<Client> {
  const browser = api.browser();
  const reply = await browser.post("/api/auth/login", { email: "owner@example.com", password: PASSWORD });
  assert.equal(reply.status, 200);
  return browser;
}

function cookieMaxAge(reply: { headers: Headers }): number | undefined {
  const match = /Max-Age=(\d+)/.exec(reply.headers.getSetCookie().find((c) => c.startsWith("pm_session=")) ?? "");
  return match ? Number(match[1]) : undefined;
}

describe("sessions", () => {
  test("a session used every day still ends at its absolute lifetime from the sign-in, and says so", async () => {
    const start = clock;
    try {
      const browser = await signedIn();
      for (const day of [1, 2, 3, 4]) {
        // Each use more than a day after the last renewal: past half the two-day idle time, so it renews.
        clock = start + day * DAY + day * HOUR;
        const me = await browser.get("/api/auth/me");
        assert.equal(me.status, 200, `day ${day}`);
      }
      clock = start + 4 * DAY + 12 * HOUR;
      const late = await browser.get("/api/auth/me");
      assert.equal(late.status, 200);
      clock = start + 5 * DAY;
      const ended = await browser.get("/api/auth/me");
      assert.equal(ended.status, 401, "five days after the sign-in, however active");
      assert.equal(ended.body.error.message, "Your session has ended; sign in again");
      assert.equal((await signedIn().then((fresh) => fresh.get("/api/auth/me"))).status, 200, "a new sign-in starts a new lifetime");
    } finally {
      clock = start;
    }
  });

  test("a renewal never sets the cookie past the absolute lifetime", async () => {
    const start = clock;
    try {
      const browser = await signedIn();
      for (const day of [1, 2]) {
        clock = start + day * DAY + day * HOUR;
        assert.equal(cookieMaxAge(await browser.get("/api/auth/me")), 2 * 24 * 3600, `day ${day}: a fresh idle time`);
      }
      clock = start + 3.5 * DAY;
      const renewed = await browser.get("/api/auth/me");
      assert.equal(renewed.status, 200);
      assert.equal(cookieMaxAge(renewed), 1.5 * 24 * 3600, "a day and a half left of five, not a fresh two-day idle time");
    } finally {
      clock = start;
    }
  });

  test("a session unused for its idle time ends", async () => {
    const start = clock;
    try {
      const used = await signedIn();
      const idle = await signedIn();
      clock = start + DAY + HOUR;
      assert.equal((await used.get("/api/auth/me")).status, 200, "renewed past half its idle time");
      clock = start + 2 * DAY + HOUR;
      assert.equal((await idle.get("/api/auth/me")).status, 401, "unused for more than two days");
      assert.equal((await used.get("/api/auth/me")).status, 200, "used a day ago");
    } finally {
      clock = start;
    }
  });
});

describe("API token expiry", () => {
  test("a token gets the default life, or the days asked for up to the maximum; expiresAt is in every answer", async () => {
    const byDefault = await owner.post("/api/tokens", { name: "default life" });
    assert.equal(byDefault.status, 201);
    assert.equal(Date.parse(byDefault.body.expiresAt) - Date.parse(byDefault.body.createdAt), 30 * DAY);
    const chosen = await owner.post("/api/tokens", { name: "a week", expiresInDays: 7 });
    assert.equal(chosen.status, 201);
    assert.equal(Date.parse(chosen.body.expiresAt) - Date.parse(chosen.body.createdAt), 7 * DAY);
    const tooLong = await owner.post("/api/tokens", { name: "forever", expiresInDays: 61 });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error.field, "expiresInDays");
    assert.equal(tooLong.body.error.message, "must be at most 60 days on this server");
    for (const bad of [0, -1, 1.5, "7", null]) {
      const reply = await owner.post("/api/tokens", { name: "bad", expiresInDays: bad });
      assert.equal(reply.status, 400, JSON.stringify(bad));
      assert.equal(reply.body.error.field, "expiresInDays");
    }
    const listed = (await owner.get("/api/tokens")).body;
    assert.deepEqual(
      // Both made at the same instant of the test clock: the listing's order between them is by id.
      listed
        .filter((t: any) => t.id === byDefault.body.id || t.id === chosen.body.id)
        .map((t: any) => [t.name, t.expiresAt])
        .sort(),
      [
        ["a week", chosen.body.expiresAt],
        ["default life", byDefault.body.expiresAt],
      ],
    );
  });

  test("an expired token gets a 401 that says it expired and when", async () => {
    const start = clock;
    try {
      const created = await owner.post("/api/tokens", { name: "two days", expiresInDays: 2 });
      const token: string = created.body.token;
      clock = start + 2 * DAY - 60_000;
      assert.equal((await script().get(`/api/projects/${projectId}`, bearer(token))).status, 200, "a minute before");
      clock = start + 2 * DAY + 1000;
      const expired = await script().get(`/api/projects/${projectId}`, bearer(token));
      assert.equal(expired.status, 401);
      assert.equal(expired.body.error.code, "unauthorized");
      assert.equal(
        expired.body.error.message,
        `This API token expired at ${created.body.expiresAt}; create a new one in Settings → API tokens`,
      );
      assert.equal((await script().get("/api/auth/me", bearer(token))).status, 401);
    } finally {
      clock = start;
    }
  });

  test("a token made before tokens expired lives its creation + the maximum, as its listing says", async () => {
    const key = generateKey("api");
    const createdAt = new Date(clock - 61 * DAY);
    const id = `tok_${randomUUID()}`;
    await insertApiKey(db.store, {
      id,
      kind: "api",
      orgId: "",
      projectId: "",
      userId: ownerId,
      name: "from an older version",
      prefix: key.prefix,
      secretHash: key.secretHash,
      createdAt,
    });
    const listed = (await owner.get("/api/tokens")).body.find((t: any) => t.id === id);
    assert.equal(listed.expiresAt, new Date(createdAt.getTime() + 60 * DAY).toISOString());
    const refused = await script().get("/api/projects", bearer(key.secret));
    assert.equal(refused.status, 401);
    assert.match(refused.body.error.message, /^This API token expired at /);
  });
});

describe("API token rate limit", () => {
  test("a token past its budget gets 429 with Retry-After and a clear message; other tokens and sessions do not", async () => {
    const start = clock;
    try {
      const busy = (await owner.post("/api/tokens", { name: "busy script" })).body.token;
      const calm = (await owner.post("/api/tokens", { name: "calm script" })).body.token;
      for (let i = 0; i < 5; i++) {
        assert.equal((await script().get("/api/projects", bearer(busy))).status, 200, `request ${i + 1}`);
        clock += 1000;
      }
      const limited = await script().get("/api/projects", bearer(busy));
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, "rate_limited");
      assert.equal(limited.headers.get("retry-after"), "55");
      assert.equal(
        limited.body.error.message,
        "This API token made more than 5 requests in a minute; wait 55 s (Retry-After) and slow down",
      );
      assert.equal((await script().get("/api/projects", bearer(calm))).status, 200, "another token");
      assert.equal((await owner.get("/api/projects")).status, 200, "the session of the same user");
      clock = start + 61_000;
      assert.equal((await script().get("/api/projects", bearer(busy))).status, 200, "once the oldest request has left the window");
    } finally {
      clock = start;
    }
  });

  test("an ingest key is not accepted by the API at all, so it has no API budget to spend", async () => {
    const key = (await owner.post(`/api/projects/${projectId}/ingest-keys`, { name: "ingest" })).body.key;
    const reply = await script().get("/api/projects", bearer(key));
    assert.equal(reply.status, 401);
  });
});
