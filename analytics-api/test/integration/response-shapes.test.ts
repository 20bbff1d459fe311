// Real answers against the documented response schemas: a real API on a real store, signed up, with a
// second member, keys, tokens, a price override, a logged run and the sample data, is asked every route
// that documents a `response`, and each answer must parse with that schema (strict objects: a field
// added, dropped or retyped fails here). The same schemas build the OpenAPI document the API serves,
// and the dashboard's types are generated from it (web/src/api/types.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { z } from "zod";
import { prettifyError } from "zod";
import { insertSyncedPrices } from "@promptmetrics/clickhouse";
import { buildOpenApiDocument } from "../../src/openapi/build-document.ts";
import { API_ROUTES } from "../../src/openapi/routes.ts";
import { parseMasterKey } from "../../src/index.ts";
import { openTestStore, PASSWORD, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
const checked = new Map<string, number>();

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, otlpPort: 4318, masterKey: parseMasterKey("22".repeat(32)) });
});
after(async () => {
  await api?.close();
  await db?.close();
});

function routeOf(method: string, path: string) {
  const route = API_ROUTES.find((candidate) => candidate.method === method && candidate.path === path);
  assert.ok(route?.response, `${method.toUpperCase()} ${path} documents no response schema`);
  return route as typeof route & { response: z.ZodType };
}

/** Sends the request, expects `status`, and parses the answer with the route's documented schema. */
async function answer<T = any>(
  client: Client,
  method: "get" | "post" | "patch" | "put" | "delete",
  path: string,
  url: string,
  status: number,
  body?: unknown,
): Promise<T> {
  const route = routeOf(method, path);
  const reply = method === "get" ? await client.get(url) : await client.request(method.toUpperCase(), url, { body: body ?? {} });
  assert.equal(reply.status, status, `${method.toUpperCase()} ${url}: ${JSON.stringify(reply.body)}`);
  const parsed = route.response.safeParse(reply.body);
  assert.ok(
    parsed.success,
    `${method.toUpperCase()} ${url} answered outside its documented schema:\n${parsed.success ? "" : prettifyError(parsed.error)}`,
  );
  checked.set(`${method} ${path}`, (checked.get(`${method} ${path}`) ?? 0) + 1);
  return reply.body as T;
}

