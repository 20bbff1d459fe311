// Secrets never reach the logs: a full run of `promptmetrics start` given every kind of secret (the
// admin's password, a chosen ingest key, the metrics token), then used as people use it (sign-in, a wrong
// password, an API token made and used, a password change, spans sent with the key, a wrong key, /metrics),
// stopped; and start-ups refused for bad values of secret variables. Every byte the processes wrote to
// stdout and stderr is scanned for each secret (and its URL-encoded and base64 forms).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, test } from "node:test";
import { killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pm-secrets-"));
const SECRETS = {
  adminPassword: "admin-pw-Zq8v3Lr9Tx",
  newPassword: "changed-pw-Mw4k7Hs2Pd",
  wrongPassword: "wrong-pw-Yc5n1Bf6Gj",
  ingestKey: "pm_ingest_secret_Kd93hf72Lq0Vz81Rt",
  wrongKey: "pm_ingest_wrong_Ux72Pq19Ma04Lw63",
  metricsToken: "metrics-token-Jr5t8Wq2Xn7Pb4",
};
const found: string[] = [];
let running: RunningCli | undefined;
afterEach(() => {
  killQuietly(running);
  running = undefined;
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")];
}

function scan(where: string, output: string, secrets: Record<string, string>): void {
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of forms(secret)) if (output.includes(form)) found.push(`${where}: ${name}`);
  }
}

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  return fetch(url, {
    ...rest,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    headers: { "Content-Type": "application/json", Origin: new URL(url).origin, ...(rest.headers as Record<string, string>) },
  });
}

test("a full run with every kind of secret writes none of them to stdout or stderr", async () => {
  const env = {
    PROMPTMETRICS_DATA_DIR: path.join(tmp, "data"),
    PROMPTMETRICS_INIT_INGEST_KEY: SECRETS.ingestKey,
    PROMPTMETRICS_INIT_ADMIN_EMAIL: "ops@secrets.test",
    PROMPTMETRICS_INIT_ADMIN_PASSWORD: SECRETS.adminPassword,
    PROMPTMETRICS_METRICS_TOKEN: SECRETS.metricsToken,
  };
  running = startCli(["start"], env);
  const [, otlpUrl] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/, 120_000);
  const [, apiUrl] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);

  assert.equal(
    (await call(`${apiUrl}/api/auth/login`, { method: "POST", json: { email: "ops@secrets.test", password: SECRETS.wrongPassword } }))
      .status,
    401,
  );
  const login = await call(`${apiUrl}/api/auth/login`, {
    method: "POST",
    json: { email: "ops@secrets.test", password: SECRETS.adminPassword },
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const sessionSecret = cookie.split("=")[1]!;
  const token = await call(`${apiUrl}/api/tokens`, { method: "POST", headers: { cookie }, json: { name: "ci" } });
  assert.equal(token.status, 201);
  const apiToken = ((await token.json()) as { token: string }).token;
  assert.equal((await call(`${apiUrl}/api/auth/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status, 200);
  assert.equal((await call(`${apiUrl}/api/auth/me`, { headers: { authorization: `Bearer ${apiToken}x` } })).status, 401);
  const change = await call(`${apiUrl}/api/auth/password`, {
    method: "POST",
    headers: { cookie },
    json: { currentPassword: SECRETS.adminPassword, newPassword: SECRETS.newPassword },
  });
  assert.equal(change.status, 200);

  const spans = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "m" }, spans: [] }] }] };
  for (const [key, status] of [
    [SECRETS.ingestKey, 200],
    [SECRETS.wrongKey, 401],
  ] as const) {
    const sent = await call(`${otlpUrl}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${key}` }, json: spans });
    assert.equal(sent.status, status);
  }
  assert.equal((await fetch(`${otlpUrl}/metrics`, { headers: { authorization: `Bearer ${SECRETS.metricsToken}` } })).status, 200);
  assert.equal((await fetch(`${otlpUrl}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } })).status, 401);

  assert.equal(await running.stop("SIGTERM"), 0);
  scan("start", running.output(), { ...SECRETS, apiToken, sessionSecret });
  running = undefined;
  assert.deepEqual(found, []);
});

test("start-ups refused for bad secret values name the variable, never the value", () => {
  const refused: Record<string, string>[] = [
    { PROMPTMETRICS_INIT_INGEST_KEY: "short-Qz81" },
    { PROMPTMETRICS_INIT_ADMIN_EMAIL: "ops@secrets.test", PROMPTMETRICS_INIT_ADMIN_PASSWORD: "pw-Xr72" },
    { PROMPTMETRICS_METRICS_TOKEN: "tok-Lm39" },
    { CLICKHOUSE_URL: "http://127.0.0.1:9", CLICKHOUSE_PASSWORD: "ch-pw-Vd84Ns62Qa", PROMPTMETRICS_TOKEN_RATE_LIMIT: "many" },
  ];
  for (const env of refused) {
    const result = runCli(["start"], { PROMPTMETRICS_DATA_DIR: path.join(tmp, "refused"), ...env });
    assert.notEqual(result.status, 0, JSON.stringify(Object.keys(env)));
    const secretValues = Object.fromEntries(
      Object.entries(env).filter(([name]) => /PASSWORD|KEY|TOKEN$/.test(name) && name !== "PROMPTMETRICS_TOKEN_RATE_LIMIT"),
    );
    scan(Object.keys(env).join("+"), result.stdout + result.stderr, secretValues);
  }
  assert.deepEqual(found, []);
});
