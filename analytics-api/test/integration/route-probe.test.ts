// The second probe of every route family (issue 16): the routes are read from the express app itself (its
// router stack, so a route nobody documented is probed too), each must have a request below, and each is
// attacked as (1) an outsider without a session: 401 unless it is one of the public routes named here;
// (2) a viewer of the org: 403 on what changes state or is for owners and admins; (3) the owner of another
// org addressing this org's ids: 404, never 200 and never a 403 that would confirm the id exists; (4) the
// owner with hostile strings in every path id, query parameter and body field: never a 5xx, every error
// JSON, a 400 names the field, and no answer holds anything of the other org.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { ApiMetrics, closeApiApp, createApiApp, parseMasterKey } from "../../src/index.ts";
import {
  invitedMember,
  openTestStore,
  PASSWORD,
  signedUp,
  startApi,
  type Client,
  type TestApi,
  type TestStore,
} from "./accounts-harness.ts";
import { registeredRoutes, type RouteKey } from "./registered-routes.ts";

const METRICS_TOKEN = "route-probe-metrics-token";
const SUGGESTION_ID = `sg_${"0".repeat(24)}`;
const RANGE = { from: "2026-11-01", to: "2026-12-01" };

/** The ids a request addresses; `victim` is the org under attack, `attacker` the other one. */
interface Ids {
  orgId: string;
  projectId: string;
  keyId: string;
  userId: string;
  invitationId: string;
  invitationToken: string;
  tokenId: string;
  runId: string;
  endUserId: string;
}

interface Probe {
  query?: (ids: Ids) => Record<string, string>;
  body?: (ids: Ids) => Record<string, unknown>;
  /** Answers without a session. */
  public?: boolean;
  /** A viewer of the org is refused (403): the route changes shared state or is for admins. */
  viewerForbidden?: boolean;
  /** Addressed by the org's ids (path, query or body): another org's caller gets 404. */
  addressed?: boolean;
}

const project = (ids: Ids) => ({ projectId: ids.projectId });
const analytics = { query: (ids: Ids) => ({ projectId: ids.projectId, ...RANGE }), addressed: true };

