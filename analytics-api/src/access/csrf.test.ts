import assert from "node:assert/strict";
import { test } from "node:test";
import { checkCsrf, type CsrfInput } from "./csrf.ts";

const base: CsrfInput = {
  method: "POST",
  origin: "https://metrics.example.com",
  referer: undefined,
  host: "metrics.example.com",
  hasBearer: false,
  hasSessionCookie: true,
  trustedOrigins: [],
};

test("a same-origin change with the session cookie passes, a cross-origin one does not", () => {
  assert.deepEqual(checkCsrf(base), { ok: true });
  const verdict = checkCsrf({ ...base, origin: "https://evil.example" });
  assert.equal(verdict.ok, false);
  assert.match(verdict.ok ? "" : verdict.reason, /evil\.example/);
  assert.equal(checkCsrf({ ...base, origin: "https://metrics.example.com.evil.example" }).ok, false);
  assert.equal(checkCsrf({ ...base, origin: "null" }).ok, false, "sandboxed frames and data: URLs send Origin: null");
});

test("every state-changing method is checked; reads are not", () => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "delete"])
    assert.equal(checkCsrf({ ...base, method, origin: "https://evil.example" }).ok, false, method);
  for (const method of ["GET", "HEAD", "OPTIONS"])
    assert.equal(checkCsrf({ ...base, method, origin: "https://evil.example" }).ok, true, method);
});

test("ports count, default ports and letter case do not", () => {
  assert.equal(checkCsrf({ ...base, origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }).ok, true);
  assert.equal(checkCsrf({ ...base, origin: "http://127.0.0.1:5173", host: "127.0.0.1:3000" }).ok, false);
  assert.equal(checkCsrf({ ...base, origin: "https://Metrics.Example.com", host: "metrics.example.com:443" }).ok, true);
});

test("Referer stands in when Origin is missing; with neither, only requests without our cookie pass", () => {
  assert.equal(checkCsrf({ ...base, origin: undefined, referer: "https://metrics.example.com/projects/1" }).ok, true);
  assert.equal(checkCsrf({ ...base, origin: undefined, referer: "https://evil.example/page" }).ok, false);
  assert.equal(checkCsrf({ ...base, origin: undefined }).ok, false);
  assert.equal(checkCsrf({ ...base, origin: undefined, hasSessionCookie: false }).ok, true, "curl signing in");
  assert.equal(checkCsrf({ ...base, origin: "https://evil.example", hasSessionCookie: false }).ok, false, "no login CSRF either");
});

test("Bearer requests are exempt; trusted origins are allowed by exact origin", () => {
  assert.equal(checkCsrf({ ...base, origin: "https://evil.example", hasBearer: true }).ok, true);
  const trusted = { ...base, trustedOrigins: ["http://localhost:5173/"] };
  assert.equal(checkCsrf({ ...trusted, origin: "http://localhost:5173" }).ok, true);
  assert.equal(checkCsrf({ ...trusted, origin: "https://localhost:5173" }).ok, false);
});
