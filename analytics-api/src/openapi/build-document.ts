// Builds the OpenAPI 3.1 document from the route list: zod schemas become JSON Schema (2020-12, the
// dialect OpenAPI 3.1 uses), query objects become one parameter per field, and the response schemas
// named with .meta({ id }) become components (web/src/api/types.ts is generated from them).
import { z } from "zod";
import type { RouteDoc } from "./route-doc.ts";

type Json = Record<string, unknown>;

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
}

/** A body or response schema with its named parts moved to `components` and referred to from there. */
function namedSchema(schema: z.ZodType, components: Record<string, Json>, io: "input" | "output"): Json {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json & { $defs?: Record<string, Json> };
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] = toComponentRefs(definition);
  return toComponentRefs(rest);
}

function toComponentRefs(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}

function operationId(route: RouteDoc): string {
  const words = route.path
    .replace(/^\/api\//, "")
    .split(/[/-]/)
    .filter((part) => part !== "")
    .map((part) => (part.startsWith(":") ? `by ${part.slice(1)}` : part));
  const camel = [route.method, ...words.flatMap((word) => word.split(" "))]
    .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join("");
  return camel.replace(/[^A-Za-z0-9]/g, "");
}

function parameters(route: RouteDoc): Json[] {
  const list: Json[] = [];
  for (const name of route.path.match(/:([A-Za-z_][A-Za-z0-9_]*)/g) ?? []) {
    const key = name.slice(1);
    list.push({
      name: key,
      in: "path",
      required: true,
      schema: { type: "string" },
      ...(route.pathParams?.[key] ? { description: route.pathParams[key] } : {}),
    });
  }
  if (route.query !== undefined) {
    const shape = route.query.shape as Record<string, z.ZodType>;
    for (const [name, field] of Object.entries(shape)) {
      const schema = jsonSchema(field);
      const description = typeof schema["description"] === "string" ? schema["description"] : field.description;
      list.push({
        name,
        in: "query",
        required: !field.safeParse(undefined).success,
        schema,
        ...(description ? { description } : {}),
        // Repeatable filters arrive as ?model=a&model=b.
        ...(JSON.stringify(schema).includes('"type":"array"') ? { style: "form", explode: true } : {}),
      });
    }
  }
  return list;
}

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable machine-readable code, e.g. validation_error, not_found." },
        message: { type: "string" },
        field: { type: "string", description: "The request field or parameter the error is about." },
      },
    },
  },
};

function responses(route: RouteDoc, components: Record<string, Json>): Json {
  const out: Json = {};
  const statuses = Object.keys(route.responses).map(Number);
  statuses.forEach((status, index) => {
    const description = route.responses[status] ?? "";
    if (status >= 400) {
      out[String(status)] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
      return;
    }
    const content: Json = {};
    if (index === 0 && route.response !== undefined)
      content["application/json"] = { schema: namedSchema(route.response, components, "output") };
    for (const type of index === 0 ? (route.produces ?? []) : []) content[type] = { schema: { type: "string" } };
    out[String(status)] = { description, ...(Object.keys(content).length > 0 ? { content } : {}) };
  });
  return out;
}

function security(route: RouteDoc): Json[] {
  if (route.auth === "metricsToken") return [{ metricsToken: [] }];
  return route.auth ? [{ session: [] }, { bearer: [] }] : [];
}

export function buildOpenApiDocument(routes: readonly RouteDoc[], info: DocumentInfo): Json {
  const paths: Record<string, Json> = {};
  const components: Record<string, Json> = {};
  for (const route of routes) {
    const operation: Json = {
      operationId: operationId(route),
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      parameters: parameters(route),
      ...(route.body === undefined
        ? {}
        : { requestBody: { required: true, content: { "application/json": { schema: namedSchema(route.body, components, "input") } } } }),
      responses: responses(route, components),
      security: security(route),
      ...route.extensions,
    };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  const tags = [...new Set(routes.map((route) => route.tag))].map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info,
    servers: [{ url: "/" }],
    tags,
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA, ...Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))) },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "pm_session", description: "Set by POST /api/auth/login or /api/auth/signup." },
        bearer: { type: "http", scheme: "bearer", description: "An API token from POST /api/tokens (pm_api_…)." },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "PROMPTMETRICS_METRICS_TOKEN, for GET /metrics only (which exists only when it is set).",
        },
      },
    },
  };
}