/** A request for every route the app registers, keyed "METHOD /path". */
const PROBES: Record<string, Probe> = {
  "GET /healthz": { public: true },
  "GET /metrics": {}, // its own bearer token, no session: 401 without it
  "POST /api/auth/signup": { public: true, body: () => ({ email: "probe-signup@example.com", password: PASSWORD }) },
  "POST /api/auth/login": { public: true, body: () => ({ email: "victim-owner@example.com", password: PASSWORD }) },
  "POST /api/auth/logout": { public: true },
  // A wrong current password: the probe must not change the owner's.
  "POST /api/auth/password": { body: () => ({ currentPassword: "not the password", newPassword: "another horse battery" }) },
  "GET /api/auth/me": {},
  "GET /api/projects": {},
  "POST /api/projects": { body: (ids) => ({ orgId: ids.orgId, name: "Probe" }), viewerForbidden: true, addressed: true },
  "GET /api/projects/:projectId": { addressed: true },
  "POST /api/projects/:projectId/ingest-keys": { body: () => ({ name: "probe" }), viewerForbidden: true, addressed: true },
  // The keys' names and prefixes, never their secrets: viewers read them as they read the rest.
  "GET /api/projects/:projectId/ingest-keys": { addressed: true },
  "DELETE /api/projects/:projectId/ingest-keys/:keyId": { viewerForbidden: true, addressed: true },
  "GET /api/orgs": {},
  "GET /api/orgs/:orgId": { addressed: true },
  "GET /api/orgs/:orgId/members": { addressed: true },
  "PATCH /api/orgs/:orgId/members/:userId": { body: () => ({ role: "owner" }), viewerForbidden: true, addressed: true },
  "DELETE /api/orgs/:orgId/members/:userId": { viewerForbidden: true, addressed: true },
  "POST /api/orgs/:orgId/invitations": {
    body: () => ({ email: "probe-invite@example.com", role: "admin" }),
    viewerForbidden: true,
    addressed: true,
  },
  "GET /api/orgs/:orgId/invitations": { viewerForbidden: true, addressed: true },
  "DELETE /api/orgs/:orgId/invitations/:invitationId": { viewerForbidden: true, addressed: true },
  "GET /api/invitations/:token": { public: true },
  "POST /api/invitations/:token/accept": { public: true, body: () => ({ password: PASSWORD }) },
  "POST /api/tokens": { body: () => ({ name: "probe" }) },
  "GET /api/tokens": {},
  "DELETE /api/tokens/:tokenId": { addressed: true },
  "GET /api/analytics/export": { query: (ids) => ({ projectId: ids.projectId, what: "runs", format: "json", ...RANGE }), addressed: true },
  "GET /api/analytics/overview": analytics,
  "GET /api/analytics/costs": analytics,
  "GET /api/analytics/trends": analytics,
  "GET /api/analytics/models": analytics,
  "GET /api/analytics/success-rate": analytics,
  "GET /api/analytics/users": analytics,
  "GET /api/analytics/prompts": analytics,
  "GET /api/runs": { query: project, addressed: true },
  "POST /api/runs/create": {
    body: (ids) => ({ projectId: ids.projectId, model: "gpt-4o-mini", inputTokens: 1, outputTokens: 1 }),
    viewerForbidden: true,
    addressed: true,
  },
  "GET /api/runs/:runId": { query: project, addressed: true },
  "POST /api/runs/:runId/rate": { body: (ids) => ({ projectId: ids.projectId, rating: 3 }), viewerForbidden: true, addressed: true },
  "POST /api/runs/:runId/feedback": {
    body: (ids) => ({ projectId: ids.projectId, text: "probe" }),
    viewerForbidden: true,
    addressed: true,
  },
  "POST /api/sql": { body: (ids) => ({ projectId: ids.projectId, query: "SELECT count() AS n FROM llm_runs" }), addressed: true },
  "GET /api/projects/:projectId/status": { addressed: true },
  "POST /api/projects/:projectId/sample-data": { viewerForbidden: true, addressed: true },
  "GET /api/projects/:projectId/price-overrides": { addressed: true },
  "POST /api/projects/:projectId/price-overrides": {
    body: () => ({ model: "gpt-4o-mini", inputPerMTok: "1", outputPerMTok: "2" }),
    viewerForbidden: true,
    addressed: true,
  },
  "GET /api/projects/:projectId/unknown-models": { addressed: true },
  "POST /api/projects/:projectId/unknown-models/use-synced-price": {
    body: () => ({ model: "probe-model" }),
    viewerForbidden: true,
    addressed: true,
  },
  "GET /api/projects/:projectId/end-users/:endUserId/export": { viewerForbidden: true, addressed: true },
  "DELETE /api/projects/:projectId/end-users/:endUserId": { viewerForbidden: true, addressed: true },
  "GET /api/projects/:projectId/retention": { addressed: true },
  "PUT /api/projects/:projectId/retention": { body: () => ({ retentionDays: 30 }), viewerForbidden: true, addressed: true },
  "POST /api/integrations/connect": {
    body: (ids) => ({ projectId: ids.projectId, provider: "openai", apiKey: "sk-probe-00000000", baseUrl: "https://api.openai.com/v1" }),
    viewerForbidden: true,
    addressed: true,
  },
  "POST /api/integrations/disconnect": {
    body: (ids) => ({ projectId: ids.projectId, integrationId: "pk_none" }),
    viewerForbidden: true,
    addressed: true,
  },
  "GET /api/integrations": { query: project, addressed: true },
  "GET /api/projects/:projectId/routing-rules": { addressed: true },
  "GET /api/projects/:projectId/routing-rules/stats": { query: () => RANGE, addressed: true },
  "POST /api/projects/:projectId/routing-rules": {
    body: () => ({ match: { promptName: "probe" }, targetModel: "gpt-4o-mini", share: 0.5 }),
    viewerForbidden: true,
    addressed: true,
  },
  "DELETE /api/projects/:projectId/routing-rules/:ruleId": { viewerForbidden: true, addressed: true },
  "GET /api/projects/:projectId/gateway-limits": { addressed: true },
  "POST /api/projects/:projectId/gateway-limits": {
    body: () => ({ scope: "end_user", subject: "*", metric: "spend_per_day", max: "5" }),
    viewerForbidden: true,
    addressed: true,
  },
  "DELETE /api/projects/:projectId/gateway-limits/:limitId": { viewerForbidden: true, addressed: true },
  "POST /api/projects/:projectId/gateway-keys": { body: () => ({ name: "probe" }), viewerForbidden: true, addressed: true },
  "GET /api/projects/:projectId/gateway-keys": { addressed: true },
  "DELETE /api/projects/:projectId/gateway-keys/:keyId": { viewerForbidden: true, addressed: true },
  "GET /api/projects/:projectId/gateway-settings": { addressed: true },
  "PUT /api/projects/:projectId/gateway-settings": { body: () => ({ allowKeyPassthrough: true }), viewerForbidden: true, addressed: true },
  "POST /api/optimization/savings": {
    body: (ids) => ({ projectId: ids.projectId, ...RANGE, moves: [], batch: { share: 0.5 } }),
    addressed: true,
  },
  "GET /api/optimization/suggestions": { query: project, addressed: true },
  // The role is checked on the suggestion's project once it is found, so a missing one is a 404 for anyone;
  // a viewer's 403 on a real suggestion is in suggestions.test.ts.
  "POST /api/optimization/apply": { body: () => ({ suggestionId: SUGGESTION_ID }) },
  "POST /api/optimization/dismiss": { body: () => ({ suggestionId: SUGGESTION_ID }) },
  "POST /api/optimization/refresh": { body: project, viewerForbidden: true, addressed: true },
  "GET /api/optimization/settings": { query: project, addressed: true },
  "PUT /api/optimization/settings": {
    body: (ids) => ({ projectId: ids.projectId, windowDays: 30 }),
    viewerForbidden: true,
    addressed: true,
  },
  "GET /api/openapi.json": { public: true },
  "GET /api/docs": { public: true },
  "GET /sdk/promptmetrics-instrumentation.tgz": { public: true },
};

