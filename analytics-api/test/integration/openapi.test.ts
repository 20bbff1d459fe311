// The OpenAPI document: valid OpenAPI 3.1, every documented route exists, the docs page renders.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { API_ROUTES } from "../../src/openapi/routes.ts";
import { openTestStore, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
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

test("GET /api/docs renders every route", async () => {
  const response = await fetch(`${api.url}/api/docs`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/html/);
  const page = await response.text();
  for (const route of API_ROUTES) assert.ok(page.includes(route.path.replace(/:([A-Za-z]+)/g, "{$1}")), route.path);
  assert.ok(!page.includes("<script"), "the page runs no script");
});
