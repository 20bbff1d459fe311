import assert from "node:assert/strict";
import { test } from "node:test";
import { apiEnvSchema, apiSettingsFromEnv } from "./env.ts";

test("defaults: sign-up open, no extra origins", () => {
  assert.deepEqual(apiSettingsFromEnv(apiEnvSchema.parse({})), { disableSignup: false, trustedOrigins: [] });
});

test("parses the flags, the public URL and the trusted origins", () => {
  const env = apiEnvSchema.parse({
    PROMPTMETRICS_DISABLE_SIGNUP: "true",
    PROMPTMETRICS_PUBLIC_URL: "https://metrics.example.com",
    PROMPTMETRICS_TRUSTED_ORIGINS: "http://localhost:5173/, https://ui.example.com",
  });
  assert.deepEqual(apiSettingsFromEnv(env), {
    disableSignup: true,
    publicUrl: "https://metrics.example.com",
    trustedOrigins: ["http://localhost:5173", "https://ui.example.com"],
  });
});

test("bad values name the variable", () => {
  const result = apiEnvSchema.safeParse({ PROMPTMETRICS_DISABLE_SIGNUP: "maybe", PROMPTMETRICS_TRUSTED_ORIGINS: "ftp://x" });
  assert.equal(result.success, false);
  const paths = result.error!.issues.map((issue) => String(issue.path[0]));
  assert.deepEqual(paths.sort(), ["PROMPTMETRICS_DISABLE_SIGNUP", "PROMPTMETRICS_TRUSTED_ORIGINS"]);
});

test("PROMPTMETRICS_TRUST_PROXY: unset trusts no proxy; a hop count, or loopback, IPs and CIDR ranges", () => {
  assert.equal(apiSettingsFromEnv(apiEnvSchema.parse({})).trustProxy, undefined);
  assert.equal(apiSettingsFromEnv(apiEnvSchema.parse({ PROMPTMETRICS_TRUST_PROXY: "2" })).trustProxy, 2);
  assert.deepEqual(
    apiSettingsFromEnv(apiEnvSchema.parse({ PROMPTMETRICS_TRUST_PROXY: "loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1" })).trustProxy,
    ["loopback", "10.0.0.0/8", "fd00::/8", "192.0.2.1"],
  );
  for (const bad of ["true", "10.0.0.0/33", "proxy.example", "10.0.0.1/8/8", ","]) {
    const result = apiEnvSchema.safeParse({ PROMPTMETRICS_TRUST_PROXY: bad });
    assert.equal(result.success, false, bad);
    assert.equal(String(result.error!.issues[0]!.path[0]), "PROMPTMETRICS_TRUST_PROXY");
  }
});

test("PROMPTMETRICS_ALLOWED_HOSTS: host names with an optional port", () => {
  const env = apiEnvSchema.parse({ PROMPTMETRICS_ALLOWED_HOSTS: "dash.internal, ops.internal:8080" });
  assert.deepEqual(apiSettingsFromEnv(env).allowedHosts, ["dash.internal", "ops.internal:8080"]);
  const result = apiEnvSchema.safeParse({ PROMPTMETRICS_ALLOWED_HOSTS: "dash.internal, https://ops.internal" });
  assert.equal(result.success, false);
  assert.equal(String(result.error!.issues[0]!.path[0]), "PROMPTMETRICS_ALLOWED_HOSTS");
  assert.match(result.error!.issues[0]!.message, /host names/);
});

test("session lifetimes, token lifetimes and the token rate limit: whole numbers, defaults kept for what is unset", () => {
  assert.deepEqual(
    apiSettingsFromEnv(
      apiEnvSchema.parse({
        PROMPTMETRICS_SESSION_MAX_HOURS: "12",
        PROMPTMETRICS_TOKEN_MAX_DAYS: "30",
        PROMPTMETRICS_TOKEN_RATE_LIMIT: "100",
      }),
    ),
    {
      disableSignup: false,
      trustedOrigins: [],
      sessionPolicy: { idleMs: 14 * 24 * 3600_000, absoluteMs: 12 * 3600_000 },
      tokenLifetime: { defaultDays: 30, maxDays: 30 },
      tokenRateLimit: { max: 100, windowMs: 60_000 },
    },
  );
  for (const [name, bad] of [
    ["PROMPTMETRICS_SESSION_IDLE_HOURS", "0"],
    ["PROMPTMETRICS_SESSION_MAX_HOURS", "1.5"],
    ["PROMPTMETRICS_TOKEN_DEFAULT_DAYS", "-3"],
    ["PROMPTMETRICS_TOKEN_MAX_DAYS", "3651"],
    ["PROMPTMETRICS_TOKEN_RATE_LIMIT", "lots"],
  ]) {
    const result = apiEnvSchema.safeParse({ [name!]: bad });
    assert.equal(result.success, false, `${name}=${bad}`);
    assert.equal(String(result.error!.issues[0]!.path[0]), name);
  }
  assert.throws(
    () => apiSettingsFromEnv(apiEnvSchema.parse({ PROMPTMETRICS_TOKEN_DEFAULT_DAYS: "400" })),
    /PROMPTMETRICS_TOKEN_DEFAULT_DAYS \(400\) must be at most PROMPTMETRICS_TOKEN_MAX_DAYS \(365\)/,
  );
});

test("PROMPTMETRICS_MASTER_KEY: 32 bytes as hex or base64; a bad one is named and never echoed", () => {
  const hex = "ab".repeat(32);
  const settings = apiSettingsFromEnv(apiEnvSchema.parse({ PROMPTMETRICS_MASTER_KEY: hex, PROMPTMETRICS_GATEWAY_ALLOW_HTTP: "true" }));
  assert.deepEqual(settings.masterKey?.bytes, Buffer.from(hex, "hex"));
  assert.equal(settings.allowHttpUpstreams, true);
  for (const bad of ["ab".repeat(31), "not-a-key-at-all-but-secret"]) {
    const result = apiEnvSchema.safeParse({ PROMPTMETRICS_MASTER_KEY: bad });
    assert.equal(result.success, false);
    assert.equal(String(result.error!.issues[0]!.path[0]), "PROMPTMETRICS_MASTER_KEY");
    assert.ok(!JSON.stringify(result.error!.issues).includes(bad), "the value is not echoed");
  }
});
