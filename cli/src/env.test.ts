import assert from "node:assert/strict";
import { test } from "node:test";
import { ingestConfigFromEnv } from "@promptmetrics/ingest";
import { ConfigError, parseEnv } from "./env.ts";

test("defaults: embedded store in ./data, 127.0.0.1, ports 3000 and 4318", () => {
  const env = parseEnv({});
  assert.equal(env.PROMPTMETRICS_DATA_DIR, "./data");
  assert.equal(env.PROMPTMETRICS_HOST, "127.0.0.1");
  assert.equal(env.PROMPTMETRICS_PORT, 3000);
  assert.equal(env.PROMPTMETRICS_OTLP_PORT, 4318);
  assert.equal(env.CLICKHOUSE_URL, undefined);
  assert.equal(env.CLICKHOUSE_DATABASE, "default");
});

test("empty strings count as unset", () => {
  assert.equal(parseEnv({ PROMPTMETRICS_PORT: "" }).PROMPTMETRICS_PORT, 3000);
});

test("every bad variable is named, and secrets are never echoed", () => {
  assert.throws(
    () =>
      parseEnv({
        PROMPTMETRICS_OTLP_PORT: "70000",
        CLICKHOUSE_URL: "ftp://example",
        CLICKHOUSE_DATABASE: "x; DROP",
        PROMPTMETRICS_INIT_INGEST_KEY: "short-secret",
        PROMPTMETRICS_RETENTION_DAYS: "0",
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const names = error.problems.map((p) => p.split(":")[0]);
      assert.deepEqual(names.sort(), [
        "CLICKHOUSE_DATABASE",
        "CLICKHOUSE_URL",
        "PROMPTMETRICS_INIT_INGEST_KEY",
        "PROMPTMETRICS_OTLP_PORT",
        "PROMPTMETRICS_RETENTION_DAYS",
      ]);
      assert.doesNotMatch(error.message, /short-secret/);
      assert.match(error.message, /\(got "70000"\)/);
      return true;
    },
  );
});

test("admin email and password come together; the two ports must differ", () => {
  assert.throws(() => parseEnv({ PROMPTMETRICS_INIT_ADMIN_EMAIL: "a@b.example" }), /PROMPTMETRICS_INIT_ADMIN_PASSWORD: required/);
  assert.throws(() => parseEnv({ PROMPTMETRICS_INIT_ADMIN_PASSWORD: "long enough" }), /PROMPTMETRICS_INIT_ADMIN_EMAIL: required/);
  assert.throws(() => parseEnv({ PROMPTMETRICS_PORT: "4318" }), /PROMPTMETRICS_OTLP_PORT: must differ/);
});

test("CLICKHOUSE_URL selects the server store", () => {
  const env = parseEnv({ CLICKHOUSE_URL: "https://ch.example:8443", CLICKHOUSE_DATABASE: "analytics" });
  assert.equal(env.CLICKHOUSE_URL, "https://ch.example:8443");
  assert.equal(env.CLICKHOUSE_DATABASE, "analytics");
});

test("the metrics token is unset by default, reaches the ingest's config, and a bad one is never echoed", () => {
  assert.equal(parseEnv({}).PROMPTMETRICS_METRICS_TOKEN, undefined);
  assert.equal(ingestConfigFromEnv(parseEnv({})).metricsToken, undefined);
  const token = "scrape-token-0123456789abcdef";
  assert.equal(ingestConfigFromEnv(parseEnv({ PROMPTMETRICS_METRICS_TOKEN: token })).metricsToken, token);
  for (const bad of ["short-token", "a token with spaces in it"]) {
    assert.throws(
      () => parseEnv({ PROMPTMETRICS_METRICS_TOKEN: bad }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PROMPTMETRICS_METRICS_TOKEN: /);
        assert.ok(!error.message.includes(bad));
        return true;
      },
    );
  }
});

test("PROMPTMETRICS_PRICES_SYNC_URL: LiteLLM's raw list by default; another URL or a file path; no other scheme", () => {
  assert.equal(
    parseEnv({}).PROMPTMETRICS_PRICES_SYNC_URL,
    "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
  );
  assert.equal(
    parseEnv({ PROMPTMETRICS_PRICES_SYNC_URL: "/srv/prices/litellm.json" }).PROMPTMETRICS_PRICES_SYNC_URL,
    "/srv/prices/litellm.json",
  );
  assert.equal(
    parseEnv({ PROMPTMETRICS_PRICES_SYNC_URL: "https://mirror.example/prices.json" }).PROMPTMETRICS_PRICES_SYNC_URL,
    "https://mirror.example/prices.json",
  );
  assert.throws(
    () => parseEnv({ PROMPTMETRICS_PRICES_SYNC_URL: "ftp://mirror.example/prices.json" }),
    /PROMPTMETRICS_PRICES_SYNC_URL: must be an http\(s\) or file URL, or a file path/,
  );
});

test("observability: text logs at info by default; a bad log format, level, Sentry DSN, traces URL or headers is named, the DSN and headers never echoed", () => {
  const env = parseEnv({});
  assert.equal(env.PROMPTMETRICS_LOG_FORMAT, "text");
  assert.equal(env.PROMPTMETRICS_LOG_LEVEL, "info");
  assert.equal(env.SENTRY_DSN, undefined);
  const set = parseEnv({
    PROMPTMETRICS_LOG_FORMAT: "json",
    SENTRY_DSN: "https://abc123@o1.ingest.sentry.io/4507",
    PROMPTMETRICS_SELF_TRACES_URL: "http://collector:4318/v1/traces",
    PROMPTMETRICS_SELF_TRACES_HEADERS: "Authorization=Bearer pm_ingest_x=y, X-Scope = team-a",
  });
  assert.equal(set.PROMPTMETRICS_LOG_FORMAT, "json");
  assert.equal(set.SENTRY_DSN, "https://abc123@o1.ingest.sentry.io/4507");
  assert.deepEqual(set.PROMPTMETRICS_SELF_TRACES_HEADERS, { Authorization: "Bearer pm_ingest_x=y", "X-Scope": "team-a" });
  assert.throws(
    () =>
      parseEnv({
        PROMPTMETRICS_LOG_FORMAT: "xml",
        PROMPTMETRICS_LOG_LEVEL: "loud",
        // A hyphen in the key: the SDK would silently send nothing.
        SENTRY_DSN: "https://secret-dsn-key@sentry.example/12",
        PROMPTMETRICS_SELF_TRACES_URL: "file:///etc/passwd",
        PROMPTMETRICS_SELF_TRACES_HEADERS: "Authorization: Bearer header-secret",
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((p) => p.split(":")[0]).sort(), [
        "PROMPTMETRICS_LOG_FORMAT",
        "PROMPTMETRICS_LOG_LEVEL",
        "PROMPTMETRICS_SELF_TRACES_HEADERS",
        "PROMPTMETRICS_SELF_TRACES_URL",
        "SENTRY_DSN",
      ]);
      assert.doesNotMatch(error.message, /secret-dsn-key|header-secret/);
      return true;
    },
  );
});
