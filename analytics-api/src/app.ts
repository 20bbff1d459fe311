// The API's express application: security headers, health check, the host allowlist, the account and
// access routes, the analytics, any routers handed in, a JSON 404, and every error as
// { error: { code, message, field? } }.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import type { Store } from "@promptmetrics/clickhouse";
import { createOrgAuthorizer, createProjectAuthorizer, type AuthorizeOrg } from "./access/authorize.ts";
import { createCallerResolver, type CallerResolver } from "./access/caller.ts";
import { createHostAllowlist, parseHost, type HostAndPort } from "./access/host-allowlist.ts";
import { createAccessMiddleware } from "./access/middleware.ts";
import { securityHeaders } from "./access/security-headers.ts";
import { createAccountBudgets, DEFAULT_ACCOUNT_BUDGET_LIMITS, type RateLimit } from "./accounts/account-budgets.ts";
import { createAuthRouter } from "./accounts/auth-router.ts";
import type { AccountsContext } from "./accounts/context.ts";
import { RateLimitedError } from "./accounts/errors.ts";
import { createIngestKeyRouter } from "./accounts/ingest-key-router.ts";
import { createInvitationRouter } from "./accounts/invitation-router.ts";
import { createOrgRouter } from "./accounts/org-router.ts";
import { createProjectRouter } from "./accounts/project-router.ts";
import { createSerialLock } from "./accounts/serial.ts";
import { createTokenRouter } from "./accounts/token-router.ts";
import { createAnalyticsRouter } from "./analytics/router.ts";
import { analyticsExporters } from "./analytics/exporters.ts";
import { createOpenApiRouter } from "./openapi/router.ts";
import { createPriceRouter } from "./projects/price-router.ts";
import { createSampleDataRouter } from "./projects/sample-data-router.ts";
import { createProjectStatusRouter } from "./projects/status-router.ts";
import { createExportRouter } from "./runs/export-router.ts";
import { createRunFeedbackRouter } from "./runs/feedback-router.ts";
import { createRunsRouter } from "./runs/runs-router.ts";
import { createSdkRouter } from "./sdk-router.ts";
import { createSqlRouter } from "./sql/sql-router.ts";
import { serveWebAssets } from "./web-assets.ts";
import { AppError, NotFoundError, PayloadTooLargeError, UnavailableError, toErrorBody } from "./errors.ts";
import type { AuthorizeProject } from "./project-access.ts";

/** What a router handed to the app gets to work with. */
export interface ApiRouterDeps {
  store: Store;
  authorizeProject: AuthorizeProject;
  authorizeOrg: AuthorizeOrg;
  resolveCaller: CallerResolver;
  now: () => Date;
}

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
   * More routes, mounted at the root after the caller middleware (so give them full /api/... paths):
   * `createApiApp({ store, routers: [(deps) => myRouter(deps)] })`.
   */
  routers?: ReadonlyArray<(deps: ApiRouterDeps) => RequestHandler>;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_LOGIN_RATE_LIMIT: RateLimit = DEFAULT_ACCOUNT_BUDGET_LIMITS.signInPerClient;

export function createApiApp(options: ApiAppOptions): Express {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const resolveCaller = createCallerResolver({ store, now });
  const deps: ApiRouterDeps = {
    store,
    now,
    resolveCaller,
    authorizeProject: createProjectAuthorizer({ store, resolveCaller }),
    authorizeOrg: createOrgAuthorizer({ store, resolveCaller }),
  };
  const defaults = DEFAULT_ACCOUNT_BUDGET_LIMITS;
  const publicUrl = options.publicUrl?.replace(/\/+$/, "");
  const ctx: AccountsContext = {
    ...deps,
    lock: createSerialLock({ store }),
    disableSignup: options.disableSignup ?? false,
    publicUrl,
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

  const app = express();
  app.disable("x-powered-by");
  // Only a configured proxy may speak for the client (its address, https, the host it asked for).
  app.set("trust proxy", options.trustProxy === undefined ? false : typeof options.trustProxy === "number" ? options.trustProxy : [...options.trustProxy]);
  // First, so that every answer carries them: errors, 404s and refused hosts too.
  app.use(securityHeaders());

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
  app.use("/api", express.json({ limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES }));
  app.use("/api", createAccessMiddleware({ store, resolveCaller, now, trustedOrigins: options.trustedOrigins ?? [] }));
  for (const createRouter of [createAuthRouter, createProjectRouter, createIngestKeyRouter, createOrgRouter, createInvitationRouter, createTokenRouter]) {
    app.use("/api", createRouter(ctx));
  }
  // Before the analytics router, whose /api/analytics/* would otherwise see /export first.
  app.use(createExportRouter(deps, { exporters: analyticsExporters(), ...(options.exportPageSize === undefined ? {} : { pageSize: options.exportPageSize }) }));
  app.use("/api/analytics", createAnalyticsRouter({ store, authorizeProject: deps.authorizeProject, now }));
  app.use(createRunsRouter(deps));
  app.use(createRunFeedbackRouter(deps));
  app.use(createSqlRouter(deps, options.sqlMaxRows === undefined ? {} : { maxRows: options.sqlMaxRows }));
  app.use(createProjectStatusRouter(deps, { otlpPort: options.otlpPort }));
  app.use(createSampleDataRouter(deps));
  app.use(createPriceRouter(deps));
  app.use("/api", createOpenApiRouter());
  for (const createRouter of options.routers ?? []) app.use(createRouter(deps));

  app.use(createSdkRouter(options.sdkTarball));
  if (options.webDir !== undefined) serveWebAssets(app, options.webDir);

  app.use((req) => {
    throw new NotFoundError(`No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES));
  return app;
}

function allowedHost(text: string): HostAndPort {
  const host = parseHost(text);
  if (!host) throw new Error(`allowedHosts: ${JSON.stringify(text)} is not a host name with an optional :port`);
  return host;
}

function errorHandler(bodyLimitBytes: number): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const appError = error instanceof AppError ? error : toAppError(error, bodyLimitBytes);
    if (appError.status >= 500) console.error("[api]", error);
    if (appError instanceof RateLimitedError) res.setHeader("Retry-After", String(appError.retryAfterSeconds));
    else if (appError.retryable) res.setHeader("Retry-After", "5");
    res.status(appError.status).json(toErrorBody(appError));
  };
}

function toAppError(error: unknown, bodyLimitBytes: number): AppError {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (type === "entity.too.large") return new PayloadTooLargeError(bodyLimitBytes);
  // express's own body-parser errors carry a 4xx status and a safe message.
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError(status, "bad_request", error instanceof Error ? error.message : "Bad request");
  }
  return new AppError(500, "internal_error", "Internal error");
}
