import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHeaders, readRegisterSettings, tracesUrlFrom } from "./register-settings.ts";

test("defaults to the local PromptMetrics with the key as a bearer token", () => {
  const settings = readRegisterSettings({ PROMPTMETRICS_API_KEY: " pm_ingest_abc " }, ["node", "/srv/app/server.js"]);
  assert.equal(settings.tracesUrl, "http://localhost:4318/v1/traces");
  assert.deepEqual(settings.headers, { Authorization: "Bearer pm_ingest_abc" });
  assert.equal(settings.defaultServiceName, "server");
  assert.deepEqual(settings.warnings, []);
});

test("PROMPTMETRICS_ENDPOINT wins; the standard OTLP variables apply when it is unset", () => {
  assert.equal(readRegisterSettings({ PROMPTMETRICS_ENDPOINT: "https://pm.example.com/" }).tracesUrl, "https://pm.example.com/v1/traces");
  assert.equal(
    readRegisterSettings({ PROMPTMETRICS_ENDPOINT: "https://pm.example.com", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })
      .tracesUrl,
    "https://pm.example.com/v1/traces",
  );
  assert.equal(readRegisterSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracesUrl, "http://collector:4318/v1/traces");
  assert.equal(
    readRegisterSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/custom" }).tracesUrl,
    "http://collector:4318/custom",
  );
  assert.equal(
    readRegisterSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://a/t", OTEL_EXPORTER_OTLP_ENDPOINT: "http://b" }).tracesUrl,
    "http://a/t",
  );
});

test("problems become warnings, never exceptions", () => {
  const settings = readRegisterSettings({ PROMPTMETRICS_ENDPOINT: "localhost:4318" });
  assert.equal(settings.tracesUrl, "http://localhost:4318/v1/traces");
  assert.match(settings.warnings[0]!, /PROMPTMETRICS_ENDPOINT is not an http\(s\) URL/);
  assert.match(settings.warnings[1]!, /PROMPTMETRICS_API_KEY is not set/);
  assert.deepEqual(readRegisterSettings({ OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer x" }).warnings, []);
});

test("the service name comes from the standard variables first", () => {
  assert.equal(readRegisterSettings({ OTEL_SERVICE_NAME: "api" }, ["node", "app.mjs"]).defaultServiceName, undefined);
  assert.equal(
    readRegisterSettings({ OTEL_RESOURCE_ATTRIBUTES: "team=x,service.name=api" }, ["node", "app.mjs"]).defaultServiceName,
    undefined,
  );
  assert.equal(readRegisterSettings({ npm_package_name: "shop" }, ["node", "app.mjs"]).defaultServiceName, "shop");
  assert.equal(readRegisterSettings({}, ["node", "/x/worker.cjs"]).defaultServiceName, "worker");
});

test("tracesUrlFrom keeps an explicit /v1/traces", () => {
  assert.equal(tracesUrlFrom("http://h:4318/v1/traces"), "http://h:4318/v1/traces");
  assert.equal(tracesUrlFrom("ftp://h"), undefined);
});

test("standard OTLP headers, timeout and compression; the API key replaces any Authorization", () => {
  const settings = readRegisterSettings({
    OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20old,x-team=core",
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-team=traces",
    PROMPTMETRICS_API_KEY: "pm_ingest_new",
    OTEL_EXPORTER_OTLP_TIMEOUT: "2500",
    OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
  });
  assert.deepEqual(settings.headers, { "x-team": "traces", Authorization: "Bearer pm_ingest_new" });
  assert.equal(settings.timeoutMs, 2500);
  assert.equal(settings.gzip, true);
  assert.equal(readRegisterSettings({}).timeoutMs, 10_000);
  assert.deepEqual(parseHeaders("a=1, b = x%3Dy ,broken"), { a: "1", b: "x=y" });
});
