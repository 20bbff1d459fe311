// One process's watchers, made from its configuration once: the logger, the error reporter (Sentry when
// SENTRY_DSN is set), the self-tracer (when PROMPTMETRICS_SELF_TRACES_URL is set) and the API's metrics,
// and the hooks that feed them from the API, the ingest and the scheduler. One per process because
// Sentry's client is process-wide and the all-in-one's API and scheduler must count into one registry.
import { ApiMetrics, type ApiObservability, type JobOutcome } from "@promptmetrics/analytics-api";
import type { IngestObserver } from "@promptmetrics/ingest";
import type { Env } from "../env.ts";
import { NO_ERROR_REPORTER, startErrorReporter, type ErrorReporter } from "./error-reporter.ts";
import { createLogger, type Logger } from "./logger.ts";
import { startSelfTracer, type SelfTracer } from "./self-traces.ts";

export interface Observability {
  logger: Logger;
  reporter: ErrorReporter;
  tracer: SelfTracer | undefined;
  apiMetrics: ApiMetrics;
  /** For createApiApp's `observability`. */
  api: ApiObservability;
  /** For createIngestServer's `observer`. */
  ingest: IngestObserver;
  /** For the scheduler's onOutcome: counts every run, reports failed ones. */
  onJobOutcome(outcome: JobOutcome): void;
  /** Sends what is queued (spans, error events) and keeps going: before the listeners stop, as the self-traces may go to this process's own ingest. */
  flush(): Promise<void>;
  /** Sends what is queued (spans, error events). */
  close(): Promise<void>;
}

type ObservabilityEnv = Pick<
  Env,
  | "PROMPTMETRICS_LOG_FORMAT"
  | "PROMPTMETRICS_LOG_LEVEL"
  | "SENTRY_DSN"
  | "PROMPTMETRICS_SELF_TRACES_URL"
  | "PROMPTMETRICS_SELF_TRACES_HEADERS"
  | "PROMPTMETRICS_METRICS_TOKEN"
>;

const made = new WeakMap<object, Observability>();

/** The observability of the process configured by `env` (the same object for the same env). */
export function observabilityFor(env: ObservabilityEnv): Observability {
  let observability = made.get(env);
  if (!observability) made.set(env, (observability = createObservability(env)));
  return observability;
}

export function createObservability(env: ObservabilityEnv, logger?: Logger): Observability {
  const log = logger ?? createLogger({ format: env.PROMPTMETRICS_LOG_FORMAT, level: env.PROMPTMETRICS_LOG_LEVEL });
  const reporter = env.SENTRY_DSN ? startErrorReporter(env.SENTRY_DSN) : NO_ERROR_REPORTER;
  const tracer = env.PROMPTMETRICS_SELF_TRACES_URL
    ? startSelfTracer({ url: env.PROMPTMETRICS_SELF_TRACES_URL, headers: env.PROMPTMETRICS_SELF_TRACES_HEADERS ?? {} })
    : undefined;
  const apiMetrics = new ApiMetrics();
  const timing = (r: { method: string; route: string; status: number; durationMs: number }) =>
    `${r.method} ${r.route} ${r.status} ${Math.round(r.durationMs)} ms`;
  return {
    logger: log,
    reporter,
    tracer,
    apiMetrics,
    api: {
      metrics: apiMetrics,
      ...(env.PROMPTMETRICS_METRICS_TOKEN === undefined ? {} : { metricsToken: env.PROMPTMETRICS_METRICS_TOKEN }),
      onRequest(record) {
        log.debug(`[api] ${timing(record)}`, { requestId: record.requestId });
        tracer?.record("api", record);
      },
      onUnexpectedError(error, { requestId, method, route }) {
        log.error(`[api] ${method} ${route} failed`, { requestId, error });
        reporter.capture(error, { requestId, service: "api", route });
      },
    },
    ingest: {
      onRequest(record) {
        log.debug(`[ingest] ${timing(record)}`, { requestId: record.requestId });
        if (!record.selfTrace) tracer?.record("ingest", record);
      },
      onUnexpectedError(error, { requestId, method, route }) {
        log.error(`[ingest] ${method} ${route} failed`, { requestId, error });
        reporter.capture(error, { requestId, service: "ingest", route });
      },
    },
    onJobOutcome(outcome) {
      apiMetrics.observeJob(outcome);
      // The scheduler has already logged the failure; the report carries the message, no stack (the job caught it).
      if (outcome.state === "failed")
        reporter.capture(new Error(`job ${outcome.job} failed: ${outcome.error}`), { job: outcome.job, service: "scheduler" });
    },
    async flush() {
      await Promise.allSettled([tracer?.flush(), reporter.flush()]);
    },
    async close() {
      await Promise.allSettled([tracer?.shutdown(), reporter.flush()]);
    },
  };
}
