// Every API route the dashboard calls, declared once: method, path and the query and body field names
// it may send. api/endpoints.test.ts checks each against the API's OpenAPI document, so the UI cannot
// call a route or parameter the API does not have. `request` builds the URL and refuses undeclared
// query parameters at run time too.
import { apiFetch, queryString, type Query } from "./http.ts";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface Endpoint {
  method: Method;
  /** Express-style: /api/orgs/:orgId/members */
  path: string;
  /** Query parameter names the UI may send. */
  query?: readonly string[];
  /** JSON body field names the UI may send. */
  body?: readonly string[];
  /**
   * Other documented routes whose query parameters this one also takes: the export takes the
   * parameters of the analytics question it downloads.
   */
  queryAlsoFrom?: readonly string[];
}

export const ANALYTICS_FILTERS = ["model", "provider", "userId", "prompt", "promptVersion", "tag", "status"] as const;
export type AnalyticsFilterName = (typeof ANALYTICS_FILTERS)[number];
/** What every analytics route takes. */
export const ANALYTICS_PARAMS = ["projectId", "from", "to", "tz", "granularity", ...ANALYTICS_FILTERS] as const;
/** What the run list and the runs export take (no tz or granularity: run times are absolute). */
export const RUN_FILTER_PARAMS = [
  "projectId",
  "from",
  "to",
  "model",
  "provider",
  "userId",
  "sessionId",
  "prompt",
  "promptVersion",
  "tag",
  "status",
  "rated",
  "minCost",
  "maxCost",
  "q",
  "sort",
  "order",
] as const;

const QUESTION_PATHS = ["overview", "costs", "trends", "models", "success-rate", "users", "prompts"].map(
  (name) => `/api/analytics/${name}`,
);

