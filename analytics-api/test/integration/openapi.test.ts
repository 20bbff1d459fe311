// The OpenAPI document: valid OpenAPI 3.1, every documented route exists, every route the app registers
// is documented, the docs page renders; and the built dashboard served beside the API.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { ApiMetrics, closeApiApp, createApiApp } from "../../src/index.ts";
import { API_ROUTES } from "../../src/openapi/routes.ts";
import { openTestStore, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";
import { registeredRoutes } from "./registered-routes.ts";

let db: TestStore;
let api: TestApi;
// With a metrics token, so GET /metrics is there (it is absent without one).
const observability = { metrics: new ApiMetrics(), metricsToken: "openapi-test-metrics-token" };
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-web-"));

before(async () => {
  fs.mkdirSync(path.join(webDir, "assets"));
  fs.writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>PromptMetrics</title>");
  fs.writeFileSync(path.join(webDir, "assets", "index-abc123.js"), "console.log(1)");
  fs.writeFileSync(path.join(webDir, "assets", "index-abc123.js.gz"), gzipSync("console.log(1)"));
  db = await openTestStore();
  api = await startApi({ store: db.store, webDir, observability });
});
after(async () => {
  await api.close();
  await db.close();
});

test("GET /api/openapi.json is a valid OpenAPI 3.1 document", async () => {
  const response = await fetch(`${api.url}/api/openapi.json`);
  assert.equal(response.status, 200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, any>> };
  assert.equal(document.openapi, "3.1.0");
  const result = await new Validator().validate(document as Parameters<Validator["validate"]>[0]);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  const overview = document.paths["/api/analytics/overview"]!["get"];
  const projectId = overview.parameters.find((p: { name: string }) => p.name === "projectId");
  assert.equal(projectId.required, true);
  assert.equal(overview.parameters.find((p: { name: string }) => p.name === "model").required, false);
  const signup = document.paths["/api/auth/signup"]!["post"];
  assert.deepEqual(signup.requestBody.content["application/json"].schema.required.sort(), ["email", "password"]);
  assert.equal(signup.requestBody.content["application/json"].schema.additionalProperties, false);
});

test("every documented route is served (none answers 'No route')", async () => {
  for (const route of API_ROUTES) {
    const path = route.path.replace(/:[A-Za-z]+/g, "x");
    const response = await fetch(`${api.url}${path}`, {
      method: route.method.toUpperCase(),
      headers: { "content-type": "application/json", origin: api.url },
      ...(route.method === "get" ? {} : { body: "{}" }),
    });
    const text = await response.text();
    assert.ok(!text.includes("No route for"), `${route.method.toUpperCase()} ${route.path} is documented but not served`);
  }
});

test("every route the app registers is documented in API_ROUTES, and every documented one is registered", () => {
  // An app of the same options, only to read its router stack (the harness keeps its own private); without
  // webDir, whose dashboard pages (GET /index.html and the rest) are no part of the API.
  const app = createApiApp({ store: db.store, observability });
  const registered = registeredRoutes(app).map((route) => `${route.method} ${route.path}`);
  closeApiApp(app);
  assert.ok(registered.length > 40, `only ${registered.length} routes found`);
  // GET /metrics is a middleware ahead of the routers, so it has no route in the stack: named by hand.
  registered.push("GET /metrics");
  const documented = API_ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`);
  assert.deepEqual(
    registered.filter((route) => !documented.includes(route)),
    [],
    "registered routes missing from API_ROUTES (analytics-api/src/openapi/routes.ts)",
  );
  assert.deepEqual(
    documented.filter((route) => !registered.includes(route)),
    [],
    "routes in API_ROUTES that the app does not register",
  );
  assert.equal(new Set(documented).size, documented.length, "each route is documented once");
});

test("GET /metrics is documented as Prometheus text behind its own bearer token, and answers so", async () => {
  const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, any>>;
    components: { securitySchemes: Record<string, any> };
  };
  const metrics = document.paths["/metrics"]!["get"];
  assert.deepEqual(metrics.security, [{ metricsToken: [] }]);
  assert.deepEqual(document.components.securitySchemes["metricsToken"], {
    type: "http",
    scheme: "bearer",
    description: document.components.securitySchemes["metricsToken"].description,
  });
  assert.ok(metrics.responses["200"].content["text/plain"], "the 200 is text/plain");
  assert.equal(metrics.responses["200"].content["application/json"], undefined);
  const refused = await fetch(`${api.url}/metrics`);
  assert.equal(refused.status, 401);
  const scraped = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${observability.metricsToken}` } });
  assert.equal(scraped.status, 200);
  assert.match(scraped.headers.get("content-type") ?? "", /^text\/plain/);
  assert.match(await scraped.text(), /^# (HELP|TYPE) /m);
});

test("GET /api/docs renders every route", async () => {
  const response = await fetch(`${api.url}/api/docs`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/html/);
  const page = await response.text();
  for (const route of API_ROUTES) assert.ok(page.includes(route.path.replace(/:([A-Za-z]+)/g, "{$1}")), route.path);
  assert.ok(!page.includes("<script"), "the page runs no script");
});

test("the dashboard: index.html for its routes, long-cached hashed assets, JSON for the API", async () => {
  for (const route of ["/", "/runs/abc", "/settings/keys?projectId=p"]) {
    const page = await fetch(`${api.url}${route}`);
    assert.equal(page.status, 200, route);
    assert.match(await page.text(), /<title>PromptMetrics<\/title>/);
    assert.equal(page.headers.get("cache-control"), "no-cache");
  }
  const asset = await fetch(`${api.url}/assets/index-abc123.js`);
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(asset.headers.get("content-encoding"), "gzip", "the precompressed copy is sent");
  assert.match(asset.headers.get("content-type") ?? "", /javascript/);
  assert.equal(await asset.text(), "console.log(1)");
  const plain = await fetch(`${api.url}/assets/index-abc123.js`, { headers: { "accept-encoding": "identity" } });
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.equal(await plain.text(), "console.log(1)");
  const missing = await fetch(`${api.url}/api/nothing-here`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, "not_found");
  fs.rmSync(webDir, { recursive: true, force: true });
});
