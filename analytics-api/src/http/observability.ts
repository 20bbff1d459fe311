// What the process around the API hands in to watch it (the CLI wires logs, Sentry, self-traces and
// metrics here; the API itself depends on none of them): a record of every answered request and every
// unexpected (5xx) error, with the request's id and route template.
import type { RequestHandler } from "express";
import type { ApiMetrics } from "./api-metrics.ts";
import { requestIdOf, routeOf } from "./request-id.ts";

export interface RequestRecord {
  requestId: string;
  method: string;
  /** The route template (/api/projects/:projectId/runs), "unmatched" or "other"; never the raw path. */
  route: string;
  status: number;
  /** When the request arrived, in ms since the epoch. */
  startedAt: number;
  durationMs: number;
}

export interface UnexpectedErrorContext {
  requestId: string;
  method: string;
  route: string;
}

export interface ApiObservability {
  /** Request, store query and job figures, served at GET /metrics. */
  metrics?: ApiMetrics;
  /** PROMPTMETRICS_METRICS_TOKEN: GET /metrics exists only when it is set, and then needs it as a bearer token (as on the ingest's port). */
  metricsToken?: string;
  /** Called once per answered request (self-traces). */
  onRequest?(record: RequestRecord): void;
  /** Called for each error answered with a 5xx; when unset the error is written to stderr. */
  onUnexpectedError?(error: unknown, context: UnexpectedErrorContext): void;
}

/** Times every request to its last byte and reports it to the metrics and onRequest. */
export function observeRequests(observability: ApiObservability): RequestHandler {
  return (req, res, next) => {
    const startedAt = Date.now();
    const started = performance.now();
    res.once("finish", () => {
      const durationMs = performance.now() - started;
      const route = routeOf(req, res.statusCode);
      observability.metrics?.observeRequest(req.method, route, res.statusCode, durationMs);
      observability.onRequest?.({ requestId: requestIdOf(res), method: req.method, route, status: res.statusCode, startedAt, durationMs });
    });
    next();
  };
}
