// The API's express application: security headers, health check, the host allowlist, the account and
// access routes, the analytics, any routers handed in, a JSON 404, and every error as
// { error: { code, message, field? } }.
import express, { type Express, type RequestHandler } from "express";
import type { Store } from "@promptmetrics/clickhouse";
import type { ProjectPricers } from "@promptmetrics/runs";
import { createOrgAuthorizer, createProjectAuthorizer } from "./access/authorize.ts";
import { AUTH_CACHE_TTL_MS, createAuthCache, invalidatingStore } from "./access/auth-cache.ts";
import { createCallerResolver } from "./access/caller.ts";
import { createAccessMiddleware } from "./access/middleware.ts";
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from "./access/session-policy.ts";
import { DEFAULT_TOKEN_LIFETIME, type TokenLifetime } from "./access/token-lifetime.ts";
import { createTokenRateLimit, DEFAULT_TOKEN_RATE_LIMIT } from "./access/token-rate-limit.ts";
import { createAccountBudgets, DEFAULT_ACCOUNT_BUDGET_LIMITS, type RateLimit } from "./accounts/account-budgets.ts";
import { createAuthRouter } from "./accounts/auth-router.ts";
import type { AccountsContext } from "./accounts/context.ts";
import { createGatewayKeyRouter, createIngestKeyRouter } from "./accounts/project-key-router.ts";
import { createInvitationRouter } from "./accounts/invitation-router.ts";
import { createOrgRouter } from "./accounts/org-router.ts";
import { createProjectRouter } from "./accounts/project-router.ts";
import { createSerialLock } from "./accounts/serial.ts";
import { createTokenRouter } from "./accounts/token-router.ts";
import { analyticsExporters } from "./analytics/exporters.ts";
import { createAnalyticsRouter } from "./analytics/router.ts";
import { errorHandler } from "./http/error-handler.ts";
import { NotFoundError, UnavailableError } from "./http/errors.ts";
import { createHostAllowlist, parseHost, type HostAndPort } from "./http/host-allowlist.ts";
import { metricsRoute } from "./http/metrics-route.ts";
import { observeRequests, type ApiObservability } from "./http/observability.ts";
import { requestIds } from "./http/request-id.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { timedStore } from "./http/timed-store.ts";
import { createOpenApiRouter } from "./openapi/router.ts";
import { createSavingsRouter } from "./optimization/savings-router.ts";
import { createOptimizationSettingsRouter } from "./optimization/settings-router.ts";
import { createSuggestionsRouter } from "./optimization/suggestions-router.ts";
import { createPriceRouter } from "./projects/price-router.ts";
import { createEndUserRouter } from "./projects/end-user-router.ts";
import { createRetentionRouter } from "./projects/retention-router.ts";
import { createSampleDataRouter } from "./projects/sample-data-router.ts";
import { createProjectStatusRouter } from "./projects/status-router.ts";
import type { ApiRouterDeps } from "./router-deps.ts";
import { createApiPricers, lazyPricers } from "./runs/api-pricers.ts";
import { createExportRouter } from "./runs/export-router.ts";
import { createRunFeedbackRouter } from "./runs/feedback-router.ts";
import { createRunsRouter } from "./runs/runs-router.ts";
import { createSdkRouter } from "./sdk-router.ts";
import { createSqlRouter } from "./sql/sql-router.ts";
import { serveWebAssets } from "./web-assets.ts";
import { createIntegrationsRouter } from "./gateway/integrations-router.ts";
import { createRoutingRouter } from "./gateway/routing-router.ts";
import { createLimitsRouter } from "./gateway/limits-router.ts";
import { createGatewaySettingsRouter } from "./gateway/settings-router.ts";
import type { MasterKey } from "./gateway/master-key.ts";
import { createGatewayProxy, type GatewayOptions } from "./gateway/proxy.ts";

