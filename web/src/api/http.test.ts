// GETs sent early (first-load.ts): the page's own call of the same URL takes the answer once, instead of
// asking the server again; anything else asks as before.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiFetch, ApiError, dropEarlyAnswers, sendEarly } from "./http.ts";

let asked: string[] = [];
let answer: (url: string) => Response = () => Response.json({ n: asked.length });
const realFetch = globalThis.fetch;

beforeEach(() => {
  asked = [];
  answer = () => Response.json({ n: asked.length });
  globalThis.fetch = (async (input: string | URL | Request) => {
    asked.push(String(input));
    return answer(String(input));
  }) as typeof fetch;
});
afterEach(() => {
  dropEarlyAnswers();
  globalThis.fetch = realFetch;
});

test("the first call of a URL sent early takes its answer; the next one asks again", async () => {
  sendEarly(() => [apiFetch("/api/analytics/overview?projectId=p1")]);
  assert.deepEqual(asked, ["/api/analytics/overview?projectId=p1"]);
  assert.deepEqual(await apiFetch("/api/analytics/overview?projectId=p1"), { n: 1 });
  assert.equal(asked.length, 1);
  assert.deepEqual(await apiFetch("/api/analytics/overview?projectId=p1"), { n: 2 });
  assert.equal(asked.length, 2);
});

test("another URL, a write, or answers dropped with the session ask the server", async () => {
  sendEarly(() => [apiFetch("/api/a"), apiFetch("/api/b")]);
  await apiFetch("/api/a", { query: { projectId: "other" } });
  await apiFetch("/api/b", { method: "POST", body: {} });
  dropEarlyAnswers();
  await apiFetch("/api/a");
  assert.deepEqual(asked, ["/api/a", "/api/b", "/api/a?projectId=other", "/api/b", "/api/a"]);
});

test("a failed early answer goes to a caller already waiting, and is not kept for later ones", async () => {
  answer = () => Response.json({ error: { code: "unauthorized", message: "Sign in" } }, { status: 401 });
  let x: Promise<unknown> = Promise.resolve();
  sendEarly(() => [apiFetch("/api/auth/me"), (x = apiFetch("/api/x"))]);
  await assert.rejects(apiFetch("/api/auth/me"), (error: unknown) => error instanceof ApiError && error.status === 401);
  await x.catch(() => undefined);
  answer = () => Response.json({ ok: true });
  assert.deepEqual(await apiFetch("/api/x"), { ok: true });
  assert.deepEqual(asked, ["/api/auth/me", "/api/x", "/api/x"]);
});

test("the caller's abort signal still aborts its wait for an early answer", async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  globalThis.fetch = (async (input: string | URL | Request) => {
    asked.push(String(input));
    await held;
    return Response.json({ late: true });
  }) as typeof fetch;
  sendEarly(() => [apiFetch("/api/slow")]);
  const controller = new AbortController();
  const waiting = apiFetch("/api/slow", { signal: controller.signal });
  controller.abort();
  await assert.rejects(waiting, { name: "AbortError" });
  release();
  assert.equal(asked.length, 1);
});