const HOSTILE = [
  `it's "quoted"`,
  "back\\slash\\",
  "' OR '1'='1",
  "'; DROP TABLE spans; --",
  "{name:String}",
  "file('/etc/passwd')",
  "=cmd|' /C calc'!A0",
  "<script>alert(1)</script>",
  "\u0000nul",
  "ünïcødé 用户 🙂 \u202E",
  "../../x",
];
/** Long strings: in a URL under the 16 KiB header limit, in a body much longer. */
const LONG_IN_URL = "x".repeat(8_000);
const LONG_IN_BODY = "y".repeat(200_000);

let db: TestStore;
let api: TestApi;
let owner: Client;
let viewer: Client;
let attacker: Client;
let victim: Ids;
let other: Ids;
/** Strings that only the attacker's org holds: none may appear in an answer to the victim's owner. */
let attackerMarks: string[];

let routes: RouteKey[];

async function seedOrg(client: Client, me: { user: { id: string }; orgs: { id: string }[]; projects: { id: string }[] }, tag: string) {
  const orgId = me.orgs[0]!.id;
  const projectId = me.projects[0]!.id;
  const key = await client.post(`/api/projects/${projectId}/ingest-keys`, { name: `${tag} key` });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const invitation = await client.post(`/api/orgs/${orgId}/invitations`, { email: `${tag}-invitee@example.com`, role: "member" });
  assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
  const token = await client.post("/api/tokens", { name: `${tag} token` });
  assert.equal(token.status, 201, JSON.stringify(token.body));
  const trace = (tag === "victim" ? "a1" : "b2").repeat(16);
  const span = (tag === "victim" ? "c3" : "d4").repeat(8);
  await insertSpans(db.store, {
    rows: [
      llmSpanRow({
        project_id: projectId,
        trace_id: trace,
        span_id: span,
        start_time: "2026-11-20 10:00:00.000000000",
        end_time: "2026-11-20 10:00:01.000000000",
        ingested_at: "2026-11-20 10:00:02.000",
        user_id: `${tag}-end-user`,
        cost_usd: "0.010000000000",
        input_text: `${tag} secret prompt`,
        output_text: `${tag} secret answer`,
      }),
    ],
  });
  return {
    orgId,
    projectId,
    keyId: key.body.id,
    userId: me.user.id,
    invitationId: invitation.body.id,
    invitationToken: invitation.body.token,
    tokenId: token.body.id,
    runId: `${trace}-${span}`,
    endUserId: `${tag}-end-user`,
  } satisfies Ids;
}