export const ENDPOINTS = {
  // Accounts
  signup: { method: "POST", path: "/api/auth/signup", body: ["email", "password", "name", "orgName"] },
  login: { method: "POST", path: "/api/auth/login", body: ["email", "password"] },
  logout: { method: "POST", path: "/api/auth/logout", body: [] },
  me: { method: "GET", path: "/api/auth/me" },
  listTokens: { method: "GET", path: "/api/tokens" },
  createToken: { method: "POST", path: "/api/tokens", body: ["name"] },
  revokeToken: { method: "DELETE", path: "/api/tokens/:tokenId" },
  // Orgs, members, invitations
  listOrgs: { method: "GET", path: "/api/orgs" },
  getOrg: { method: "GET", path: "/api/orgs/:orgId" },
  listMembers: { method: "GET", path: "/api/orgs/:orgId/members" },
  changeMemberRole: { method: "PATCH", path: "/api/orgs/:orgId/members/:userId", body: ["role"] },
  removeMember: { method: "DELETE", path: "/api/orgs/:orgId/members/:userId" },
  createInvitation: { method: "POST", path: "/api/orgs/:orgId/invitations", body: ["email", "role"] },
  listInvitations: { method: "GET", path: "/api/orgs/:orgId/invitations" },
  withdrawInvitation: { method: "DELETE", path: "/api/orgs/:orgId/invitations/:invitationId" },
  previewInvitation: { method: "GET", path: "/api/invitations/:token" },
  acceptInvitation: { method: "POST", path: "/api/invitations/:token/accept", body: ["password", "name"] },
  // Projects and their settings
  listProjects: { method: "GET", path: "/api/projects" },
  createProject: { method: "POST", path: "/api/projects", body: ["orgId", "name"] },
  getProject: { method: "GET", path: "/api/projects/:projectId" },
  projectStatus: { method: "GET", path: "/api/projects/:projectId/status" },
  loadSampleData: { method: "POST", path: "/api/projects/:projectId/sample-data", body: [] },
  listIngestKeys: { method: "GET", path: "/api/projects/:projectId/ingest-keys" },
  createIngestKey: { method: "POST", path: "/api/projects/:projectId/ingest-keys", body: ["name"] },
  revokeIngestKey: { method: "DELETE", path: "/api/projects/:projectId/ingest-keys/:keyId" },
  listIntegrations: { method: "GET", path: "/api/integrations", query: ["projectId"] },
  connectIntegration: {
    method: "POST",
    path: "/api/integrations/connect",
    body: ["projectId", "provider", "apiKey", "baseUrl", "name", "verify"],
  },
  disconnectIntegration: { method: "POST", path: "/api/integrations/disconnect", body: ["projectId", "integrationId"] },
  listGatewayLimits: { method: "GET", path: "/api/projects/:projectId/gateway-limits" },
  createGatewayLimit: { method: "POST", path: "/api/projects/:projectId/gateway-limits", body: ["scope", "subject", "metric", "max"] },
  deleteGatewayLimit: { method: "DELETE", path: "/api/projects/:projectId/gateway-limits/:limitId" },
  listGatewayKeys: { method: "GET", path: "/api/projects/:projectId/gateway-keys" },
  createGatewayKey: { method: "POST", path: "/api/projects/:projectId/gateway-keys", body: ["name"] },
  revokeGatewayKey: { method: "DELETE", path: "/api/projects/:projectId/gateway-keys/:keyId" },
  getGatewaySettings: { method: "GET", path: "/api/projects/:projectId/gateway-settings" },
  updateGatewaySettings: { method: "PUT", path: "/api/projects/:projectId/gateway-settings", body: ["allowKeyPassthrough"] },
  routingStats: { method: "GET", path: "/api/projects/:projectId/routing-rules/stats", query: ["from", "to", "tz"] },
  deleteRoutingRule: { method: "DELETE", path: "/api/projects/:projectId/routing-rules/:ruleId" },
  listPriceOverrides: { method: "GET", path: "/api/projects/:projectId/price-overrides" },
  createPriceOverride: {
    method: "POST",
    path: "/api/projects/:projectId/price-overrides",
    body: ["model", "inputPerMTok", "outputPerMTok", "cachedInputPerMTok", "cacheWrite5mPerMTok", "cacheWrite1hPerMTok", "effectiveFrom"],
  },
  listUnknownModels: { method: "GET", path: "/api/projects/:projectId/unknown-models" },
  useSyncedPrice: { method: "POST", path: "/api/projects/:projectId/unknown-models/use-synced-price", body: ["model"] },
  // Analytics
  overview: { method: "GET", path: "/api/analytics/overview", query: ANALYTICS_PARAMS },
  costs: { method: "GET", path: "/api/analytics/costs", query: [...ANALYTICS_PARAMS, "groupBy", "limit"] },
  trends: { method: "GET", path: "/api/analytics/trends", query: [...ANALYTICS_PARAMS, "metric", "splitBy", "top"] },
  models: { method: "GET", path: "/api/analytics/models", query: [...ANALYTICS_PARAMS, "limit"] },
  successRate: { method: "GET", path: "/api/analytics/success-rate", query: [...ANALYTICS_PARAMS, "limit"] },
  users: { method: "GET", path: "/api/analytics/users", query: [...ANALYTICS_PARAMS, "limit"] },
  prompts: { method: "GET", path: "/api/analytics/prompts", query: [...ANALYTICS_PARAMS, "limit", "compare"] },
  export: {
    method: "GET",
    path: "/api/analytics/export",
    query: [
      ...new Set([...RUN_FILTER_PARAMS, ...ANALYTICS_PARAMS, "what", "format", "groupBy", "limit", "metric", "splitBy", "top", "compare"]),
    ],
    queryAlsoFrom: QUESTION_PATHS,
  },
  // Runs
  listRuns: { method: "GET", path: "/api/runs", query: [...RUN_FILTER_PARAMS, "limit", "cursor"] },
  getRun: { method: "GET", path: "/api/runs/:runId", query: ["projectId"] },
  rateRun: { method: "POST", path: "/api/runs/:runId/rate", body: ["projectId", "rating"] },
  runFeedback: { method: "POST", path: "/api/runs/:runId/feedback", body: ["projectId", "text", "success"] },
  // Optimization: savings suggestions
  listSuggestions: { method: "GET", path: "/api/optimization/suggestions", query: ["projectId", "status", "type", "kind"] },
  refreshSuggestions: { method: "POST", path: "/api/optimization/refresh", body: ["projectId"] },
  applySuggestion: { method: "POST", path: "/api/optimization/apply", body: ["suggestionId"] },
  dismissSuggestion: { method: "POST", path: "/api/optimization/dismiss", body: ["suggestionId", "reason"] },
  estimateSavings: { method: "POST", path: "/api/optimization/savings", body: ["projectId", "from", "to", "moves", "batch"] },
  optimizationSettings: { method: "GET", path: "/api/optimization/settings", query: ["projectId"] },
  // SQL console
  sql: { method: "POST", path: "/api/sql", body: ["orgId", "projectId", "query", "format"] },
  // The instrumentation package, for the onboarding's `npm install <url>` (not called by the dashboard)
  sdkTarball: { method: "GET", path: "/sdk/promptmetrics-instrumentation.tgz" },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

export type PathParams = Readonly<Record<string, string>>;

/** The endpoint's URL with its :params filled in and the query string; throws on a missing param or undeclared query name. */
export function endpointUrl(name: EndpointName, params: PathParams = {}, query?: Query): string {
  const endpoint: Endpoint = ENDPOINTS[name];
  const path = endpoint.path.replace(/:([A-Za-z_]+)/g, (_match, key: string) => {
    const value = params[key];
    if (value === undefined || value === "") throw new Error(`${name}: missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
  for (const key of Object.keys(query ?? {})) {
    if (!endpoint.query?.includes(key)) throw new Error(`${name}: the API does not take the query parameter "${key}"`);
  }
  return `${path}${queryString(query)}`;
}

export interface CallOptions {
  params?: PathParams;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** Calls one endpoint; errors arrive as ApiError. */
export function request<T>(name: EndpointName, options: CallOptions = {}): Promise<T> {
  const endpoint: Endpoint = ENDPOINTS[name];
  return apiFetch<T>(endpointUrl(name, options.params, options.query), {
    method: endpoint.method,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