test("every route's answer matches its documented schema", { timeout: 300_000 }, async () => {
  const owner = api.browser();
  await answer(owner, "get", "/healthz", "/healthz", 200);
  await answer(owner, "post", "/api/auth/signup", "/api/auth/signup", 201, { email: "ada@example.com", password: PASSWORD, name: "Ada" });
  await answer(owner, "post", "/api/auth/login", "/api/auth/login", 200, { email: "ada@example.com", password: PASSWORD });
  const me = await answer(owner, "get", "/api/auth/me", "/api/auth/me", 200);
  const orgId: string = me.orgs[0].id;
  const newPassword = `${PASSWORD} changed`;
  await answer(owner, "post", "/api/auth/password", "/api/auth/password", 200, { currentPassword: PASSWORD, newPassword });
  await owner.post("/api/auth/password", { currentPassword: newPassword, newPassword: PASSWORD });

  const project = await answer(owner, "post", "/api/projects", "/api/projects", 201, { orgId, name: "Shapes" });
  const projectId: string = project.id;
  const p = `/api/projects/${projectId}`;
  const q = `projectId=${projectId}&from=90d&tz=Europe/Berlin`;
  assert.ok((await answer(owner, "get", "/api/projects", "/api/projects", 200)).length > 0);
  await answer(owner, "get", "/api/projects/:projectId", p, 200);

  await answer(owner, "post", "/api/projects/:projectId/ingest-keys", `${p}/ingest-keys`, 201, { name: "ci" });
  assert.ok((await answer(owner, "get", "/api/projects/:projectId/ingest-keys", `${p}/ingest-keys`, 200)).length > 0);
  await answer(owner, "post", "/api/tokens", "/api/tokens", 201, { name: "scripts" });
  assert.ok((await answer(owner, "get", "/api/tokens", "/api/tokens", 200)).length > 0);

  assert.ok((await answer(owner, "get", "/api/orgs", "/api/orgs", 200)).length > 0);
  await answer(owner, "get", "/api/orgs/:orgId", `/api/orgs/${orgId}`, 200);
  const invitation = await answer(owner, "post", "/api/orgs/:orgId/invitations", `/api/orgs/${orgId}/invitations`, 201, {
    email: "grace@example.com",
    role: "member",
  });
  assert.ok((await answer(owner, "get", "/api/orgs/:orgId/invitations", `/api/orgs/${orgId}/invitations`, 200)).length > 0);
  const guest = api.browser();
  await answer(guest, "get", "/api/invitations/:token", `/api/invitations/${invitation.token}`, 200);
  const joined = await answer(guest, "post", "/api/invitations/:token/accept", `/api/invitations/${invitation.token}/accept`, 201, {
    password: PASSWORD,
    name: "Grace",
  });
  const members = await answer(owner, "get", "/api/orgs/:orgId/members", `/api/orgs/${orgId}/members`, 200);
  assert.equal(members.length, 2);
  await answer(owner, "patch", "/api/orgs/:orgId/members/:userId", `/api/orgs/${orgId}/members/${joined.user.id}`, 200, { role: "admin" });

  await answer(owner, "post", "/api/projects/:projectId/price-overrides", `${p}/price-overrides`, 201, {
    model: "acme-large",
    inputPerMTok: "1.5",
    outputPerMTok: "6",
  });
  assert.ok((await answer(owner, "get", "/api/projects/:projectId/price-overrides", `${p}/price-overrides`, 200)).length > 0);
  await answer(owner, "post", "/api/runs/create", "/api/runs/create", 201, {
    projectId,
    model: "acme-unpriced-1",
    inputTokens: 12,
    outputTokens: 4,
    userId: "u-1",
    tags: ["shapes"],
  });
  await answer(owner, "post", "/api/projects/:projectId/sample-data", `${p}/sample-data`, 201);
  assert.ok((await answer(owner, "get", "/api/projects/:projectId/status", `${p}/status`, 200)).runs > 0);
  // A synced price for the unpriced model, so the list shows one and "use this price" answers.
  await insertSyncedPrices(db.store, {
    prices: [
      {
        model: "acme-unpriced-1",
        effectiveFrom: "2026-01-01",
        provider: "openai",
        kind: "chat",
        inputPerMtok: "2",
        cachedInputPerMtok: "0.2",
        cacheWrite5mPerMtok: null,
        cacheWrite1hPerMtok: null,
        cacheWrite30mPerMtok: null,
        cacheWrite12hPerMtok: null,
        outputPerMtok: "8",
        rules: "{}",
        source: "fixture.json",
        sourceModel: "acme-unpriced-1",
      },
    ],
  });
  const unknown = await answer(owner, "get", "/api/projects/:projectId/unknown-models", `${p}/unknown-models`, 200);
  assert.ok(unknown.some((model: { syncedPrice: unknown }) => model.syncedPrice !== null));
  await answer(owner, "post", "/api/projects/:projectId/unknown-models/use-synced-price", `${p}/unknown-models/use-synced-price`, 200, {
    model: "acme-unpriced-1",
  });

  await answer(owner, "get", "/api/analytics/overview", `/api/analytics/overview?${q}`, 200);
  for (const groupBy of ["model", "member", "tag"])
    await answer(owner, "get", "/api/analytics/costs", `/api/analytics/costs?${q}&groupBy=${groupBy}`, 200);
  await answer(owner, "get", "/api/analytics/trends", `/api/analytics/trends?${q}&metric=costUsd`, 200);
  for (const splitBy of ["model", "member"])
    await answer(owner, "get", "/api/analytics/trends", `/api/analytics/trends?${q}&metric=p95LatencyMs&splitBy=${splitBy}&top=2`, 200);
  const models = await answer(owner, "get", "/api/analytics/models", `/api/analytics/models?${q}`, 200);
  assert.ok(models.models.length > 0);
  await answer(owner, "get", "/api/analytics/success-rate", `/api/analytics/success-rate?${q}`, 200);
  await answer(owner, "get", "/api/analytics/users", `/api/analytics/users?${q}`, 200);
  const prompts = await answer(owner, "get", "/api/analytics/prompts", `/api/analytics/prompts?${q}`, 200);
  const versions = new Map<string, string[]>();
  for (const row of prompts.prompts as { prompt: string; version: string }[])
    versions.set(row.prompt, [...(versions.get(row.prompt) ?? []), row.version]);
  const [prompt, [first, second] = []] = [...versions].find(([, list]) => list.length >= 2) ?? [];
  assert.ok(prompt && first && second, "the sample data has a prompt with two versions");
  const compared = await answer(
    owner,
    "get",
    "/api/analytics/prompts",
    `/api/analytics/prompts?${q}&prompt=${encodeURIComponent(prompt)}&compare=${encodeURIComponent(`${first},${second}`)}`,
    200,
  );
  assert.notEqual(compared.comparison, null);

  const page = await answer(owner, "get", "/api/runs", `/api/runs?projectId=${projectId}&limit=5`, 200);
  assert.equal(page.items.length, 5);
  const runId: string = page.items[0].id;
  await answer(owner, "get", "/api/runs/:runId", `/api/runs/${runId}?projectId=${projectId}`, 200);
  await answer(owner, "post", "/api/runs/:runId/rate", `/api/runs/${runId}/rate`, 200, { projectId, rating: 4 });
  await answer(owner, "post", "/api/runs/:runId/feedback", `/api/runs/${runId}/feedback`, 200, {
    projectId,
    text: "to the point",
    success: true,
  });
  const rated = await answer(owner, "get", "/api/runs/:runId", `/api/runs/${runId}?projectId=${projectId}`, 200);
  assert.equal(rated.rating, 4);
  // The rated run's end user: their export holds runs, the other spans of their traces and feedback.
  const endUserId: string = rated.userId;
  assert.notEqual(endUserId, "", "the rated run has an end user");
  const endUser = `${p}/end-users/${encodeURIComponent(endUserId)}`;
  const exported = await answer(owner, "get", "/api/projects/:projectId/end-users/:endUserId/export", `${endUser}/export`, 200);
  assert.ok(exported.runs.length > 0 && exported.feedback.length > 0, "the export holds runs and feedback");
  assert.equal((await answer(owner, "get", "/api/projects/:projectId/retention", `${p}/retention`, 200)).retentionDays, null);
  const retention = await answer(owner, "put", "/api/projects/:projectId/retention", `${p}/retention`, 200, { retentionDays: 30 });
  assert.equal(retention.effectiveRetentionDays, 30);
  const azure = { apiVersion: "2024-10-21", deployments: { "gpt-4o-mini": "mini-eu" } };
  const connected = await answer(owner, "post", "/api/integrations/connect", "/api/integrations/connect", 201, {
    projectId,
    provider: "azure",
    apiKey: "azure-key-0000abcd",
    baseUrl: "https://acme.openai.azure.com",
    azure,
  });
  assert.equal(connected.keyLast4, "abcd");
  const connections = await answer(owner, "get", "/api/integrations", `/api/integrations?projectId=${projectId}`, 200);
  assert.deepEqual(connections[0].azure, azure);
  const rule = await answer(owner, "post", "/api/projects/:projectId/routing-rules", `${p}/routing-rules`, 201, {
    name: "Greeting canary",
    match: { promptName: "greeting", model: "gpt-4o" },
    targetModel: "gpt-4o-mini",
    share: 0.25,
  });
  assert.equal(rule.targetProvider, "openai", "inferred from the catalogue");
  assert.deepEqual([rule.fallbackModels, rule.cacheTtlSeconds], [[], 0], "a model switch alone");
  const cacheRule = await answer(owner, "post", "/api/projects/:projectId/routing-rules", `${p}/routing-rules`, 201, {
    match: { tags: ["faq"] },
    fallbackModels: ["gpt-4.1-mini"],
    cacheTtlSeconds: 600,
  });
  assert.deepEqual(
    [cacheRule.targetModel, cacheRule.targetProvider, cacheRule.fallbackModels, cacheRule.cacheTtlSeconds],
    ["", "openai", ["gpt-4.1-mini"], 600],
  );
  const noAction = await owner.request("POST", `${p}/routing-rules`, { body: { match: { promptName: "greeting" } } });
  assert.deepEqual([noAction.status, noAction.body.error.field], [400, "targetModel"], "a rule without an action is refused");
  const otherDialect = await owner.request("POST", `${p}/routing-rules`, {
    body: { match: { promptName: "greeting" }, targetModel: "gpt-4o-mini", fallbackModels: ["claude-haiku-4-5"] },
  });
  assert.deepEqual([otherDialect.status, otherDialect.body.error.field], [400, "fallbackModels"], "fallbacks stay in the dialect");
  const rules = await answer(owner, "get", "/api/projects/:projectId/routing-rules", `${p}/routing-rules`, 200);
  assert.deepEqual(rules.map((r: { id: string }) => r.id).sort(), [rule.id, cacheRule.id].sort());
  const gatewayKey = await answer(owner, "post", "/api/projects/:projectId/gateway-keys", `${p}/gateway-keys`, 201, { name: "app" });
  assert.match(gatewayKey.key, /^pm_gateway_/);
  assert.deepEqual(
    (await answer(owner, "get", "/api/projects/:projectId/gateway-keys", `${p}/gateway-keys`, 200)).map((k: { id: string }) => k.id),
    [gatewayKey.id],
  );
  const keyLimit = await owner.request("POST", `${p}/gateway-limits`, {
    body: { scope: "key", subject: gatewayKey.id, metric: "requests_per_minute", max: "60" },
  });
  assert.equal(keyLimit.status, 201, "a gateway key can carry a limit");
  const settings = await answer(owner, "get", "/api/projects/:projectId/gateway-settings", `${p}/gateway-settings`, 200);
  assert.deepEqual([settings.allowKeyPassthrough, settings.updatedAt], [false, null]);
  const changed = await answer(owner, "put", "/api/projects/:projectId/gateway-settings", `${p}/gateway-settings`, 200, {
    allowKeyPassthrough: true,
  });
  assert.equal(changed.allowKeyPassthrough, true);
  const routing = await answer(owner, "get", "/api/projects/:projectId/routing-rules/stats", `${p}/routing-rules/stats?from=30d`, 200);
  assert.deepEqual(routing.rules.map((r: { rule: { id: string } }) => r.rule.id).sort(), [rule.id, cacheRule.id].sort());
  const limit = await answer(owner, "post", "/api/projects/:projectId/gateway-limits", `${p}/gateway-limits`, 201, {
    scope: "project",
    metric: "spend_per_month",
    max: "250.50",
  });
  const listedLimits = await answer(owner, "get", "/api/projects/:projectId/gateway-limits", `${p}/gateway-limits`, 200);
  assert.equal(listedLimits.find((l: { id: string }) => l.id === limit.id).max, limit.max);
  await answer(owner, "post", "/api/sql", "/api/sql", 200, {
    projectId,
    query: "SELECT model, count() AS runs, sum(cost_usd) AS cost FROM llm_runs GROUP BY model ORDER BY runs DESC",
  });

  await answer(owner, "get", "/api/optimization/settings", `/api/optimization/settings?projectId=${projectId}`, 200);
  await answer(owner, "put", "/api/optimization/settings", "/api/optimization/settings", 200, { projectId, offlineTags: ["nightly"] });
  const refreshed = await answer(owner, "post", "/api/optimization/refresh", "/api/optimization/refresh", 200, { projectId });
  assert.ok(refreshed.items.length > 0, "the sample data holds suggestions");
  await answer(owner, "get", "/api/optimization/suggestions", `/api/optimization/suggestions?projectId=${projectId}`, 200);
  await answer(owner, "post", "/api/optimization/dismiss", "/api/optimization/dismiss", 200, {
    suggestionId: refreshed.items[0].id,
    reason: "shapes",
  });
  await answer(owner, "post", "/api/optimization/apply", "/api/optimization/apply", 200, { suggestionId: refreshed.items[0].id });
  const savings = await answer(owner, "post", "/api/optimization/savings", "/api/optimization/savings", 200, {
    projectId,
    from: new Date(Date.now() - 90 * 86_400_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
    moves: [{ fromModel: models.models[0].model, toModel: "gpt-5.4", share: 0.5 }],
    batch: { share: 0.25 },
  });
  assert.ok(savings.moves[0].matchedRuns > 0 && savings.moves[0].prices.length > 0, "the sample data's top model moves");
  // Last: it deletes the rated run's end user, whose runs the checks above read.
  const deleted = await answer(owner, "delete", "/api/projects/:projectId/end-users/:endUserId", endUser, 200);
  assert.equal(deleted.runs, exported.runs.length);

  const documented = API_ROUTES.filter((route) => route.response !== undefined).map((route) => `${route.method} ${route.path}`);
  assert.deepEqual(
    documented.filter((route) => !checked.has(route)),
    [],
    "every documented response is checked against a real answer",
  );
});

test("the document the API serves holds these schemas as its components", async () => {
  const served = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as { components: { schemas: Record<string, unknown> } };
  const built = buildOpenApiDocument(API_ROUTES, { title: "", version: "", description: "" }) as {
    components: { schemas: Record<string, unknown> };
  };
  assert.deepEqual(served.components.schemas, built.components.schemas);
  for (const name of ["Me", "RunDetail", "TraceNode", "OverviewResponse", "SqlResult"]) assert.ok(name in served.components.schemas, name);
});
