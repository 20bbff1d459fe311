// Every endpoint the dashboard calls must be a documented route of the API, with documented query
// parameters and body fields: the OpenAPI document is built from the very zod schemas the API
// validates with, so this catches a UI calling something the API would 404 or 400.
import assert from "node:assert/strict";
import { test } from "node:test";
import { API_ROUTES, buildOpenApiDocument } from "@promptmetrics/analytics-api";
import { ENDPOINTS, endpointUrl, type Endpoint } from "./endpoints.ts";

interface BodySchema {
  $ref?: string;
  properties?: Record<string, unknown>;
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: { "application/json": { schema: BodySchema } } };
}
const document = buildOpenApiDocument(API_ROUTES, { title: "test", version: "0", description: "" }) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, BodySchema> };
};

/** A body schema, or the component it refers to. */
function resolved(schema: BodySchema | undefined): BodySchema | undefined {
  return schema?.$ref === undefined ? schema : document.components.schemas[schema.$ref.replace("#/components/schemas/", "")];
}

function operationOf(path: string, method: string): Operation | undefined {
  return document.paths[path.replace(/:([A-Za-z_]+)/g, "{$1}")]?.[method.toLowerCase()];
}

for (const [name, endpoint] of Object.entries(ENDPOINTS) as [string, Endpoint][]) {
  test(`${name}: ${endpoint.method} ${endpoint.path} is documented with the parameters the UI sends`, () => {
    const operation = operationOf(endpoint.path, endpoint.method);
    assert.ok(operation, `${endpoint.method} ${endpoint.path} is not in the API's OpenAPI document`);
    const documented = new Set(
      (operation.parameters ?? []).filter((parameter) => parameter.in === "query").map((parameter) => parameter.name),
    );
    for (const other of endpoint.queryAlsoFrom ?? []) {
      const also = operationOf(other, "GET");
      assert.ok(also, `${other} is not documented`);
      for (const parameter of also.parameters ?? []) if (parameter.in === "query") documented.add(parameter.name);
    }
    for (const query of endpoint.query ?? [])
      assert.ok(documented.has(query), `${name} sends ?${query}, which ${endpoint.path} does not document`);
    const bodyFields = Object.keys(resolved(operation.requestBody?.content["application/json"].schema)?.properties ?? {});
    for (const field of endpoint.body ?? [])
      assert.ok(bodyFields.includes(field), `${name} sends the body field "${field}", which ${endpoint.path} does not document`);
  });
}

test("endpointUrl fills path parameters and refuses query parameters the endpoint does not declare", () => {
  assert.equal(endpointUrl("listMembers", { orgId: "org 1" }), "/api/orgs/org%201/members");
  assert.equal(
    endpointUrl("overview", {}, { projectId: "p", model: ["a", "b"], from: "7d" }),
    "/api/analytics/overview?projectId=p&model=a&model=b&from=7d",
  );
  assert.throws(() => endpointUrl("overview", {}, { projectId: "p", colour: "red" }), /colour/);
  assert.throws(() => endpointUrl("getProject", {}), /projectId/);
});