before(async () => {
  db = await openTestStore();
  const metrics = new ApiMetrics();
  api = await startApi({
    store: db.store,
    observability: { metrics, metricsToken: METRICS_TOKEN },
    masterKey: parseMasterKey("11".repeat(32)),
  });
  // A second app of the same options, only to read its router stack (the harness keeps its own private).
  const app = createApiApp({ store: db.store, observability: { metrics, metricsToken: METRICS_TOKEN } });
  routes = registeredRoutes(app);
  closeApiApp(app);
  const a = await signedUp(api, "victim-owner@example.com");
  owner = a.client;
  victim = await seedOrg(owner, a.me, "victim");
  viewer = await invitedMember(api, owner, victim.orgId, "victim-viewer@example.com", "viewer");
  const b = await signedUp(api, "attacker-owner@example.com");
  attacker = b.client;
  other = await seedOrg(attacker, b.me, "attacker");
  attackerMarks = [
    other.orgId,
    other.projectId,
    other.keyId,
    other.invitationId,
    other.tokenId,
    "attacker secret",
    "attacker-owner@example.com",
  ];
});
after(async () => {
  await api?.close();
  await db?.close();
});

function keyOf(route: RouteKey): string {
  return `${route.method} ${route.path}`;
}

/** The route's path, query and body for `ids`, with `override` replacing one path param, query or body field. */
function requestFor(route: RouteKey, ids: Ids, override?: { where: "path" | "query" | "body"; name: string; value: string }) {
  const probe = PROBES[keyOf(route)]!;
  const idFor: Record<string, keyof Ids> = { token: "invitationToken" };
  const pathname = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = override?.where === "path" && override.name === name ? override.value : String(ids[idFor[name] ?? (name as keyof Ids)]);
    return encodeURIComponent(value.toWellFormed());
  });
  const query = { ...probe.query?.(ids) };
  if (override?.where === "query") query[override.name] = override.value;
  const search = Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : "";
  const body = probe.body ? { ...probe.body(ids) } : undefined;
  if (override?.where === "body" && body) body[override.name] = override.value;
  return { pathname: pathname + search, body };
}

