// Public surface of @promptmetrics/analytics-api.
export { createApiApp, closeApiApp, type ApiAppOptions, DEFAULT_LOGIN_RATE_LIMIT } from "./app.ts";
export type { ApiRouterDeps } from "./router-deps.ts";
export { ApiMetrics, type JobRunOutcome } from "./http/api-metrics.ts";
export { apiHealthRows, startApiHealthRecorder, type ApiHealthRecorder } from "./http/api-health-recorder.ts";
export type { ApiObservability, RequestRecord, UnexpectedErrorContext } from "./http/observability.ts";
export { answerClientErrors } from "./http/client-errors.ts";
export {
  AppError,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitedError,
  UnavailableError,
} from "./http/errors.ts";
export type { AuthorizeProject, ProjectAccess } from "./access/project-access.ts";
export { createProjectAuthorizer, createOrgAuthorizer, type AuthorizeOrg, type OrgAccess } from "./access/authorize.ts";
export { createCallerResolver, requireCaller, type Caller, type CallerResolver } from "./access/caller.ts";
export { requireRole, hasRole } from "./access/roles.ts";
export { apiEnvSchema, apiSettingsFromEnv, type ApiEnv, type ApiSettings } from "./env.ts";
export { createRunsRouter, type RunsRouterOptions } from "./runs/runs-router.ts";
export { createApiPricers } from "./runs/api-pricers.ts";
export { createRunFeedbackRouter } from "./runs/feedback-router.ts";
export { createExportRouter } from "./runs/export-router.ts";
export { csvField, csvRow } from "./runs/csv.ts";
export type { Exporter } from "./runs/exporter.ts";
export { createSqlRouter } from "./sql/sql-router.ts";
export { QUESTIONS } from "./analytics/questions.ts";
export { API_ROUTES } from "./openapi/routes.ts";
export { buildOpenApiDocument } from "./openapi/build-document.ts";
export { createSerialLock, type SerialLock } from "./accounts/serial.ts";
export {
  createScheduler,
  JobBusyError,
  UnknownJobError,
  type Scheduler,
  type SchedulerOptions,
  type JobDefinition,
  type JobContext,
  type JobOutcome,
  type JobSource,
} from "./scheduler/scheduler.ts";
export { latestSlot, nextSlot, describeCadence, cadenceProblem, type Cadence } from "./scheduler/cadence.ts";
export { systemClock, type Clock } from "./scheduler/clock.ts";
export { optimizationRefreshJob, OPTIMIZATION_REFRESH_JOB } from "./optimization/refresh-job.ts";
export { projectRetentionJob, retentionCutoff, RETENTION_JOB } from "./projects/retention-job.ts";
export { rollupReconcileJob, ROLLUP_RECONCILE_JOB } from "./analytics/rollup-reconcile-job.ts";
export { endUserExportChunks, END_USER_EXPORT_VERSION } from "./projects/end-user-export.ts";
export { refreshProjectSuggestions, type RefreshReport } from "./optimization/engine.ts";
export { parseMasterKey, MasterKeyError, type MasterKey } from "./gateway/master-key.ts";
export { checkMasterKey, MasterKeyMismatchError } from "./gateway/master-key-check.ts";
export type { GatewayRecorder, GatewaySpan } from "./gateway/gateway-span.ts";
export { rotateMasterKey, type RotationReport } from "./gateway/rotate-master-key.ts";
