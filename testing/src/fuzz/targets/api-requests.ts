// Every documented route of the API (API_ROUTES, the OpenAPI document's list) on the real express app
// over a real store, signed in with an API token: hostile path ids, query strings and JSON bodies (keys
// from the route's own schema, values of every shape). Never a 5xx; every error is the JSON error body;
// a 400 for a JSON object body or a query string names the field it is about.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { answerClientErrors, API_ROUTES, closeApiApp, createApiApp } from "@promptmetrics/analytics-api";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import type { FuzzTarget } from "../driver.ts";
import { hostileJson, hostileString, nastyString } from "../hostile.ts";

interface ApiContext {
  store: Store;
  url: string;
  token: string;
  ids: { orgId: string; projectId: string };
  close(): Promise<void>;
}

export interface ApiInput {
  route: number;
  /** Per path parameter: the caller's real id (where it has one) or a hostile string. */
  params: { real: boolean; value: string }[];
  query: { kind: "pairs"; pairs: [string, string][] } | { kind: "raw"; text: string };
  body:
    { kind: "object"; fields: [string, unknown][] } | { kind: "json"; value: unknown } | { kind: "raw"; text: string } | { kind: "none" };
}

// Routes whose real ids would end the fuzzing caller's own access; they get hostile ids only.
const REAL_IDS = new Set(["orgId", "projectId"]);

function schemaKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === "object" ? Object.keys(shape) : [];
}

const input: fc.Arbitrary<ApiInput> = fc.integer({ min: 0, max: API_ROUTES.length - 1 }).chain((route) => {
  const doc = API_ROUTES[route]!;
  const paramCount = (doc.path.match(/:[A-Za-z]+/g) ?? []).length;
  const bodyKeys = schemaKeys(doc.body);
  const queryKeys = schemaKeys(doc.query);
  const key = (known: string[]) =>
    known.length > 0
      ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostileString })
      : hostileString;
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("1", "0", "-1", "true", "x", "2026-01-01T00:00:00Z", "csv", "json", "gpt-4o") },
    { weight: 3, arbitrary: hostileString },
  );
  return fc.record({
    route: fc.constant(route),
    params: fc.array(fc.record({ real: fc.boolean(), value: fc.oneof(nastyString, hostileString) }), {
      minLength: paramCount,
      maxLength: paramCount,
    }),
    query: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({ kind: fc.constant("pairs" as const), pairs: fc.array(fc.tuple(key(queryKeys), value), { maxLength: 4 }) }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("raw" as const),
          text: fc.oneof(
            fc.constantFrom("a[b]=1&a[c]=2", "from[$gt]=1", "%", "%ZZ=1", "limit=1&limit=2", "__proto__[x]=1", "=&&=", "x=" + "%00"),
            fc.string(),
          ),
        }),
      },
    ),
    body: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant("object" as const),
          fields: fc.array(fc.tuple(key(bodyKeys), hostileJson), { maxLength: 5 }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("json" as const), value: hostileJson }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("raw" as const),
          text: fc.oneof(fc.constantFrom("{", '{"a":1,}', "\u0000", "[".repeat(10_000)), fc.string()),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
    ),
  });
});

async function openApi(): Promise<ApiContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-fuzz-api-"));
  const store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  const app = createApiApp({ store });
  // As the CLI binds it (cli/src/serve/listen.ts): a request line over Node's header limit is a JSON 431.
  const server = answerClientErrors(http.createServer(app));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signup = await fetch(`${url}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "fuzz@example.com", password: "correct horse battery" }),
  });
  const me = (await signup.json()) as { orgs: { id: string }[]; projects: { id: string }[] };
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const created = await fetch(`${url}/api/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, cookie },
    body: JSON.stringify({ name: "fuzz" }),
  });
  const { token } = (await created.json()) as { token: string };
  return {
    store,
    url,
    token,
    ids: { orgId: me.orgs[0]!.id, projectId: me.projects[0]!.id },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      closeApiApp(app);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function checkApi(context: ApiContext, x: ApiInput): Promise<void> {
  const doc = API_ROUTES[x.route]!;
  let i = 0;
  const pathname = doc.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const param = x.params[i++]!;
    const real = REAL_IDS.has(name) && param.real ? context.ids[name as keyof ApiContext["ids"]] : undefined;
    // A lone surrogate cannot be percent-encoded; a client sends U+FFFD for it.
    return encodeURIComponent((real ?? param.value).toWellFormed());
  });
  let search = "";
  if (x.query.kind === "pairs") {
    const params = new URLSearchParams();
    for (const [k, v] of x.query.pairs) params.append(k, v);
    search = params.size > 0 ? `?${params}` : "";
  } else if (x.query.text !== "") search = `?${x.query.text.replace(/[#\s]/g, "_")}`;
  const method = doc.method.toUpperCase();
  const headers: Record<string, string> = { authorization: `Bearer ${context.token}`, origin: context.url };
  let body: string | undefined;
  let objectBody = false;
  if (method !== "GET" && x.body.kind !== "none") {
    headers["content-type"] = "application/json";
    if (x.body.kind === "object") {
      // Built by hand: Object.fromEntries would turn a "__proto__" key into a prototype.
      body = `{${x.body.fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`;
      objectBody = true;
    } else body = x.body.kind === "json" ? (JSON.stringify(x.body.value) ?? "null") : x.body.text;
  }
  const res = await fetch(`${context.url}${pathname}${search}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const what = `${method} ${pathname}${search} ${body?.slice(0, 200) ?? ""} → ${res.status}`;
  assert.ok(res.status < 500, `${what}: ${text.slice(0, 300)}`);
  if (res.status < 400) return;
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/, `${what}: the error is JSON`);
  const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } }).error;
  assert.ok(typeof error?.message === "string" && error.message.length > 0, `${what}: the error has a message: ${text.slice(0, 300)}`);
  // A 400 about a JSON object body or a query parameter says which one; the rest (a malformed body, a
  // body that is no object) is about the body as a whole.
  if (res.status === 400 && error.code === "validation_error" && (objectBody || method === "GET")) {
    // A parameter can be named "" (`?=1`); then the field is "" too, but it is there.
    assert.ok(typeof error.field === "string", `${what}: a 400 names the field: ${text.slice(0, 300)}`);
  }
}

export const apiRequestsTarget: FuzzTarget<ApiContext, ApiInput> = {
  name: "api-requests",
  defaultRuns: 8_000,
  testRuns: 200,
  usesStore: true,
  timeoutMs: 30000,
  open: openApi,
  close: (context) => context.close(),
  arbitrary: () => input,
  check: checkApi,
  corpus: () =>
    API_ROUTES.map((doc, route) => ({
      route,
      params: (doc.path.match(/:[A-Za-z]+/g) ?? []).map(() => ({ real: true, value: "../x" })),
      query: { kind: "raw" as const, text: "a[b]=1&a[c]=2&limit=1&limit=2" },
      body: {
        kind: "object" as const,
        fields: [
          ["__proto__", { isAdmin: true }] as [string, unknown],
          ...schemaKeys(doc.body).map((k) => [k, ["=1"]] as [string, unknown]),
        ],
      },
    })),
};