export interface ApiAppOptions {
  store: Store;
  /** PROMPTMETRICS_DISABLE_SIGNUP: POST /api/auth/signup answers 403; invitations still work. */
  disableSignup?: boolean;
  /** The clock for sessions, invitations and rate limits (tests move it). */
  now?: () => Date;
  /** Origins besides the API's own allowed to make cookie-authenticated changes (a dashboard dev server). */
  trustedOrigins?: readonly string[];
  /**
   * Base URL of invitation links, e.g. https://metrics.example.com, and a host the API answers for; the
   * request's origin when unset (its host is one the allowlist accepted).
   */
  publicUrl?: string;
  /** Host names ("name" or "name:port") the API answers for besides the public URL's, loopback names and IP literals; others get 421. */
  allowedHosts?: readonly string[];
  /**
   * PROMPTMETRICS_TRUST_PROXY: which proxies' X-Forwarded-For/-Proto/-Host to believe, in express's
   * forms (a hop count, or "loopback", IPs, CIDR ranges). None when unset: the socket's address is the client.
   */
  trustProxy?: number | readonly string[];
  /** Largest JSON request body. */
  bodyLimitBytes?: number;
  /** Sign-in attempts allowed per client IP and email within the window. */
  loginRateLimit?: RateLimit;
  /** Failed sign-ins allowed per email, from any address, within the window. */
  accountLoginFailureLimit?: RateLimit;
  /** Failed sign-ins allowed on the whole install within the window; then everyone waits. */
  globalLoginFailureLimit?: RateLimit;
  /** Sign-ups allowed per client IP within the window. */
  signupRateLimit?: RateLimit;
  /** Sign-ups allowed on the whole install within the window. */
  globalSignupRateLimit?: RateLimit;
  /** How long a session lasts: idle, and at most from its sign-in (PROMPTMETRICS_SESSION_IDLE_HOURS, _MAX_HOURS). */
  sessionPolicy?: SessionPolicy;
  /** API tokens' default and longest life in days (PROMPTMETRICS_TOKEN_DEFAULT_DAYS, _MAX_DAYS). */
  tokenLifetime?: TokenLifetime;
  /** Requests each API token may make within the window (PROMPTMETRICS_TOKEN_RATE_LIMIT, per minute). */
  tokenRateLimit?: RateLimit;
  /**
   * How long an access lookup (token or session, project, membership) is reused, at most 5 s (SECURITY.md):
   * writes through this app forget them at once, writes by another process are seen within it. 0 turns it off.
   * @default AUTH_CACHE_TTL_MS (5,000)
   */
  authCacheTtlMs?: number;
  /** Runs read from the store per round trip of an export (tests make it small to cross pages). */
  exportPageSize?: number;
  /** Rows a SQL console answer holds at most. */
  sqlMaxRows?: number;
  /** The OTLP/HTTP port of the ingest beside this API (all-in-one), shown by the dashboard's onboarding. */
  otlpPort?: number;
  /** The built dashboard (web/dist) to serve on every non-API path; none when unset. */
  webDir?: string;
  /** The instrumentation's `npm pack` tarball, served at /sdk/promptmetrics-instrumentation.tgz (404 when unset or not built). */
  sdkTarball?: string;
  /**
   * The per-project price cache POST /api/runs/create prices with (createApiPricers, or the ingest's own
   * when both run in one process, so they share one). Its creator closes it; the app never does. When
   * unset the app makes its own on first use; closeApiApp(app) stops it.
   */
  pricers?: ProjectPricers;
  /** The store is a ClickHouse cluster (CLICKHOUSE_CLUSTER): routes that rebuild rollup partitions refuse. */
  onCluster?: boolean;
  /**
   * More routes, mounted at the root after the caller middleware (so give them full /api/... paths):
   * `createApiApp({ store, routers: [(deps) => myRouter(deps)] })`.
   */
  routers?: ReadonlyArray<(deps: ApiRouterDeps) => RequestHandler>;
  /** Request ids are always given; this adds GET /metrics, store query timing and the hooks for logs, error reports and traces. */
  observability?: ApiObservability;
  /** PROMPTMETRICS_MASTER_KEY: provider keys are sealed under it; without it they cannot be connected or used. */
  masterKey?: MasterKey;
  /** PROMPTMETRICS_GATEWAY_ALLOW_HTTP: provider base URLs may be plain http. */
  allowHttpUpstreams?: boolean;
  /**
   * The gateway's proxy routes (/api/integrations/openai/v1/*, /anthropic/v1/*): how calls are recorded
   * and which keys let a client in. Unset: they answer 503. The connect/list routes exist either way.
   */
  gateway?: Omit<GatewayOptions, "masterKey">;
  /** The provider-key check on connect (tests point it at a mock). */
  providerFetch?: typeof fetch;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** What each app made for itself and must release: see closeApiApp. */
const ownedByApp = new WeakMap<Express, () => Promise<void>>();

/**
 * Releases what the app made for itself: the refresh timer of its own price cache (none when `pricers`
 * was given), and the gateway's runs still held (written through its recorder, so before the writer
 * closes). Call it once the server has closed and before the store closes; calling it again does nothing.
 */
export async function closeApiApp(app: Express): Promise<void> {
  const release = ownedByApp.get(app);
  ownedByApp.delete(app);
  await release?.();
}
export const DEFAULT_LOGIN_RATE_LIMIT: RateLimit = DEFAULT_ACCOUNT_BUDGET_LIMITS.signInPerClient;

export function createApiApp(options: ApiAppOptions): Express {
  const observability = options.observability ?? {};
  // Every write through the app's store to an access table forgets the cached access lookups (auth-cache.ts).
  const authCache = createAuthCache({ ttlMs: Math.min(options.authCacheTtlMs ?? AUTH_CACHE_TTL_MS, AUTH_CACHE_TTL_MS) });
  const store = invalidatingStore(observability.metrics ? timedStore(options.store, observability.metrics) : options.store, authCache);
  const now = options.now ?? (() => new Date());
  const sessionPolicy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const tokenLifetime = options.tokenLifetime ?? DEFAULT_TOKEN_LIFETIME;
  const resolveCaller = createCallerResolver({ store, now, sessionPolicy, tokenLifetime, authCache });
  const deps: ApiRouterDeps = {
    store,
    now,
    resolveCaller,
    authorizeProject: createProjectAuthorizer({ store, resolveCaller, authCache }),
    authorizeOrg: createOrgAuthorizer({ store, resolveCaller, authCache }),
  };
  const defaults = DEFAULT_ACCOUNT_BUDGET_LIMITS;
  const publicUrl = options.publicUrl?.replace(/\/+$/, "");
  const ctx: AccountsContext = {
    ...deps,
    lock: createSerialLock({ store }),
    disableSignup: options.disableSignup ?? false,
    publicUrl,
    sessionPolicy,
    tokenLifetime,
    budgets: createAccountBudgets({
      store,
      limits: {
        signInPerClient: options.loginRateLimit ?? defaults.signInPerClient,
        signInFailuresPerAccount: options.accountLoginFailureLimit ?? defaults.signInFailuresPerAccount,
        signInFailuresOverall: options.globalLoginFailureLimit ?? defaults.signInFailuresOverall,
        signUpPerClient: options.signupRateLimit ?? defaults.signUpPerClient,
        signUpOverall: options.globalSignupRateLimit ?? defaults.signUpOverall,
      },
      // Attempts are timed by the store's clock, so replicas agree; a clock handed in (tests) replaces it.
      now: options.now,
    }),
  };

  const given = options.pricers;
  const pricers = given ? { get: () => given, close: () => {} } : lazyPricers(() => createApiPricers(store));

  const app = express();
  const gateway = options.gateway
    ? createGatewayProxy(store, { ...options.gateway, masterKey: options.masterKey, pricers: options.gateway.pricers ?? pricers.get })
    : undefined;
  ownedByApp.set(app, async () => {
    pricers.close();
    await gateway?.close();
  });
  app.disable("x-powered-by");
  // Only a configured proxy may speak for the client (its address, https, the host it asked for).
  app.set(
    "trust proxy",
    options.trustProxy === undefined ? false : typeof options.trustProxy === "number" ? options.trustProxy : [...options.trustProxy],
  );
  // First, so that every answer carries them: errors, 404s and refused hosts too.
  app.use(requestIds());
  app.use(observeRequests(observability));
  app.use(securityHeaders());
  // Beside /healthz, before the host allowlist: a scraper reaches the port by whatever name it has.
  if (observability.metrics && observability.metricsToken) app.use(metricsRoute(observability.metrics, observability.metricsToken));

  app.get("/healthz", async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: "ok", role: "api", store: store.kind });
    } catch (error) {
      throw new UnavailableError("The store does not answer", error);
    }
  });

  // After /healthz, which container probes reach by whatever name or address they have.
  app.use(createHostAllowlist({ publicUrl, allowedHosts: (options.allowedHosts ?? []).map(allowedHost) }));
  // The gateway reads its own bodies (forwarded as received) and authenticates with project keys.
  app.use("/api/integrations", gateway ? gateway.handler : gatewayUnavailable);
  app.use("/api", express.json({ limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES }));
  app.use(
    "/api",
    createAccessMiddleware({
      store,
      resolveCaller,
      now,
      trustedOrigins: options.trustedOrigins ?? [],
      sessionPolicy,
      tokenRateLimit: createTokenRateLimit({ store, limit: options.tokenRateLimit ?? DEFAULT_TOKEN_RATE_LIMIT, now: options.now }),
    }),
  );
  // Every router owns its full paths (/api/...) and is mounted at the root, after the body parser and
  // the caller middleware above.
  app.use(createAuthRouter(ctx));
  app.use(createProjectRouter(ctx));
  app.use(createIngestKeyRouter(ctx));
  app.use(createGatewayKeyRouter(ctx));
  app.use(createOrgRouter(ctx));
  app.use(createInvitationRouter(ctx));
  app.use(createTokenRouter(ctx));
  // Before the analytics router: GET /api/analytics/export stays the download even if a question is
  // ever named "export".
  app.use(
    createExportRouter(deps, {
      exporters: analyticsExporters(),
      ...(options.exportPageSize === undefined ? {} : { pageSize: options.exportPageSize }),
    }),
  );
  app.use(createAnalyticsRouter(deps));
  app.use(createRunsRouter(deps, { pricers: pricers.get }));
  app.use(createRunFeedbackRouter(deps));
  app.use(createSqlRouter(deps, options.sqlMaxRows === undefined ? {} : { maxRows: options.sqlMaxRows }));
  app.use(createProjectStatusRouter(deps, { otlpPort: options.otlpPort }));
  app.use(createSampleDataRouter(deps));
  app.use(createPriceRouter(deps, { pricers: pricers.get, onCluster: options.onCluster }));
  app.use(createEndUserRouter(deps, { onCluster: options.onCluster, pageSize: options.exportPageSize }));
  app.use(createRetentionRouter(deps, { onCluster: options.onCluster }));
  app.use(createSavingsRouter(deps, { pricers: pricers.get }));
  // Rules made here reach this process's gateway at once, other replicas' within seconds.
  const onRulesChanged = async () => {
    await gateway?.rules.refresh().catch((error: unknown) => options.gateway?.onError?.(error));
  };
  app.use(createSuggestionsRouter(deps, { pricers: pricers.get, onRulesChanged }));
  app.use(createOptimizationSettingsRouter(deps));
  app.use(createRoutingRouter(deps, { onRulesChanged, pricers: pricers.get }));
  app.use(
    createLimitsRouter(deps, {
      onLimitsChanged: async () => {
        await gateway?.limits.refresh().catch((error: unknown) => options.gateway?.onError?.(error));
      },
    }),
  );
  app.use(
    createGatewaySettingsRouter(deps, {
      onSettingsChanged: async () => {
        await gateway?.settings.refresh().catch((error: unknown) => options.gateway?.onError?.(error));
      },
    }),
  );
  app.use(
    createIntegrationsRouter(deps, {
      masterKey: options.masterKey,
      allowHttpUpstreams: options.allowHttpUpstreams ?? false,
      onConnectionsChanged: async () => {
        await gateway?.connections.refresh().catch((error: unknown) => options.gateway?.onError?.(error));
      },
      ...(options.providerFetch ? { fetch: options.providerFetch } : {}),
    }),
  );
  app.use(createOpenApiRouter());
  for (const createRouter of options.routers ?? []) app.use(createRouter(deps));

  app.use(createSdkRouter(options.sdkTarball));
  if (options.webDir !== undefined) serveWebAssets(app, options.webDir);

  app.use((req) => {
    throw new NotFoundError(`No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, observability.onUnexpectedError));
  return app;
}

function allowedHost(text: string): HostAndPort {
  const host = parseHost(text);
  if (!host) throw new Error(`allowedHosts: ${JSON.stringify(text)} is not a host name with an optional :port`);
  return host;
}

/** The proxy paths when this process has no gateway wired (a 503 the SDKs show, not a 404). */
const gatewayUnavailable: RequestHandler = (req, res, next) => {
  if (!/^\/(openai|anthropic)\/v1(\/|$)/.test(req.path)) return next();
  res
    .status(503)
    .json({ error: { message: "The gateway is not enabled on this server", type: "gateway_unavailable", code: "gateway_unavailable" } });
};