/** Sends as `client` (its cookies and origin) without taking cookies back, so an outsider stays one; any body type. */
async function send(client: Client, route: RouteKey, ids: Ids, override?: Parameters<typeof requestFor>[2]) {
  const { pathname, body } = requestFor(route, ids, override);
  const headers: Record<string, string> = {};
  if (client.cookies.size > 0) headers.cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  if (route.method !== "GET" && client.origin !== null) headers.origin = client.origin;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${client.url}${pathname}`, {
    method: route.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = /^application\/json/.test(res.headers.get("content-type") ?? "");
  return {
    status: res.status,
    body: (json && text ? JSON.parse(text) : text) as any,
    what: `${route.method} ${pathname.slice(0, 200)} ${JSON.stringify(body ?? "").slice(0, 200)} → ${res.status}`,
  };
}

function assertNoLeak(what: string, body: unknown) {
  const text = JSON.stringify(body ?? "");
  for (const mark of attackerMarks) assert.ok(!text.includes(mark), `${what}: the answer holds ${mark} of the other org`);
}

test("the app's routes are enumerated from its router stack, include this wave's routes, and each has a probe", () => {
  assert.ok(routes.length > 40, `only ${routes.length} routes found`);
  const keys = new Set(routes.map(keyOf));
  for (const expected of [
    "GET /api/projects/:projectId/end-users/:endUserId/export",
    "DELETE /api/projects/:projectId/end-users/:endUserId",
    "GET /api/projects/:projectId/retention",
    "PUT /api/projects/:projectId/retention",
    "POST /api/integrations/connect",
    "POST /api/integrations/disconnect",
    "GET /api/integrations",
    "POST /api/projects/:projectId/routing-rules",
    "POST /api/projects/:projectId/gateway-keys",
    "PUT /api/projects/:projectId/gateway-settings",
    "POST /api/auth/password",
    "POST /api/tokens",
    "DELETE /api/tokens/:tokenId",
  ]) {
    assert.ok(keys.has(expected), `${expected} is registered`);
  }
  // GET /metrics is a middleware ahead of the routers (it answers by whatever host name): added by hand.
  routes.push({ method: "GET", path: "/metrics" });
  const unprobed = routes.map(keyOf).filter((key) => !(key in PROBES));
  assert.deepEqual(unprobed, [], "every registered route has a probe request");
  const gone = Object.keys(PROBES).filter((key) => !routes.some((route) => keyOf(route) === key));
  assert.deepEqual(gone, [], "every probe request is for a registered route");
});

test("an outsider without a session gets 401 from every route but the documented public ones", async () => {
  const outsider = api.browser();
  const answers: string[] = [];
  for (const route of routes) {
    const reply = await send(outsider, route, victim);
    assert.ok(reply.status < 500, reply.what);
    assertNoLeak(reply.what, reply.body);
    if (PROBES[keyOf(route)]!.public) assert.notEqual(reply.status, 401, `${reply.what}: documented as public`);
    else if (reply.status !== 401) answers.push(reply.what);
  }
  assert.deepEqual(answers, [], "routes that answered an outsider without 401");
});

test("a viewer of the org gets 403 from every route that changes shared state or is for owners and admins", async () => {
  const answers: string[] = [];
  for (const route of routes.filter((r) => PROBES[keyOf(r)]!.viewerForbidden)) {
    const reply = await send(viewer, route, victim);
    if (reply.status !== 403) answers.push(`${reply.what} ${JSON.stringify(reply.body).slice(0, 200)}`);
    else assert.equal(typeof reply.body?.error?.message, "string", reply.what);
  }
  assert.deepEqual(answers, [], "routes that did not refuse a viewer");
});

test("the owner of another org gets 404 for every route addressed by this org's project or ids", async () => {
  const answers: string[] = [];
  for (const route of routes.filter((r) => PROBES[keyOf(r)]!.addressed)) {
    const reply = await send(attacker, route, victim);
    if (reply.status !== 404) answers.push(`${reply.what} ${JSON.stringify(reply.body).slice(0, 200)}`);
    // Nothing of the victim org in the refusal.
    const text = JSON.stringify(reply.body ?? "");
    for (const mark of ["victim secret", "victim-owner@example.com", "victim-viewer@example.com"])
      assert.ok(!text.includes(mark), reply.what);
  }
  assert.deepEqual(answers, [], "routes that did not answer another org's caller 404");
});

test("hostile strings in every path id, query parameter and body field: never a 5xx, JSON errors naming the field, nothing of another org", async () => {
  const failures: string[] = [];
  for (const route of routes) {
    const probe = PROBES[keyOf(route)]!;
    // Public routes are attacked without a session: logging the owner out would end the probe.
    const client = probe.public ? api.browser() : owner;
    const { body } = requestFor(route, victim);
    const { query } = probe;
    const targets = [
      ...[...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ where: "path" as const, name: m[1]! })),
      ...Object.keys(query?.(victim) ?? {}).map((name) => ({ where: "query" as const, name })),
      ...Object.keys(body ?? {}).map((name) => ({ where: "body" as const, name })),
    ];
    for (const target of targets) {
      const values = [...HOSTILE, target.where === "body" ? LONG_IN_BODY : LONG_IN_URL];
      for (const value of values) {
        const reply = await send(client, route, victim, { ...target, value });
        const label = `${target.where} ${target.name}=${JSON.stringify(value.slice(0, 40))}: ${reply.what}`;
        if (reply.status >= 500) failures.push(`${label} ${JSON.stringify(reply.body).slice(0, 300)}`);
        assertNoLeak(label, reply.body);
        if (reply.status < 400) continue;
        const error = reply.body?.error;
        if (typeof error?.message !== "string") failures.push(`${label}: the error is not JSON { error: { message } }`);
        else if (
          reply.status === 400 &&
          error.code === "validation_error" &&
          target.where !== "path" &&
          !String(error.field ?? "").startsWith(target.name)
        ) {
          failures.push(`${label}: the 400 names ${JSON.stringify(error.field)}, not ${target.name}`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  // The owner and the viewer are still there with their roles (the invitee may have joined: its link is real).
  const members = await owner.get(`/api/orgs/${victim.orgId}/members`);
  assert.equal(members.status, 200);
  const roles = Object.fromEntries((members.body as { email: string; role: string }[]).map((m) => [m.email, m.role]));
  assert.equal(roles["victim-owner@example.com"], "owner");
  assert.equal(roles["victim-viewer@example.com"], "viewer");
});
