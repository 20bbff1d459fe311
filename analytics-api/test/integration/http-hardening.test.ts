// What every answer tells a browser, and which hosts the API answers for: security headers on API
// answers, 404s, errors and the dashboard (its CSP allowing the inline theme script by the hash of the
// file served), HSTS only over TLS as a trusted proxy reports it, and the Host allowlist that stops a
// DNS-rebinding page from signing up first on a fresh loopback install.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { countUsers } from "@promptmetrics/clickhouse";
import { openTestStore, PASSWORD, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";

/** The tests sign many people up from 127.0.0.1. */
const ROOMY = { max: 100, windowMs: 3600_000 };
const WEB_INDEX = fileURLToPath(new URL("../../../web/index.html", import.meta.url));
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-web-headers-"));
let db: TestStore;
let api: TestApi;
let port: number;

before(async () => {
  fs.copyFileSync(WEB_INDEX, path.join(webDir, "index.html"));
  db = await openTestStore();
  api = await startApi({
    store: db.store,
    webDir,
    publicUrl: "https://metrics.example.com",
    allowedHosts: ["dash.internal", "ops.internal:8080"],
    signupRateLimit: ROOMY,
  });
  port = Number(new URL(api.url).port);
});
after(async () => {
  await api.close();
  await db.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): any;
}

/** A request with any Host header (fetch always sends the URL's), to the API on 127.0.0.1; a string body is sent as is. */
function raw(method: string, pathname: string, headers: Record<string, string> = {}, body?: unknown, target = api): Promise<RawReply> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: pathname,
        headers: { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const signUpAt = (host: string, origin: string, email: string) =>
  raw("POST", "/api/auth/signup", { host, origin }, { email, password: PASSWORD });

describe("the Host allowlist (DNS rebinding)", () => {
  // First, while the install has no user: the rebinding page's prize is the first sign-up, which owns it.
  test("a rebinding page (Host and Origin attacker.example) cannot make the first sign-up, nor read the dashboard", async () => {
    const host = `attacker.example:${port}`;
    const refused = await signUpAt(host, `http://${host}`, "attacker@example.com");
    assert.equal(refused.status, 421);
    assert.equal(refused.json().error.code, "host_not_allowed");
    assert.match(refused.json().error.message, /attacker\.example/);
    assert.equal(refused.headers["set-cookie"], undefined);
    assert.equal(await countUsers(db.store), 0, "nobody signed up");
    assert.equal((await raw("GET", "/", { host })).status, 421);
    assert.equal((await raw("GET", "/api/auth/me", { host })).status, 421);
    assert.equal((await raw("GET", "/api/auth/me", { host: `localhost.attacker.example:${port}` })).status, 421);
    assert.equal((await raw("GET", "/api/auth/me", { host: `127.0.0.1.nip.example:${port}` })).status, 421);
  });

  test("a Host of another shape (userinfo, path, two ports) is refused too", async () => {
    for (const host of [`attacker.example@127.0.0.1:${port}`, "127.0.0.1/evil", `attacker.example:${port}:1`]) {
      assert.equal((await raw("GET", "/api/auth/me", { host })).status, 421, host);
    }
  });

  test("/healthz answers whatever the host, for container probes", async () => {
    const health = await raw("GET", "/healthz", { host: "api:3000" });
    assert.equal(health.status, 200);
    assert.equal(health.json().status, "ok");
  });

  test("loopback names, IP literals, the public URL's host and the allowed hosts are served", async () => {
    const hosts = [
      [`localhost:${port}`, `http://localhost:${port}`],
      [`app.localhost:${port}`, `http://app.localhost:${port}`],
      [`127.0.0.1:${port}`, `http://127.0.0.1:${port}`],
      [`[::1]:${port}`, `http://[::1]:${port}`],
      [`192.168.1.20:${port}`, `http://192.168.1.20:${port}`],
      ["metrics.example.com", "https://metrics.example.com"],
      ["Dash.Internal:3000", "http://dash.internal:3000"],
      ["ops.internal:8080", "http://ops.internal:8080"],
    ] as const;
    for (const [i, [host, origin]] of hosts.entries()) {
      const reply = await signUpAt(host, origin, `host${i}@example.com`);
      assert.equal(reply.status, 201, `${host}: ${reply.text}`);
    }
    assert.equal(
      (await raw("GET", "/api/auth/me", { host: "ops.internal:9090" })).status,
      421,
      "an allowed host with a port allows that port only",
    );
  });

  test("X-Forwarded-Host is the host only when a trusted proxy sends it", async () => {
    assert.equal(
      (await raw("GET", "/api/openapi.json", { host: `localhost:${port}`, "x-forwarded-host": "attacker.example" })).status,
      200,
      "not believed from an untrusted client",
    );
    const proxied = await startApi({ store: db.store, trustProxy: ["loopback"] });
    try {
      assert.equal(
        (await raw("GET", "/api/openapi.json", { host: "127.0.0.1:3000", "x-forwarded-host": "attacker.example" }, undefined, proxied))
          .status,
        421,
      );
      assert.equal(
        (await raw("GET", "/api/openapi.json", { host: "attacker.example", "x-forwarded-host": "localhost:3000" }, undefined, proxied))
          .status,
        200,
      );
    } finally {
      await proxied.close();
    }
  });

  test("without a public URL, invitation links use the host the request named, which the allowlist vouched for", async () => {
    const local = await startApi({ store: db.store, signupRateLimit: ROOMY });
    try {
      const host = `localhost:${Number(new URL(local.url).port)}`;
      const signup = await raw(
        "POST",
        "/api/auth/signup",
        { host, origin: `http://${host}` },
        { email: "inviter@example.com", password: PASSWORD },
        local,
      );
      assert.equal(signup.status, 201, signup.text);
      const cookie = String(signup.headers["set-cookie"]![0]).split(";")[0]!;
      const orgId = signup.json().orgs[0].id;
      const invitation = await raw(
        "POST",
        `/api/orgs/${orgId}/invitations`,
        { host, origin: `http://${host}`, cookie },
        { email: "guest@example.com", role: "member" },
        local,
      );
      assert.equal(invitation.status, 201, invitation.text);
      assert.equal(invitation.json().url, `http://${host}/invite/${invitation.json().token}`);
    } finally {
      await local.close();
    }
  });
});

describe("security headers", () => {
  const assertCommon = (reply: RawReply, what: string) => {
    assert.equal(reply.headers["x-content-type-options"], "nosniff", what);
    assert.equal(reply.headers["referrer-policy"], "same-origin", what);
    assert.equal(reply.headers["x-frame-options"], "DENY", what);
    assert.equal(reply.headers["strict-transport-security"], undefined, `${what}: plain http gets no HSTS`);
  };
  const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  test("an API answer, a 404, an error and a refused host carry them, with a CSP that allows nothing", async () => {
    const answers = {
      "an API answer": await raw("GET", "/api/openapi.json", { host: `127.0.0.1:${port}` }),
      "a 404": await raw("GET", "/api/nothing-here", { host: `127.0.0.1:${port}` }),
      "a 401": await raw("GET", "/api/auth/me", { host: `127.0.0.1:${port}` }),
      "a 400": await raw("POST", "/api/auth/login", { host: `127.0.0.1:${port}` }, { email: "not an email", password: "x" }),
      "a malformed body": await raw("POST", "/api/auth/login", { host: `127.0.0.1:${port}` }, "{oops"),
      "a refused host": await raw("GET", "/api/auth/me", { host: "attacker.example" }),
      "the health check": await raw("GET", "/healthz", { host: "api" }),
    };
    assert.deepEqual(Object.fromEntries(Object.entries(answers).map(([what, reply]) => [what, reply.status])), {
      "an API answer": 200,
      "a 404": 404,
      "a 401": 401,
      "a 400": 400,
      "a malformed body": 400,
      "a refused host": 421,
      "the health check": 200,
    });
    for (const [what, reply] of Object.entries(answers)) {
      assertCommon(reply, what);
      assert.equal(reply.headers["content-security-policy"], API_POLICY, what);
    }
  });

  test("the dashboard's CSP allows its own files and the inline theme script by the hash of the file served", async () => {
    const page = await raw("GET", "/runs/abc", { host: `localhost:${port}` });
    assert.equal(page.status, 200);
    assertCommon(page, "the dashboard");
    const policy = directives(page.headers["content-security-policy"]);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(page.text)![1]!;
    const hash = `'sha256-${createHash("sha256").update(inline).digest("base64")}'`;
    assert.deepEqual(policy["script-src"], ["'self'", hash]);
    assert.deepEqual(policy["default-src"], ["'self'"]);
    assert.deepEqual(policy["object-src"], ["'none'"]);
    assert.deepEqual(policy["base-uri"], ["'none'"]);
    assert.deepEqual(policy["form-action"], ["'self'"]);
    assert.deepEqual(policy["frame-ancestors"], ["'none'"]);
    assert.ok(!policy["style-src"]!.includes("'unsafe-inline'") && policy["style-src"]!.includes("'self'"), String(policy["style-src"]));
    assert.ok(
      !Object.values(policy)
        .flat()
        .some((source) => source === "'unsafe-inline'" || source === "'unsafe-eval'" || source === "*"),
    );
    assert.deepEqual(
      directives((await raw("GET", "/index.html", { host: `localhost:${port}` })).headers["content-security-policy"]),
      policy,
      "/index.html too",
    );

    // Rebuilt while the server runs: the policy follows the file.
    fs.writeFileSync(path.join(webDir, "index.html"), fs.readFileSync(WEB_INDEX, "utf8").replace("white flash.", "white flash!"));
    try {
      const rebuilt = await raw("GET", "/", { host: `localhost:${port}` });
      const newInline = /<script>([\s\S]*?)<\/script>/.exec(rebuilt.text)![1]!;
      assert.deepEqual(directives(rebuilt.headers["content-security-policy"])["script-src"], [
        "'self'",
        `'sha256-${createHash("sha256").update(newInline).digest("base64")}'`,
      ]);
      assert.notDeepEqual(directives(rebuilt.headers["content-security-policy"])["script-src"], policy["script-src"]);
    } finally {
      fs.copyFileSync(WEB_INDEX, path.join(webDir, "index.html"));
    }
  });

  test("the API docs page allows only its own <style>, by hash", async () => {
    const docs = await raw("GET", "/api/docs", { host: `localhost:${port}` });
    assert.equal(docs.status, 200);
    assertCommon(docs, "the docs page");
    const style = /<style>([\s\S]*?)<\/style>/.exec(docs.text)![1]!;
    const policy = directives(docs.headers["content-security-policy"]);
    assert.deepEqual(policy["default-src"], ["'none'"]);
    assert.deepEqual(policy["script-src"], ["'none'"]);
    assert.deepEqual(policy["style-src"], [`'sha256-${createHash("sha256").update(style).digest("base64")}'`]);
    assert.deepEqual(policy["frame-ancestors"], ["'none'"]);
  });

  test("HSTS only over TLS as a trusted proxy reports it: a client's own X-Forwarded-Proto is not believed", async () => {
    const forged = await raw("GET", "/api/openapi.json", { host: `localhost:${port}`, "x-forwarded-proto": "https" });
    assert.equal(forged.headers["strict-transport-security"], undefined);
    const proxied = await startApi({ store: db.store, trustProxy: ["loopback"] });
    try {
      const tls = await raw("GET", "/api/nothing-here", { host: "localhost", "x-forwarded-proto": "https" }, undefined, proxied);
      assert.equal(tls.status, 404);
      assert.equal(tls.headers["strict-transport-security"], "max-age=31536000");
      const plain = await raw("GET", "/api/nothing-here", { host: "localhost" }, undefined, proxied);
      assert.equal(plain.headers["strict-transport-security"], undefined);
    } finally {
      await proxied.close();
    }
  });
});

function directives(header: string | string[] | undefined): Record<string, string[]> {
  assert.equal(typeof header, "string", "one Content-Security-Policy header");
  return Object.fromEntries(
    (header as string)
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}
